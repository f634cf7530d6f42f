import { readFileSync } from 'node:fs';
import { base64url, importJWK, type JWK, SignJWT } from 'jose';
import { Role } from '../../src/actor/role';
import { DEV_ISSUER_PATH, DevIssuer } from '../../src/auth/dev-issuer';
import { loadConfig } from '../../src/config/load-config';

export interface TokenKit {
  /** A well-formed token of the dev issuer, as the app's own test helper mints it. */
  valid(partyId: string | null, role: Role, subject?: string): Promise<string>;
  /** Tokens that must each be refused with 401: signed by the right key but wrong in one claim, or not signed at all. */
  odd(partyId: string): Promise<Record<string, string>>;
}

/**
 * Mints tokens with the dev issuer's key file — the one a child API process started with the same environment trusts —
 * so the hostile suites need no Nest app of their own just to get tokens.
 */
export async function tokenKit(): Promise<TokenKit> {
  const config = loadConfig();
  const issuer = config.OIDC_ISSUER_URL ?? `${config.PUBLIC_BASE_URL}${DEV_ISSUER_PATH}`;
  const dev = await DevIssuer.load(config.DEV_ISSUER_KEY_FILE, issuer);
  const jwk = JSON.parse(readFileSync(config.DEV_ISSUER_KEY_FILE, 'utf8')) as JWK;
  const key = await importJWK(jwk, 'RS256');
  const now = Math.floor(Date.now() / 1000);
  const claims = (partyId: string, subject = 'hostile-user') => ({
    [config.OIDC_PARTY_CLAIM]: partyId,
    [config.OIDC_ROLES_CLAIM]: [Role.Admin],
    sub: subject,
    iss: issuer,
    aud: config.OIDC_AUDIENCE,
  });
  const signed = (payload: Record<string, unknown>, header: Record<string, unknown> = {}) =>
    new SignJWT(payload).setProtectedHeader({ alg: 'RS256', kid: jwk.kid, ...header }).sign(key);
  const unsigned = (payload: Record<string, unknown>) =>
    `${base64url.encode(JSON.stringify({ alg: 'none', typ: 'JWT' }))}.${base64url.encode(JSON.stringify(payload))}.`;

  return {
    valid: (partyId, role, subject = `hostile-${role}-${Math.random().toString(36).slice(2)}`) =>
      dev.mint({ subject, partyId, roles: [role] }, config.OIDC_AUDIENCE, config.OIDC_PARTY_CLAIM, config.OIDC_ROLES_CLAIM),
    odd: async (partyId) => {
      const base = claims(partyId);
      const live = { iat: now, exp: now + 600 };
      return {
        'no exp': await signed({ ...base, iat: now }),
        'no iat': await signed({ ...base, exp: now + 600 }),
        'future iat': await signed({ ...base, iat: now + 3600, exp: now + 7200 }),
        'future nbf': await signed({ ...base, ...live, nbf: now + 3600 }),
        expired: await signed({ ...base, iat: now - 7200, exp: now - 3600 }),
        'lifetime over the maximum': await signed({ ...base, iat: now, exp: now + config.TOKEN_MAX_LIFETIME_S + 3600 }),
        'NUL in sub': await signed({ ...base, ...live, sub: 'hostile\u0000user' }),
        'NUL in party claim': await signed({ ...base, ...live, [config.OIDC_PARTY_CLAIM]: `${partyId}\u0000` }),
        'no sub': await signed({ ...base, ...live, sub: undefined }),
        'alg none': unsigned({ ...base, ...live }),
        'alg none, SKR admin': unsigned({ ...base, ...live, [config.OIDC_ROLES_CLAIM]: [Role.SkrAdmin] }),
        'wrong audience': await signed({ ...base, ...live, aud: 'another-api' }),
        'wrong issuer': await signed({ ...base, ...live, iss: 'https://evil.example' }),
        'unknown kid': await signed({ ...base, ...live }, { kid: 'not-our-key' }),
        'forged signature': `${(await signed({ ...base, ...live })).slice(0, -8)}AAAAAAAA`,
        'payload swapped': (await signed({ ...base, ...live })).replace(
          /\.[^.]+\./,
          `.${base64url.encode(JSON.stringify({ ...base, ...live, [config.OIDC_ROLES_CLAIM]: [Role.SkrAdmin] }))}.`,
        ),
      };
    },
  };
}
