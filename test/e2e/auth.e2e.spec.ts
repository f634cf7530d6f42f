import { exportJWK, generateKeyPair, importJWK, type JWK, type JWTPayload, SignJWT } from 'jose';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Role } from '../../src/actor/role';
import { TokenVerifier } from '../../src/auth/token-verifier';
import { AppConfig } from '../../src/config/app-config';
import { aParty, aUser } from '../factories/party.factory';
import { startTestApp, type TestApp } from '../support/app';
import { ownerDb, truncateAll } from '../support/database';
import { startOidcIssuer, type OidcIssuer } from '../support/oidc-issuer';

async function expect401(t: TestApp, authorization: string | undefined, code: string): Promise<void> {
  const req = t.http.get('/api/v1/parties');
  const response = authorization ? await req.set('Authorization', authorization) : await req;
  expect(response.status).toBe(401);
  expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(response.body).toMatchObject({ status: 401, code });
}

describe('authentication with the dev issuer (e2e)', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
  });
  beforeEach(() => truncateAll());
  afterAll(() => t.close());

  it('should accept a party token and scope the actor to its party', async () => {
    const own = await aParty();
    const other = await aParty();
    const response = await t.http.get('/api/v1/parties').set('Authorization', `Bearer ${await t.partyToken(own.id)}`);
    expect(response.status).toBe(200);
    expect(response.body.map((p: { id: string }) => p.id)).toEqual([own.id]);
    expect(response.text).not.toContain(other.id);
  });

  it('should serve the dev issuer discovery document and JWKS', async () => {
    const discovery = await t.http.get('/dev-issuer/.well-known/openid-configuration');
    expect(discovery.body.jwks_uri).toMatch(/\/dev-issuer\/jwks$/);
    const jwks = await t.http.get('/dev-issuer/jwks');
    expect(jwks.body.keys[0]).toMatchObject({ kty: 'RSA', alg: 'RS256' });
    expect(jwks.body.keys[0].d).toBeUndefined();
  });

  it('should answer every bad-token variant with 401 problem+json', async () => {
    const party = await aParty();
    const good = await t.partyToken(party.id);
    const [header, payload, signature] = good.split('.');
    const { privateKey } = await generateKeyPair('RS256');
    const foreignKeyToken = await new SignJWT({ party_id: party.id, roles: ['reporter'] })
      .setProtectedHeader({ alg: 'RS256', kid: 'avvikelse-dev-1' })
      .setIssuer('http://localhost:3000/dev-issuer')
      .setAudience('avvikelse-api')
      .setSubject('mallory')
      .setExpirationTime('1h')
      .sign(privateKey);
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString());
    const tampered = Buffer.from(JSON.stringify({ ...claims, roles: ['skr'] })).toString('base64url');
    const inactive = await aParty({ active: false });
    const verifier = t.app.get(TokenVerifier).devIssuer!;

    await expect401(t, undefined, 'TOKEN_MISSING');
    await expect401(t, 'Basic dXNlcjpwYXNz', 'TOKEN_MISSING');
    await expect401(t, 'Bearer not-a-jwt', 'TOKEN_MISSING');
    await expect401(t, `Bearer ${header}.${tampered}.${signature}`, 'TOKEN_INVALID');
    await expect401(t, `Bearer ${foreignKeyToken}`, 'TOKEN_INVALID');
    await expect401(t, `Bearer ${header}.${payload}.${'A'.repeat(signature.length)}`, 'TOKEN_INVALID');
    await expect401(
      t,
      `Bearer ${await verifier.mint({ subject: 'x', partyId: party.id, roles: ['reporter'], expiresIn: -120 }, 'avvikelse-api', 'party_id', 'roles')}`,
      'TOKEN_EXPIRED',
    );
    await expect401(
      t,
      `Bearer ${await verifier.mint({ subject: 'x', partyId: party.id, roles: ['reporter'] }, 'another-api', 'party_id', 'roles')}`,
      'TOKEN_INVALID',
    );
    await expect401(t, `Bearer ${await t.partyToken(randomUUID())}`, 'PARTY_UNKNOWN');
    await expect401(t, `Bearer ${await t.partyToken(inactive.id)}`, 'PARTY_INACTIVE');
    await expect401(
      t,
      `Bearer ${await verifier.mint({ subject: 'x', partyId: 'not-a-uuid', roles: ['reporter'] }, 'avvikelse-api', 'party_id', 'roles')}`,
      'PARTY_UNKNOWN',
    );
    // A party token that claims an SKR role gets no role at all: nothing a party can do raises it to SKR.
    await expect401(t, `Bearer ${await t.partyToken(party.id, Role.Skr)}`, 'ROLES_MISSING');
    const noneAlg = `${Buffer.from(JSON.stringify({ alg: 'none' })).toString('base64url')}.${payload}.`;
    await expect401(t, `Bearer ${noneAlg}x`, 'TOKEN_INVALID');
  });

  /** A token signed with the dev issuer's own key, with exactly the claims given (the issuer's `mint` always adds `iat` and `exp`). */
  async function signed(claims: JWTPayload): Promise<string> {
    const config = t.app.get(AppConfig);
    const key = await importJWK(JSON.parse(readFileSync(config.DEV_ISSUER_KEY_FILE, 'utf8')) as JWK, 'RS256');
    return new SignJWT({ roles: ['skr'], ...claims })
      .setProtectedHeader({ alg: 'RS256', kid: 'avvikelse-dev-1' })
      .setIssuer(t.app.get(TokenVerifier).devIssuer!.issuer)
      .setAudience(config.OIDC_AUDIENCE)
      .sign(key);
  }

  it('should refuse a signed token whose subject holds a NUL or another control character as 401, not 500', async () => {
    const now = Math.floor(Date.now() / 1000);
    for (const sub of ['anna\u0000@kommun', 'anna\n@kommun', '\u0000']) {
      await expect401(t, `Bearer ${await signed({ sub, iat: now, exp: now + 600 })}`, 'TOKEN_INVALID');
    }
    expect(await (await ownerDb()).query(`SELECT 1 FROM app_user`)).toEqual([]);
  });

  it('should refuse a token that never expires, lives longer than the configured maximum or is issued in the future', async () => {
    const now = Math.floor(Date.now() / 1000);
    const maxLifetime = t.app.get(AppConfig).TOKEN_MAX_LIFETIME_S;
    await expect401(t, `Bearer ${await signed({ sub: 'skr-forever', iat: now })}`, 'TOKEN_LIFETIME_INVALID');
    await expect401(t, `Bearer ${await signed({ sub: 'skr-no-iat', exp: now + 600 })}`, 'TOKEN_LIFETIME_INVALID');
    await expect401(t, `Bearer ${await signed({ sub: 'skr-long', iat: now, exp: now + maxLifetime + 120 })}`, 'TOKEN_LIFETIME_INVALID');
    await expect401(t, `Bearer ${await signed({ sub: 'skr-future', iat: now + 3600, exp: now + 7200 })}`, 'TOKEN_NOT_YET_VALID');
    await expect401(t, `Bearer ${await signed({ sub: 'skr-nbf', iat: now, nbf: now + 600, exp: now + 1200 })}`, 'TOKEN_NOT_YET_VALID');
    // The issuer's clock may run a little ahead of ours: within TOKEN_CLOCK_SKEW_S (60 s) the token is fine.
    const ahead = await t.http
      .get('/api/v1/parties')
      .set('Authorization', `Bearer ${await signed({ sub: 'skr-ahead', iat: now + 30, exp: now + 3600 })}`);
    expect(ahead.status).toBe(200);
    const longest = await t.http
      .get('/api/v1/parties')
      .set('Authorization', `Bearer ${await signed({ sub: 'skr-longest', iat: now, exp: now + maxLifetime })}`);
    expect(longest.status).toBe(200);
  });

  it('should refuse a deactivated user and use the stored role of a known user', async () => {
    const party = await aParty();
    const reader = await aUser({ partyId: party.id, role: Role.Reader });
    const token = await t.partyToken(party.id, Role.Admin, reader.subject);
    // The token claims admin, but the membership says reader: inviting a user needs admin.
    const response = await t.http
      .post(`/api/v1/parties/${party.id}/invitations`)
      .set('Authorization', `Bearer ${token}`)
      .send({ email: 'ny@kommun.se', name: 'Ny Användare', role: 'reporter' });
    expect(response.status).toBe(403);
    expect(response.body.code).toBe('ROLE_REQUIRED');

    const gone = await aUser({ partyId: party.id, active: false });
    await expect401(t, `Bearer ${await t.partyToken(party.id, Role.Reporter, gone.subject)}`, 'USER_INACTIVE');
  });
});

