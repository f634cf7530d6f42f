// The embedded default's identity provider: a real OpenID Connect provider (oidc-provider) whose login is a page
// where you pick a demo person. The portal runs its real authorization code flow with PKCE against it. Never part of
// the API: `npm start` and the tests start it, and it refuses to start with NODE_ENV=production.
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider, { type KoaContextWithOIDC } from 'oidc-provider';

export interface DemoPerson {
  readonly subject: string;
  readonly name: string;
  readonly email: string;
}

export interface DemoIdentityProviderOptions {
  /** The portal's PUBLIC_BASE_URL: its callback and post-logout addresses are registered from it. */
  readonly portalBaseUrl: string;
  readonly clientId: string;
  readonly people: readonly DemoPerson[];
  readonly nodeEnv: string | undefined;
  readonly port?: number;
  /** The listening address; a container listens on 0.0.0.0. */
  readonly host?: string;
  /** The issuer as browsers and the portal reach it (docker-compose: http://localhost:3100); else this listener's. */
  readonly issuer?: string;
}

export interface DemoIdentityProvider {
  readonly issuer: string;
  stop(): Promise<void>;
}

/** The authentication context classes the demo login can assert: with or without a (pretend) second factor. */
export const DEMO_ACR = { password: 'urn:avvikelse:demo:password', mfa: 'urn:avvikelse:demo:mfa' } as const;

export class DemoProviderRefusedError extends Error {}

export async function startDemoIdentityProvider(options: DemoIdentityProviderOptions): Promise<DemoIdentityProvider> {
  if (options.nodeEnv === 'production') {
    throw new DemoProviderRefusedError(
      'the demo identity provider lets anyone log in as anyone; it does not start with NODE_ENV=production',
    );
  }
  const server: Server = createServer();
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, options.host ?? '127.0.0.1', resolve));
  const issuer = options.issuer ?? `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const people = new Map(options.people.map((person) => [person.subject, person]));
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: options.clientId,
        token_endpoint_auth_method: 'none',
        grant_types: ['authorization_code'],
        response_types: ['code'],
        redirect_uris: [`${options.portalBaseUrl}/login/callback`],
        post_logout_redirect_uris: [`${options.portalBaseUrl}/`],
      },
    ],
    acrValues: [DEMO_ACR.password, DEMO_ACR.mfa],
    claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'] },
    cookies: { keys: [randomBytes(32).toString('base64url')] },
    features: { devInteractions: { enabled: false }, rpInitiatedLogout: { enabled: true } },
    interactions: { url: (_ctx: KoaContextWithOIDC, interaction: { uid: string }) => `/interaction/${interaction.uid}` },
    findAccount: (_ctx: KoaContextWithOIDC, subject: string) => {
      const person = people.get(subject);
      if (!person) return undefined;
      return { accountId: subject, claims: () => ({ sub: subject, name: person.name, email: person.email, email_verified: true }) };
    },
    // A first-party client: the demo skips the consent screen by granting the scopes the portal asks for.
    loadExistingGrant: async (ctx: KoaContextWithOIDC) => {
      const grantId = ctx.oidc.result?.consent?.grantId ?? ctx.oidc.session!.grantIdFor(ctx.oidc.client!.clientId);
      if (grantId) return ctx.oidc.provider.Grant.find(grantId);
      const grant = new ctx.oidc.provider.Grant({ clientId: ctx.oidc.client!.clientId, accountId: ctx.oidc.session!.accountId });
      grant.addOIDCScope('openid email profile');
      await grant.save();
      return grant;
    },
    pkce: { required: () => true },
    ttl: { AuthorizationCode: 60, IdToken: 3600, Interaction: 600, Session: 3600, Grant: 3600 },
  });
  const callback = provider.callback();
  server.on('request', (request: IncomingMessage, response: ServerResponse) => {
    const match = /^\/interaction\/([A-Za-z0-9_-]+)(\/login)?$/.exec(request.url ?? '');
    if (!match) return void callback(request, response);
    void interact(provider, options.people, request, response, Boolean(match[2])).catch((error: unknown) => {
      response.writeHead(400, { 'content-type': 'text/plain; charset=utf-8' }).end(`demo login failed: ${String(error)}`);
    });
  });
  return { issuer, stop: () => new Promise((resolve) => server.close(() => resolve())) };
}

async function interact(
  provider: Provider,
  people: readonly DemoPerson[],
  request: IncomingMessage,
  response: ServerResponse,
  submitted: boolean,
): Promise<void> {
  const details = await provider.interactionDetails(request, response);
  if (!submitted) {
    response
      .writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' })
      .end(pickerPage(details.uid, people));
    return;
  }
  const form = new URLSearchParams(await bodyOf(request));
  const subject = form.get('subject') ?? '';
  if (!people.some((person) => person.subject === subject)) throw new Error('no such demo person');
  const acr = form.get('mfa') === 'on' ? DEMO_ACR.mfa : DEMO_ACR.password;
  await provider.interactionFinished(request, response, { login: { accountId: subject, acr } }, { mergeWithLastSubmission: false });
}

async function bodyOf(request: IncomingMessage): Promise<string> {
  let text = '';
  for await (const chunk of request) {
    text += String(chunk);
    if (text.length > 10_000) throw new Error('form too large');
  }
  return text;
}

const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** The demo login: a person per button. A tool page outside the portal, in Swedish and English side by side. */
function pickerPage(uid: string, people: readonly DemoPerson[]): string {
  const options = people
    .map(
      (person, index) =>
        `<p><input type="radio" name="subject" id="p${index}" value="${escapeHtml(person.subject)}"${index === 0 ? ' checked' : ''}>` +
        ` <label for="p${index}">${escapeHtml(person.name)} (${escapeHtml(person.email)})</label></p>`,
    )
    .join('\n');
  return `<!DOCTYPE html>
<html lang="sv"><head><meta charset="utf-8"><title>Demoinloggning / Demo login</title></head>
<body><main>
<h1>Demoinloggning <span lang="en">/ Demo login</span></h1>
<p>Välj vem du vill logga in som. <span lang="en">Choose whom to log in as.</span></p>
<form method="post" action="/interaction/${escapeHtml(uid)}/login">
<fieldset><legend>Demoperson <span lang="en">/ Demo person</span></legend>
${options}
</fieldset>
<p><input type="checkbox" name="mfa" id="mfa"> <label for="mfa">Med tvåfaktorsinloggning <span lang="en">/ With two-factor login</span></label></p>
<button type="submit">Logga in <span lang="en">/ Log in</span></button>
</form>
</main></body></html>`;
}
