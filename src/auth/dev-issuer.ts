import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { exportJWK, generateKeyPair, importJWK, type JWK, SignJWT } from 'jose';

export const DEV_ISSUER_PATH = '/dev-issuer';
const KID = 'avvikelse-dev-1';

export interface DevTokenClaims {
  subject: string;
  partyId?: string | null;
  roles: string[];
  name?: string;
  email?: string;
  expiresIn?: string | number;
}

/**
 * The built-in issuer for the embedded default and the tests (AUTH_MODE=dev only). Its RS256 key lives in a file so
 * the API, the worker and the `npm run token` CLI agree on it. Tokens are verified like any OIDC issuer's.
 */
export class DevIssuer {
  private constructor(
    readonly issuer: string,
    private readonly privateJwk: JWK,
    readonly publicJwk: JWK,
  ) {}

  static async load(keyFile: string, issuer: string): Promise<DevIssuer> {
    const path = resolve(keyFile);
    if (!existsSync(path)) {
      const { privateKey } = await generateKeyPair('RS256', { extractable: true });
      const jwk = { ...(await exportJWK(privateKey)), kid: KID, alg: 'RS256', use: 'sig' };
      mkdirSync(dirname(path), { recursive: true });
      // `wx` so two processes starting together cannot overwrite each other's fresh key.
      try {
        writeFileSync(path, JSON.stringify(jwk), { flag: 'wx', mode: 0o600 });
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      }
    }
    const privateJwk = JSON.parse(readFileSync(path, 'utf8')) as JWK;
    const { kty, n, e, kid, alg } = privateJwk;
    return new DevIssuer(issuer, privateJwk, { kty, n, e, kid, alg, use: 'sig' });
  }

  jwks(): { keys: JWK[] } {
    return { keys: [this.publicJwk] };
  }

  async mint(claims: DevTokenClaims, audience: string, partyClaim: string, rolesClaim: string): Promise<string> {
    const key = await importJWK(this.privateJwk, 'RS256');
    return new SignJWT({
      [partyClaim]: claims.partyId ?? undefined,
      [rolesClaim]: claims.roles,
      ...(claims.name ? { name: claims.name } : {}),
      ...(claims.email ? { email: claims.email } : {}),
    })
      .setProtectedHeader({ alg: 'RS256', kid: this.publicJwk.kid })
      .setIssuer(this.issuer)
      .setAudience(audience)
      .setSubject(claims.subject)
      .setIssuedAt()
      .setExpirationTime(claims.expiresIn ?? '8h')
      .sign(key);
  }
}