describe('authentication with a real OIDC provider (e2e)', () => {
  // A resource indicator must be an absolute URI (RFC 8707), so the API's audience is one here.
  const AUDIENCE = 'https://avvikelse.test/api';
  let issuer: OidcIssuer;
  let t: TestApp;
  let partyId: string;
  const saved = { ...process.env };

  beforeAll(async () => {
    await truncateAll();
    partyId = (await aParty()).id;
    // oidc-provider warns about its development defaults (in-memory adapter, generated keys): expected here.
    jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    issuer = await startOidcIssuer(AUDIENCE, [
      { clientId: 'kommun-system', partyId, roles: ['reporter'] },
      { clientId: 'skr-triage', roles: ['skr'] },
      { clientId: 'ghost', partyId: randomUUID(), roles: ['reporter'] },
    ]);
    Object.assign(process.env, { AUTH_MODE: 'oidc', OIDC_ISSUER_URL: issuer.issuer, OIDC_AUDIENCE: AUDIENCE });
    t = await startTestApp();
  });

  afterAll(async () => {
    await t?.close();
    await issuer?.stop();
    process.env = saved;
  });

  it('should accept client_credentials tokens from the provider', async () => {
    const partyResponse = await t.http.get('/api/v1/parties').set('Authorization', `Bearer ${await issuer.token('kommun-system')}`);
    expect(partyResponse.status).toBe(200);
    expect(partyResponse.body.map((p: { id: string }) => p.id)).toEqual([partyId]);
    const skrResponse = await t.http.get('/api/v1/parties').set('Authorization', `Bearer ${await issuer.token('skr-triage')}`);
    expect(skrResponse.status).toBe(200);
  });

  it('should refuse tokens of the provider for an unknown party and tokens of another issuer', async () => {
    await expect401(t, `Bearer ${await issuer.token('ghost')}`, 'PARTY_UNKNOWN');
    const { privateKey, publicKey } = await generateKeyPair('RS256');
    await exportJWK(publicKey);
    const forged = await new SignJWT({ party_id: partyId, roles: ['reporter'] })
      .setProtectedHeader({ alg: 'RS256' })
      .setIssuer(issuer.issuer)
      .setAudience(AUDIENCE)
      .setSubject('kommun-system')
      .setExpirationTime('1h')
      .sign(privateKey);
    await expect401(t, `Bearer ${forged}`, 'TOKEN_INVALID');
  });
});
