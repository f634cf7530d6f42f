import { Role } from '../../src/actor/role';
import { fingerprintOf } from '../../src/jira/jira-token-cipher';
import { aParty } from '../factories/party.factory';
import { startTestApp, type TestApp } from '../support/app';
import { ownerDb, truncateAll } from '../support/database';
import { aTokenKey, keyIdOf, storedTokenRowBytes, storeTokenSealedUnder } from '../support/jira-tokens';

const KEY = aTokenKey();
const PREVIOUS_KEY = aTokenKey();
const TOKEN = 'ATATT3xFfGF0rotated-token-2027-abcdef0123456789';
const DAY = 86_400_000;

/** The API token an SKR admin sets (PUT/GET/DELETE /api/v1/jira/token): who may, what is refused, what is stored. */
describe('PUT /api/v1/jira/token (e2e)', () => {
  let t: TestApp;
  let admin: { Authorization: string };
  const adminSubject = 'skr-admin-tokens';
  const saved = { ...process.env };

  beforeAll(async () => {
    Object.assign(process.env, {
      JIRA_TOKEN_ENCRYPTION_KEY: KEY,
      JIRA_TOKEN_ENCRYPTION_KEY_PREVIOUS: PREVIOUS_KEY,
      JIRA_API_TOKEN: 'env-token',
    });
    t = await startTestApp();
  });
  beforeEach(async () => {
    await truncateAll();
    admin = { Authorization: `Bearer ${await t.skrToken(Role.SkrAdmin, adminSubject)}` };
  });
  afterAll(async () => {
    await t.close();
    process.env = saved;
  });

  const audit = async () =>
    (await (
      await ownerDb()
    ).query(
      `SELECT action, actor_user_id, changes::text AS changes FROM audit_entry WHERE entity_type = 'jira_api_token' ORDER BY id`,
    )) as {
      action: string;
      actor_user_id: string;
      changes: string;
    }[];

  it('should store the token sealed for an SKR admin, answer only metadata, and audit the change', async () => {
    const expiresAt = new Date(Date.now() + 10 * DAY).toISOString();
    const response = await t.http.put('/api/v1/jira/token').set(admin).send({ token: TOKEN, expiresAt });
    expect(response.status).toBe(200);
    expect(response.body).toEqual({
      source: 'stored',
      fingerprint: fingerprintOf(TOKEN),
      expiresAt,
      expiresSoon: true,
      problem: null,
      stored: { fingerprint: fingerprintOf(TOKEN), expiresAt, setAt: expect.any(String), setBy: adminSubject, keyId: keyIdOf(KEY) },
    });
    expect(response.text).not.toContain(TOKEN);
    // The row holds ciphertext only: no column, bytea or text, contains the token.
    const bytes = await storedTokenRowBytes();
    expect(bytes.length).toBeGreaterThan(TOKEN.length);
    expect(bytes.includes(TOKEN)).toBe(false);
    expect(bytes.includes(Buffer.from(TOKEN).toString('base64'))).toBe(false);
    expect(await audit()).toEqual([
      { action: 'jira.token_set', actor_user_id: adminSubject, changes: expect.stringContaining(fingerprintOf(TOKEN)) },
    ]);
    expect((await audit())[0].changes).not.toContain(TOKEN);

    expect((await t.http.get('/api/v1/jira/token').set(admin)).body).toEqual(response.body);
    // The stored token's expiry is the one the integration warns about while it is in use.
    const integration = await t.http.get('/api/v1/jira/integration').set(admin);
    expect(integration.body).toMatchObject({ tokenExpiresAt: expiresAt, tokenExpiresSoon: true });
  });

  it('should refuse party admins and SKR users who are not admins, and change nothing', async () => {
    const partyAdmin = await t.partyToken((await aParty()).id, Role.Admin);
    const skr = await t.skrToken(Role.Skr);
    for (const token of [partyAdmin, skr]) {
      const auth = { Authorization: `Bearer ${token}` };
      expect((await t.http.put('/api/v1/jira/token').set(auth).send({ token: TOKEN })).status).toBe(403);
      expect((await t.http.get('/api/v1/jira/token').set(auth)).status).toBe(403);
      expect((await t.http.delete('/api/v1/jira/token').set(auth)).status).toBe(403);
    }
    expect(await (await ownerDb()).query(`SELECT 1 FROM jira_api_token`)).toEqual([]);
    expect(await audit()).toEqual([]);
  });

  it('should answer a bad body with a pointer at the field and store nothing', async () => {
    const cases: [unknown, string][] = [
      [{}, '/token'],
      [{ token: '' }, '/token'],
      [{ token: 'two words' }, '/token'],
      [{ token: `${TOKEN}\n` }, '/token'],
      [{ token: `${TOKEN}\r\nX-Injected: 1` }, '/token'],
      [{ token: 'å'.repeat(10) }, '/token'],
      [{ token: 'x'.repeat(1025) }, '/token'],
      [{ token: 42 }, '/token'],
      [{ token: TOKEN, expiresAt: 'next year' }, '/expiresAt'],
      [{ token: TOKEN, expiresAt: new Date(Date.now() - DAY).toISOString() }, '/expiresAt'],
      [{ token: TOKEN, owner: 'me' }, '/owner'],
    ];
    for (const [body, pointer] of cases) {
      const response = await t.http
        .put('/api/v1/jira/token')
        .set(admin)
        .send(body as object);
      expect({ body, status: response.status }).toEqual({ body, status: 400 });
      expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(response.body.errors.map((e: { pointer: string }) => e.pointer)).toContain(pointer);
      expect(response.text).not.toContain(TOKEN);
    }
    expect(
      (
        await t.http
          .put('/api/v1/jira/token')
          .set(admin)
          .send({ token: 'x'.repeat(1024) })
      ).status,
    ).toBe(200);
  });

  it('should remove the stored token: the environment token is in use again', async () => {
    await t.http.put('/api/v1/jira/token').set(admin).send({ token: TOKEN }).expect(200);
    const removed = await t.http.delete('/api/v1/jira/token').set(admin);
    expect(removed.status).toBe(200);
    expect(removed.body).toMatchObject({ source: 'environment', fingerprint: fingerprintOf('env-token'), stored: null });
    expect(await (await ownerDb()).query(`SELECT 1 FROM jira_api_token`)).toEqual([]);
    expect((await audit()).map((a) => a.action)).toEqual(['jira.token_set', 'jira.token_removed']);
    // Nothing left to remove: the same answer, no second audit line.
    expect((await t.http.delete('/api/v1/jira/token').set(admin)).body).toMatchObject({ source: 'environment' });
    expect(await audit()).toHaveLength(2);
  });

  it('should read a token sealed under the previous key, and seal it again under the current key on the next set', async () => {
    await storeTokenSealedUnder(PREVIOUS_KEY, TOKEN);
    const before = await t.http.get('/api/v1/jira/token').set(admin);
    expect(before.body).toMatchObject({
      source: 'stored',
      fingerprint: fingerprintOf(TOKEN),
      problem: null,
      stored: { keyId: keyIdOf(PREVIOUS_KEY) },
    });

    await t.http.put('/api/v1/jira/token').set(admin).send({ token: TOKEN }).expect(200);
    const [row] = await (await ownerDb()).query(`SELECT key_id FROM jira_api_token`);
    expect(row.key_id).toBe(keyIdOf(KEY));
  });

  it('should say why a token sealed under neither configured key cannot be used, without falling back to another', async () => {
    const unknownKey = aTokenKey();
    await storeTokenSealedUnder(unknownKey, TOKEN);
    const response = await t.http.get('/api/v1/jira/token').set(admin);
    expect(response.body).toMatchObject({ source: 'stored', fingerprint: null, stored: { keyId: keyIdOf(unknownKey) } });
    expect(response.body.problem).toContain(`encrypted under key ${keyIdOf(unknownKey)}, which is neither JIRA_TOKEN_ENCRYPTION_KEY`);
  });

  it('should refuse to store a token while no encryption key is configured', async () => {
    const env = { ...process.env };
    delete process.env.JIRA_TOKEN_ENCRYPTION_KEY;
    delete process.env.JIRA_TOKEN_ENCRYPTION_KEY_PREVIOUS;
    const keyless = await startTestApp();
    process.env = env;
    try {
      const response = await keyless.http.put('/api/v1/jira/token').set(admin).send({ token: TOKEN });
      expect(response.status).toBe(409);
      expect(response.body).toMatchObject({
        code: 'JIRA_TOKEN_KEY_NOT_CONFIGURED',
        detail: expect.stringContaining('JIRA_TOKEN_ENCRYPTION_KEY'),
      });
      expect(await (await ownerDb()).query(`SELECT 1 FROM jira_api_token`)).toEqual([]);
    } finally {
      await keyless.close();
    }
  });
});
