import { Role } from '../../src/actor/role';
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
    const response = await t.http
      .post('/api/v1/deviations')
      .set(auth(token))
      .send(aDeviationBody({ tidpunkt: undefined, påverkan: 2, ...overrides }));
    expect(response.status).toBe(201);
    return {
      body: response.body as { id: string; tidpunkt: number; prioritet: string; tidpunktProposed: boolean },
      row: await rowOf(response.body.id),
    };
  };
  const rowOf = async (id: string) => {
    const [row] = await (await ownerDb()).query(`SELECT tidpunkt, prioritet, tidpunkt_proposed FROM deviation WHERE id = $1`, [id]);
    return row as { tidpunkt: number; prioritet: string; tidpunkt_proposed: boolean };
  };

  it.each([
    ['in the critical period', '2026-12-21T09:00:00Z', 1, 'hög'], // Monday 21st, 10:00
    ['later in the critical period', '2026-12-22T13:00:00Z', 1, 'hög'], // Tuesday 22nd, 14:00
    ['five days before it', '2026-12-16T09:00:00Z', 2, 'hög'], // Wednesday 16th: 4 days to the 20th
    ['at other times', '2026-12-08T09:00:00Z', 3, 'medel'], // Tuesday 8th
    ['on a closed Saturday before it, judged at the next opening', '2026-12-19T11:00:00Z', 1, 'hög'], // opens Monday 21st
  ])('should propose the timing %s and take the priority from the matrix', async (_when, at, tidpunkt, prioritet) => {
    clock.at = new Date(at);
    const { body, row } = await reportWithoutTiming(uc);
    expect(body).toMatchObject({ tidpunkt, prioritet, tidpunktProposed: true });
    expect(row).toEqual({ tidpunkt, prioritet, tidpunkt_proposed: true });
  });

  it("should use the party's own agreement: the same moment and impact are kritisk under seed 002's matrix", async () => {
    clock.at = new Date('2026-12-21T09:00:00Z');
    expect((await reportWithoutTiming(uc)).row).toEqual({ tidpunkt: 1, prioritet: 'hög', tidpunkt_proposed: true });
    expect((await reportWithoutTiming(lefi)).row).toEqual({ tidpunkt: 1, prioritet: 'kritisk', tidpunkt_proposed: true });
  });

  it("should keep the reporter's own timing, not marked as proposed", async () => {
    clock.at = new Date('2026-12-22T13:00:00Z');
    const given = await t.http
      .post('/api/v1/deviations')
      .set(auth(uc))
      .send(aDeviationBody({ tidpunkt: 3, påverkan: 2 }));
    expect(given.status).toBe(201);
    expect(given.body).toMatchObject({ tidpunkt: 3, prioritet: 'medel', tidpunktProposed: false });
    expect(await rowOf(given.body.id)).toEqual({ tidpunkt: 3, prioritet: 'medel', tidpunkt_proposed: false });
  });

  it('should let a PATCH correct a proposed timing, and count one that repeats it as confirmed', async () => {
    clock.at = new Date('2026-12-22T13:00:00Z');
    const patch = async (id: string, body: Record<string, unknown>) => {
      const read = await t.http.get(`/api/v1/deviations/${id}`).set(auth(uc));
      return t.http.patch(`/api/v1/deviations/${id}`).set(auth(uc)).set('If-Match', read.headers.etag).send(body);
    };
    const corrected = (await reportWithoutTiming(uc)).body;
    const untouched = await patch(corrected.id, { påverkan: 1 });
    expect(untouched.body).toMatchObject({ tidpunkt: 1, prioritet: 'kritisk', tidpunktProposed: true });
    const response = await patch(corrected.id, { tidpunkt: 3 });
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ tidpunkt: 3, prioritet: 'medel', tidpunktProposed: false });
    expect(await rowOf(corrected.id)).toEqual({ tidpunkt: 3, prioritet: 'medel', tidpunkt_proposed: false });

    const confirmed = (await reportWithoutTiming(uc)).body;
    const response2 = await patch(confirmed.id, { tidpunkt: 1 });
    expect(response2.status).toBe(200);
    expect(response2.body).toMatchObject({ tidpunkt: 1, prioritet: 'hög', tidpunktProposed: false, version: 2 });
    expect(await rowOf(confirmed.id)).toEqual({ tidpunkt: 1, prioritet: 'hög', tidpunkt_proposed: false });
  });

  it('should follow a binding changed behind its back (another API instance): the next report uses the new matrix, once', async () => {
    clock.at = new Date('2026-12-21T09:00:00Z');
    const partyId = (await (await ownerDb()).query(`SELECT id FROM party WHERE agreement_code = 'UC_SSBTEK_2024'`))[0].id as string;
    expect((await reportWithoutTiming(uc)).row).toEqual({ tidpunkt: 1, prioritet: 'hög', tidpunkt_proposed: true });
    await (await ownerDb()).query(`UPDATE party SET agreement_code = 'SLA_LEFI_ONLINE_2017' WHERE id = $1`, [partyId]);
    const { body, row } = await reportWithoutTiming(uc);
    expect(row).toEqual({ tidpunkt: 1, prioritet: 'kritisk', tidpunkt_proposed: true });
    // The attempt made with the stale binding was rolled back: two deviations, two audit lines, the second kritisk.
    const rows = await (
      await ownerDb()
    ).query(
      `SELECT d.id, d.prioritet, (SELECT count(*)::int FROM audit_entry a WHERE a.entity_id = d.id::text AND a.action = 'deviation.created') AS audited
         FROM deviation d WHERE d.party_id = $1 ORDER BY d.created_at`,
      [partyId],
    );
    expect(rows).toEqual([expect.objectContaining({ prioritet: 'hög', audited: 1 }), { id: body.id, prioritet: 'kritisk', audited: 1 }]);
  });

  it('should answer the proposal for the party, with the reason and the agreement asked', async () => {
    clock.at = new Date('2026-12-16T09:00:00Z');
    const response = await t.http.get('/api/v1/deviations/timing-proposal').set(auth(lefi));
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ tidpunkt: 2, skäl: 'nära_kritisk_period', avtal: 'SLA_LEFI_ONLINE_2017' });
  });

  it("should judge by each party's own opening hours: LEFI support is closed at 16:30 on a Friday, the UC's is not", async () => {
    clock.at = new Date('2026-12-18T15:30:00Z'); // Friday 18th, 16:30: the UC judges it today, LEFI on Monday the 21st
    const proposal = async (token: string) => (await t.http.get('/api/v1/deviations/timing-proposal').set(auth(token))).body as unknown;
    expect(await proposal(uc)).toEqual({ tidpunkt: 2, skäl: 'nära_kritisk_period', avtal: 'UC_SSBTEK_2024' });
    expect(await proposal(lefi)).toEqual({ tidpunkt: 1, skäl: 'kritisk_period', avtal: 'SLA_LEFI_ONLINE_2017' });
    expect((await reportWithoutTiming(uc)).row).toEqual({ tidpunkt: 2, prioritet: 'hög', tidpunkt_proposed: true });
    expect((await reportWithoutTiming(lefi)).row).toEqual({ tidpunkt: 1, prioritet: 'kritisk', tidpunkt_proposed: true });
  });

  it('should answer a request without a valid token with problem+json', async () => {
    for (const request of [
      t.http.get('/api/v1/deviations/timing-proposal'),
      t.http.get('/api/v1/deviations/timing-proposal').set('Authorization', 'Bearer not-a-token'),
    ]) {
      const response = await request;
      expect(response.status).toBe(401);
      expect(response.headers['content-type']).toContain('application/problem+json');
      expect(response.body).toMatchObject({ status: 401, code: expect.any(String) });
    }
  });
});
