import { randomUUID } from 'node:crypto';
import { Role } from '../../src/actor/role';
import { PartyKind } from '../../src/parties/party.entity';
import { aDeviationBody, aSolvedDeviationReportedBack } from '../factories/deviation.factory';
import { aDriftleverantör, aParty } from '../factories/party.factory';
import { startTestApp, type TestApp } from '../support/app';
import { MutableClock } from '../support/clock';
import { ownerDb, truncateAll } from '../support/database';

const MINUTE = 60_000;

/**
 * Agreements follow the obligation (issue 20), with expectations computed by hand in Stockholm time (UTC+1 in
 * November 2026; Monday 2 November). UC: Mon–Fri 08–17; Transportstyrelsen's UC: Mon–Fri 08:00–16:30 (§4.2.1);
 * LEFI Online: Mon–Thu 07–18, Fri 07–16 (002 §2.2).
 */
describe('SLA by the responsible party agreement (e2e)', () => {
  const clock = new MutableClock(new Date('2026-11-02T15:00:00Z'));
  let t: TestApp;
  let kommun: string;
  let skr: string;
  let skrAdmin: string;
  const auth = (token: string) => ({ Authorization: `Bearer ${token}` });

  beforeAll(async () => {
    t = await startTestApp({ clock });
  });
  beforeEach(async () => {
    await truncateAll();
    kommun = (await aParty({ name: 'Aby kommun' })).id;
    skr = await t.skrToken(Role.Skr);
    skrAdmin = await t.skrToken(Role.SkrAdmin);
  });
  afterAll(() => t.close());

  async function reportAndSubmit(body: Record<string, unknown>): Promise<{ id: string; token: string }> {
    const token = await t.partyToken(kommun, Role.Reporter);
    const created = await t.http.post('/api/v1/deviations').set(auth(token)).send(aDeviationBody(body));
    expect(created.status).toBe(201);
    await t.http.post(`/api/v1/deviations/${created.body.id}/submit`).set(auth(token)).expect(200);
    return { id: created.body.id, token };
  }

  it("should time a municipality's deviation against Transportstyrelsen by Transportstyrelsen's hours, re-timed from receipt", async () => {
    const transportstyrelsen = (await aParty({ name: 'Transportstyrelsen', kind: PartyKind.Uppgiftslämnare })).id;
    await t.http
      .put(`/api/v1/parties/${transportstyrelsen}/agreement`)
      .set(auth(skrAdmin))
      .send({ agreementCode: 'UC_SSBTEK_2024_TRANSPORTSTYRELSEN' })
      .expect(200);
    // Received Mon 16:00; påverkan 2 × tidpunkt 2 = hög in the UC: Responstid 60 business minutes.
    clock.at = new Date('2026-11-02T15:00:00Z');
    const { id, token } = await reportAndSubmit({ påverkan: 2, tidpunkt: 2, bastjänst: 'transportstyrelsen' });
    clock.at = new Date('2026-11-02T16:45:00Z'); // Mon 17:45, everyone closed

    // Before triage the reporter's agreement (the UC): 16:00–17:00 = 60 min, all of it, due Mon 17:00.
    const before = await t.http.get(`/api/v1/deviations/${id}/sla`).set(auth(token)).expect(200);
    expect(before.body).toMatchObject({ agreement: { code: 'UC_SSBTEK_2024' }, prioritet: 'hög' });
    expect(before.body.response).toMatchObject({ elapsedMs: 60 * MINUTE, dueAt: '2026-11-02T16:00:00.000Z' });

    await t.http
      .post(`/api/v1/deviations/${id}/responsible-party`)
      .set(auth(skr))
      .send({ responsiblePartyId: transportstyrelsen })
      .expect(200);
    // Transportstyrelsen closes at 16:30: 30 min on Monday, the other 30 on Tuesday 08:00–08:30. Still running.
    const after = await t.http.get(`/api/v1/deviations/${id}/sla`).set(auth(token)).expect(200);
    expect(after.body).toMatchObject({ agreement: { code: 'UC_SSBTEK_2024_TRANSPORTSTYRELSEN' }, prioritet: 'hög' });
    expect(after.body.response).toMatchObject({ elapsedMs: 30 * MINUTE, dueAt: '2026-11-03T07:30:00.000Z', state: 'running' });
    // The month's KPIs count it for the party that owes the support; by reporter as the second view.
    const received = async (view: string) =>
      Object.fromEntries(
        (
          (await t.http.get(`/api/v1/reports/kpi?month=2026-11&view=${view}`).set(auth(skr)).expect(200)).body as {
            partyId: string;
            received: { total: number };
          }[]
        ).map((r) => [r.partyId, r.received.total]),
      );
    expect(await received('ansvarig')).toEqual({ [transportstyrelsen]: 1, [kommun]: 0 });
    expect(await received('rapporterad')).toEqual({ [transportstyrelsen]: 0, [kommun]: 1 });
    // The responsible party reads the same clock.
    const theirs = await t.http.get(`/api/v1/deviations/${id}/sla`).set(auth(await t.partyToken(transportstyrelsen, Role.Reader)));
    expect(theirs.body.response.dueAt).toBe('2026-11-03T07:30:00.000Z');
  });

  it('should time one against LEFI Online by the LEFI agreement and matrix, not Försäkringskassan default', async () => {
    const fk = (await aParty({ name: 'Försäkringskassan', kind: PartyKind.Driftleverantör })).id;
    await t.http
      .put(`/api/v1/parties/${fk}/agreements/lefi_online`)
      .set(auth(skrAdmin))
      .send({ agreementCode: 'SLA_LEFI_ONLINE_2017' })
      .expect(200);
    // Tue 3 Nov 07:30: the UC opens at 08:00, LEFI's KC Partner at 07:00. Påverkan 1 × tidpunkt 2 is hög in the UC,
    // kritisk in LEFI (Bilaga 1: Stor påverkan, Hög brådska).
    clock.at = new Date('2026-11-03T06:30:00Z');
    const { id, token } = await reportAndSubmit({ påverkan: 1, tidpunkt: 2, bastjänst: 'lefi_online' });
    const reported = await t.http.get(`/api/v1/deviations/${id}`).set(auth(token));
    expect(reported.body.prioritet).toBe('hög');

    const assigned = await t.http.post(`/api/v1/deviations/${id}/responsible-party`).set(auth(skr)).send({ responsiblePartyId: fk });
    expect(assigned.body.prioritet).toBe('kritisk');
    const db = await ownerDb();
    expect(await db.query(`SELECT prioritet FROM deviation WHERE id = $1`, [id])).toEqual([{ prioritet: 'kritisk' }]);

    clock.at = new Date('2026-11-03T06:35:00Z'); // 07:35
    const sla = await t.http.get(`/api/v1/deviations/${id}/sla`).set(auth(token)).expect(200);
    // Kritisk in LEFI: Responstid 10 business minutes from 07:30 → due 07:40; Åtgärdstid 3 business hours → 10:30.
    expect(sla.body).toMatchObject({ agreement: { code: 'SLA_LEFI_ONLINE_2017' }, prioritet: 'kritisk' });
    expect(sla.body.response).toMatchObject({ targetMs: 10 * MINUTE, elapsedMs: 5 * MINUTE, dueAt: '2026-11-03T06:40:00.000Z' });
    expect(sla.body.resolution).toMatchObject({ targetMs: 180 * MINUTE, dueAt: '2026-11-03T09:30:00.000Z' });

    // A deviation for another bastjänst, same responsible party: Försäkringskassan's default, the UC.
    const other = await reportAndSubmit({ påverkan: 1, tidpunkt: 2, bastjänst: 'csn' });
    await t.http.post(`/api/v1/deviations/${other.id}/responsible-party`).set(auth(skr)).send({ responsiblePartyId: fk }).expect(200);
    const uc = await t.http.get(`/api/v1/deviations/${other.id}/sla`).set(auth(token)).expect(200);
    expect(uc.body).toMatchObject({ agreement: { code: 'UC_SSBTEK_2024' }, prioritet: 'hög' });
  });

  it('should show the reporter, the responsible party and SKR the same clocks, stopped by the report back to the reporter', async () => {
    // Each side's row-level security hides the other side's "lösning satt" notice; the clock must not depend on it.
    const leverantör = (await aDriftleverantör()).id;
    const { id } = await aSolvedDeviationReportedBack(kommun, leverantör);
    clock.at = new Date('2026-11-05T12:00:00Z');
    const clocksAs = async (token: string) =>
      (await t.http.get(`/api/v1/deviations/${id}/sla`).set(auth(token)).expect(200)).body as object;

    const reporters = await clocksAs(await t.partyToken(kommun, Role.Reader));
    expect(reporters).toMatchObject({
      agreement: { code: 'UC_SSBTEK_2024' },
      prioritet: 'kritisk',
      response: { elapsedMs: 20 * MINUTE, stoppedAt: '2026-11-02T08:20:00.000Z', state: 'met' },
      resolution: {
        elapsedMs: 180 * MINUTE,
        stoppedAt: '2026-11-02T11:00:00.000Z',
        stoppedBy: 'notification',
        state: 'met',
        percentUsed: 37.5,
      },
    });
    const leverantörsToken = await t.partyToken(leverantör, Role.Reader);
    expect(await clocksAs(leverantörsToken)).toEqual(reporters);
    expect(await clocksAs(skr)).toEqual(reporters);
    // The month's KPIs, read by the responsible party for itself and by SKR for everyone, count the same 3 hours.
    const kpiOf = async (token: string) =>
      ((await t.http.get('/api/v1/reports/kpi?month=2026-11').set(auth(token)).expect(200)).body as { partyId: string }[]).find(
        (row) => row.partyId === leverantör,
      );
    const skrsRow = await kpiOf(skr);
    expect(skrsRow).toMatchObject({ solved: { total: 1, withinTarget: 1 }, resolutionTime: { count: 1, medianHours: 3 } });
    expect(await kpiOf(leverantörsToken)).toEqual(skrsRow);
  });

  it('should stop Responstid at under_utredning, not at mottagen', async () => {
    // Received Mon 2 Nov 09:00, mottagen 09:10, under_utredning 10:30: hög, 60 business minutes; 90 used, breached.
    const id = randomUUID();
    const db = await ownerDb();
    await db.query(
      `INSERT INTO deviation (id, key, party_id, reporter_user_id, status, rubrik, prioritet, submitted_at, kontaktpersoner, version)
       VALUES ($1, 'AVV-2026-90001', $2, 'anna@kommun', 'under_utredning', 'Svarstider', 'hög', '2026-11-02T08:00:00Z', '[]', 1)`,
      [id, kommun],
    );
    for (const [at, from, to] of [
      ['2026-11-02T08:00:00Z', 'utkast', 'inskickad'],
      ['2026-11-02T08:10:00Z', 'inskickad', 'mottagen'],
      ['2026-11-02T09:30:00Z', 'mottagen', 'under_utredning'],
    ]) {
      await db.query(
        `INSERT INTO audit_entry (occurred_at, actor_user_id, action, entity_type, entity_id, party_id, changes)
         VALUES ($1, 'skr@skr', 'deviation.status_set', 'deviation', $2, $3, $4::jsonb)`,
        [at, id, kommun, JSON.stringify({ status: { from, to } })],
      );
    }
    clock.at = new Date('2026-11-02T12:00:00Z');
    const sla = await t.http
      .get(`/api/v1/deviations/${id}/sla`)
      .set(auth(await t.partyToken(kommun, Role.Reader)))
      .expect(200);
    expect(sla.body.response).toMatchObject({ elapsedMs: 90 * MINUTE, stoppedAt: '2026-11-02T09:30:00.000Z', state: 'breached' });
  });
});
