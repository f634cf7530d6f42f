import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider from 'oidc-provider';

export interface OidcIssuer {
  issuer: string;
  /** A client_credentials access token (RS256 JWT) carrying the given party and roles claims. */
  token(clientId: string): Promise<string>;
  stop(): Promise<void>;
}

export interface OidcClientSpec {
  clientId: string;
  partyId?: string;
  roles: string[];
}

/**
 * A real OpenID Connect provider (oidc-provider) on loopback, issuing client_credentials tokens for our API as a
 * resource server. It proves the production verification path: discovery, remote JWKS, iss/aud/exp.
 */
export async function startOidcIssuer(audience: string, clients: OidcClientSpec[]): Promise<OidcIssuer> {
  const server: Server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const byId = new Map(clients.map((client) => [client.clientId, client]));
  const provider = new Provider(issuer, {
    clients: clients.map((client) => ({
      client_id: client.clientId,
      client_secret: `${client.clientId}-secret`,
      grant_types: ['client_credentials'],
      redirect_uris: [],
      response_types: [],
    })),
    features: {
      clientCredentials: { enabled: true },
      resourceIndicators: {
        enabled: true,
        defaultResource: () => audience,
        useGrantedResource: () => true,
        getResourceServerInfo: () => ({ scope: 'api', audience, accessTokenFormat: 'jwt', jwt: { sign: { alg: 'RS256' } } }),
      },
    },
    ttl: { ClientCredentials: 600 },
    extraTokenClaims: (_ctx, token) => {
      const spec = byId.get((token as { clientId?: string }).clientId ?? '');
      return spec ? { party_id: spec.partyId, roles: spec.roles } : {};
    },
  });
  server.on('request', provider.callback());
  return {
    issuer,
    token: async (clientId) => {
      const response = await fetch(`${issuer}/token`, {
        method: 'POST',
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          authorization: `Basic ${Buffer.from(`${clientId}:${clientId}-secret`).toString('base64')}`,
        },
        body: new URLSearchParams({ grant_type: 'client_credentials', scope: 'api', resource: audience }),
      });
      const body = (await response.json()) as { access_token?: string; error?: string };
      if (!body.access_token) throw new Error(`oidc-provider refused: ${JSON.stringify(body)}`);
      return body.access_token;
    },
    stop: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
