import { Role } from '../../src/auth/role';
import { aDeviationBody } from '../factories/deviation.factory';
import { aParty } from '../factories/party.factory';
import { startTestApp, type TestApp } from '../support/app';
import { MutableClock } from '../support/clock';
import { ownerDb, truncateAll } from '../support/database';

/**
 * Issue 9: the timing (tidpunkt) of a new deviation is proposed from the calendar of the party's agreement —
 * critical period (from the 20th) → 1, the five days before it → 2, else 3 — the reporter may give or correct it,
 * and the priority follows the agreement's matrix. Dates in December 2026, Stockholm time (UTC+1).
 */
describe('timing proposed from the calendar (e2e)', () => {
  const clock = new MutableClock();
  let t: TestApp;
  let uc: string;
  let lefi: string;

  beforeAll(async () => {
    t = await startTestApp({ clock });
  });
  beforeEach(async () => {
    await truncateAll();
    uc = await t.partyToken((await aParty()).id, Role.Reporter);
    lefi = await t.partyToken((await aParty({ agreementCode: 'SLA_LEFI_ONLINE_2017' })).id, Role.Reporter);
  });
  afterAll(() => t.close());

  const auth = (token: string) => ({ Authorization: `Bearer ${token}` });
  const reportWithoutTiming = async (token: string, overrides: Record<string, unknown> = {}) => {
    const response = await t.http.post('/api/v1/deviations').set(auth(token)).send(aDeviationBody({ tidpunkt: undefined, påverkan: 2, ...overrides }));
    expect(response.status).toBe(201);
    const [row] = await (await ownerDb()).query(`SELECT tidpunkt, prioritet FROM deviation WHERE id = $1`, [response.body.id]);
    return { body: response.body as { tidpunkt: number; prioritet: string }, row: row as { tidpunkt: number; prioritet: string } };
  };

  it.each([
    ['in the critical period', '2026-12-21T09:00:00Z', 1, 'hög'], // Monday 21st, 10:00
    ['five days before it', '2026-12-16T09:00:00Z', 2, 'hög'], // Wednesday 16th: 4 days to the 20th
    ['at other times', '2026-12-08T09:00:00Z', 3, 'medel'], // Tuesday 8th
    ['on a closed Saturday before it, judged at the next opening', '2026-12-19T11:00:00Z', 1, 'hög'], // opens Monday 21st
  ])('should propose the timing %s and take the priority from the matrix', async (_when, at, tidpunkt, prioritet) => {
    clock.at = new Date(at);
    const { body, row } = await reportWithoutTiming(uc);
    expect(body).toMatchObject({ tidpunkt, prioritet });
    expect(row).toEqual({ tidpunkt, prioritet });
  });

  it("should use the party's own agreement: the same moment and impact are kritisk under seed 002's matrix", async () => {
    clock.at = new Date('2026-12-21T09:00:00Z');
    expect((await reportWithoutTiming(uc)).row).toEqual({ tidpunkt: 1, prioritet: 'hög' });
    expect((await reportWithoutTiming(lefi)).row).toEqual({ tidpunkt: 1, prioritet: 'kritisk' });
  });

  it("should keep the reporter's own timing, and let a PATCH correct a proposed one", async () => {
    clock.at = new Date('2026-12-21T09:00:00Z');
    const given = await t.http.post('/api/v1/deviations').set(auth(uc)).send(aDeviationBody({ tidpunkt: 3, påverkan: 2 }));
    expect(given.body).toMatchObject({ tidpunkt: 3, prioritet: 'medel' });
    const { body } = await reportWithoutTiming(uc);
    const read = await t.http.get(`/api/v1/deviations/${(body as unknown as { id: string }).id}`).set(auth(uc));
    const corrected = await t.http
      .patch(`/api/v1/deviations/${read.body.id}`)
      .set(auth(uc))
      .set('If-Match', read.headers.etag)
      .send({ tidpunkt: 3 });
    expect(corrected.status).toBe(200);
    expect(corrected.body).toMatchObject({ tidpunkt: 3, prioritet: 'medel' });
    const [row] = await (await ownerDb()).query(`SELECT tidpunkt, prioritet FROM deviation WHERE id = $1`, [read.body.id]);
    expect(row).toEqual({ tidpunkt: 3, prioritet: 'medel' });
  });

  it('should answer the proposal for the party, with the reason and the agreement asked', async () => {
    clock.at = new Date('2026-12-16T09:00:00Z');
    const response = await t.http.get('/api/v1/deviations/timing-proposal').set(auth(lefi));
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ tidpunkt: 2, skäl: 'nära_kritisk_period', avtal: 'SLA_LEFI_ONLINE_2017' });
    const anonymous = await t.http.get('/api/v1/deviations/timing-proposal');
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers['content-type']).toContain('application/problem+json');
  });
});
