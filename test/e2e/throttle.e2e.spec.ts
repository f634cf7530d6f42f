import { Role } from '../../src/actor/role';
import { aParty } from '../factories/party.factory';
import { startTestApp, type TestApp } from '../support/app';
import { ownerDb, truncateAll } from '../support/database';

describe('write throttling (e2e)', () => {
  let t: TestApp;

  beforeAll(async () => {
    process.env.THROTTLE_WRITE_LIMIT = '3';
    t = await startTestApp();
  });
  afterAll(async () => {
    delete process.env.THROTTLE_WRITE_LIMIT;
    await t.close();
  });

  it('should answer the write over the limit with 429 problem+json and Retry-After, per actor, and write nothing', async () => {
    await truncateAll();
    const partyId = (await aParty()).id;
    const anna = await t.partyToken(partyId, Role.Reporter, 'anna');
    const bertil = await t.partyToken(partyId, Role.Reporter, 'bertil');
    const post = (token: string) => t.http.post('/api/v1/deviations').set('Authorization', `Bearer ${token}`).send({ rubrik: 'Test' });
    for (let i = 0; i < 3; i++) expect((await post(anna)).status).toBe(201);
    const refused = await post(anna);
    expect(refused.status).toBe(429);
    expect(refused.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(refused.headers['retry-after']).toMatch(/^\d+$/);
    expect(refused.body).toMatchObject({ status: 429, code: 'TOO_MANY_REQUESTS' });
    // Another actor has a budget of its own, and reads are not throttled.
    expect((await post(bertil)).status).toBe(201);
    expect((await t.http.get('/api/v1/deviations').set('Authorization', `Bearer ${anna}`)).status).toBe(200);
    const [row] = await (await ownerDb()).query(`SELECT count(*)::int AS n FROM deviation`);
    expect(row.n).toBe(4);
  });
});
