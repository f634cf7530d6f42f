import { Role } from '../../src/actor/role';
import { loadConfig } from '../../src/config/load-config';
import { aParty } from '../factories/party.factory';
import { startTestApp, type TestApp } from '../support/app';
import { truncateAll } from '../support/database';

const LIMITS = { THROTTLE_READ_LIMIT: '5', THROTTLE_ANONYMOUS_LIMIT: '5' };

function expectThrottled(response: { status: number; headers: Record<string, string>; body: unknown }): void {
  expect(response.status).toBe(429);
  expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(response.headers['retry-after']).toMatch(/^[1-9]\d*$/);
  expect(response.body).toMatchObject({ status: 429, code: 'TOO_MANY_REQUESTS' });
}

describe('read and anonymous throttling across API processes (e2e)', () => {
  let first: TestApp;
  let second: TestApp;

  beforeAll(async () => {
    Object.assign(process.env, LIMITS);
    first = await startTestApp();
    second = await startTestApp({ keepThrottleCounters: true });
  });
  afterAll(async () => {
    for (const key of Object.keys(LIMITS)) delete process.env[key];
    await Promise.all([first.close(), second.close()]);
  });
  beforeEach(() => truncateAll());

  const list = (t: TestApp, token: string) => t.http.get('/api/v1/deviations').set('Authorization', `Bearer ${token}`);

  it('should answer reads over an actor’s limit with 429 problem+json while another party still gets 200', async () => {
    const flooder = await first.partyToken((await aParty()).id, Role.Reporter);
    const other = await first.partyToken((await aParty()).id, Role.Reader);
    for (let i = 0; i < 5; i++) expect((await list(first, flooder)).status).toBe(200);

    expectThrottled(await list(first, flooder));
    expect((await list(first, other)).status).toBe(200);
    // Reads and writes have budgets of their own: the flooder may still report.
    expect((await first.http.post('/api/v1/deviations').set('Authorization', `Bearer ${flooder}`).send({ rubrik: 'x' })).status).toBe(201);
  });

  it('should count one actor’s reads together on two API processes sharing one Redis', async () => {
    const token = await first.partyToken((await aParty()).id, Role.Reader);
    for (let i = 0; i < 3; i++) expect((await list(first, token)).status).toBe(200);
    for (let i = 0; i < 2; i++) expect((await list(second, token)).status).toBe(200);

    expectThrottled(await list(second, token));
    expectThrottled(await list(first, token));
  });

  it('should throttle requests without a valid token per IP, refused tokens included', async () => {
    const token = await first.partyToken((await aParty()).id, Role.Reader);
    const forged = `${token.slice(0, -4)}AAAA`;
    for (let i = 0; i < 3; i++) expect((await list(first, forged)).status).toBe(401);
    expect((await first.http.get('/api/v1/deviations')).status).toBe(401);
    expect((await second.http.get('/health/live')).status).toBe(200);

    expectThrottled(await first.http.get('/api/v1/deviations'));
    expectThrottled(await list(second, forged));
    // The IP's anonymous budget is not the actor's.
    expect((await list(first, token)).status).toBe(200);
  });
});

describe('TRUST_PROXY picks the client IP the throttle counts (e2e)', () => {
  const anonymous = (t: TestApp, forwardedFor: string) => t.http.get('/api/v1/deviations').set('X-Forwarded-For', forwardedFor);

  async function withTrustProxy(value: string, check: (t: TestApp) => Promise<void>): Promise<void> {
    Object.assign(process.env, LIMITS, { TRUST_PROXY: value });
    const t = await startTestApp();
    try {
      await check(t);
    } finally {
      for (const key of [...Object.keys(LIMITS), 'TRUST_PROXY']) delete process.env[key];
      await t.close();
    }
  }

  it('should count by the connecting address when off, whatever X-Forwarded-For claims', () =>
    withTrustProxy('', async (t) => {
      for (let i = 1; i <= 5; i++) expect((await anonymous(t, `203.0.113.${i}`)).status).toBe(401);
      expectThrottled(await anonymous(t, '203.0.113.99'));
    }));

  it('should count by the forwarded client address behind a trusted proxy', () =>
    withTrustProxy('loopback', async (t) => {
      for (let i = 1; i <= 5; i++) expect((await anonymous(t, '203.0.113.7')).status).toBe(401);
      expectThrottled(await anonymous(t, '203.0.113.7'));
      expect((await anonymous(t, '203.0.113.8')).status).toBe(401);
    }));

  it('should refuse at boot a TRUST_PROXY that would believe every hop, or is no address', () => {
    expect(() => loadConfig({ TRUST_PROXY: 'true' })).toThrow(/TRUST_PROXY/);
    expect(() => loadConfig({ TRUST_PROXY: '10.0.0.0/33' })).toThrow(/TRUST_PROXY/);
    expect(loadConfig({ TRUST_PROXY: 'loopback, 10.0.0.0/8, 2001:db8::1' }).TRUST_PROXY).toBeDefined();
  });
});
