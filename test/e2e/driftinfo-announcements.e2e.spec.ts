import { Role } from '../../src/actor/role';
import { PartyKind } from '../../src/parties/party.entity';
import { aDeviationBody } from '../factories/deviation.factory';
import { aParty } from '../factories/party.factory';
import { startTestApp, type TestApp } from '../support/app';
import { ownerDb, truncateAll } from '../support/database';

const DAY = 86_400_000;
const BASE = '/api/v1/driftinfo/announcements';

describe('driftinfo announcements: who may publish, notice, versions, links (e2e)', () => {
  let t: TestApp;
  let skr: string;
  let csn: string;
  let fk: string;
  let kommun: string;
  const auth = (token: string) => ({ Authorization: `Bearer ${token}` });
  const outage = (overrides: Record<string, unknown> = {}) => ({
    typ: 'driftstorning',
    bastjänster: ['csn'],
    rubrik: 'CSN svarar inte',
    påverkan: 'Uppgifter från CSN saknas i svaren.',
    start: new Date(Date.now() - 30 * 60_000).toISOString(),
    orsak: 'Trasig lastbalanserare',
    ...overrides,
  });
  const window = (noticeDays: number, overrides: Record<string, unknown> = {}) => ({
    typ: 'planerad_andring',
    bastjänster: ['csn'],
    rubrik: 'Servicefönster CSN',
    påverkan: 'CSN svarar inte under fönstret.',
    start: new Date(Date.now() + noticeDays * DAY).toISOString(),
    förväntatSlut: new Date(Date.now() + noticeDays * DAY + 3 * 3_600_000).toISOString(),
    ...overrides,
  });

  beforeAll(async () => {
    t = await startTestApp();
  });
  beforeEach(async () => {
    await truncateAll();
    const db = await ownerDb();
    const csnParty = await aParty({ name: 'CSN', kind: PartyKind.Uppgiftslämnare });
    const fkParty = await aParty({
      name: 'Försäkringskassan',
      kind: PartyKind.Driftleverantör,
      additionalKinds: [PartyKind.Uppgiftslämnare],
    });
    await db.query(`INSERT INTO party_agreement (party_id, bastjanst, agreement_code) VALUES ($1, 'csn', 'UC_SSBTEK_2024')`, [csnParty.id]);
    csn = await t.partyToken(csnParty.id, Role.Reporter);
    fk = await t.partyToken(fkParty.id, Role.Reporter);
    kommun = await t.partyToken((await aParty({ name: 'Aby kommun' })).id, Role.Reporter);
    skr = await t.skrToken(Role.Skr);
  });
  afterAll(() => t.close());

  it('should let SKR, the Driftleverantör for the central component and an Uppgiftslämnare for its own bastjänst publish', async () => {
    const bySkr = await t.http
      .post(BASE)
      .set(auth(skr))
      .send(outage({ bastjänster: ['skatteverket'] }));
    expect(bySkr.status).toBe(201);
    expect(bySkr.headers.etag).toBe('W/"1"');
    const byFk = await t.http
      .post(BASE)
      .set(auth(fk))
      .send(outage({ bastjänster: [], centralKomponent: true }));
    expect(byFk.status).toBe(201);
    const byCsn = await t.http.post(BASE).set(auth(csn)).send(outage());
    expect(byCsn.status).toBe(201);
    expect(byCsn.body).toMatchObject({ typ: 'driftstorning', status: 'pagaende', bastjänster: ['csn'], orsak: 'Trasig lastbalanserare' });
    const rows = (await (await ownerDb()).query(`SELECT count(*)::int AS n FROM drift_announcement_version`)) as { n: number }[];
    expect(rows[0].n).toBe(3);
  });

  it('should refuse an Uppgiftslämnare for another bastjänst or the central component, and a kommun for anything (403)', async () => {
    const other = await t.http
      .post(BASE)
      .set(auth(csn))
      .send(outage({ bastjänster: ['csn', 'skatteverket'] }));
    expect(other.status).toBe(403);
    expect(other.body).toMatchObject({ code: 'DRIFT_NOT_OWNER', errors: [{ pointer: '/bastjänster/1' }] });
    const central = await t.http
      .post(BASE)
      .set(auth(csn))
      .send(outage({ centralKomponent: true }));
    expect(central.body).toMatchObject({ status: 403, errors: [{ pointer: '/centralKomponent' }] });
    expect((await t.http.post(BASE).set(auth(kommun)).send(outage())).status).toBe(403);
    const rows = (await (await ownerDb()).query(`SELECT count(*)::int AS n FROM drift_announcement`)) as { n: number }[];
    expect(rows[0].n).toBe(0);
  });

  it("should refuse a change to another party's announcement (403) and to one that does not exist (404)", async () => {
    const created = await t.http.post(BASE).set(auth(skr)).send(outage());
    const byCsn = await t.http.patch(`${BASE}/${created.body.id}`).set(auth(csn)).set('If-Match', 'W/"1"').send({ påverkan: 'Nytt' });
    expect(byCsn.body).toMatchObject({ status: 403, code: 'DRIFT_NOT_OWNER' });
    const missing = await t.http
      .patch(`${BASE}/00000000-0000-4000-8000-000000000000`)
      .set(auth(skr))
      .set('If-Match', '1')
      .send({ påverkan: 'Nytt' });
    expect(missing.body).toMatchObject({ status: 404, code: 'DRIFT_ANNOUNCEMENT_NOT_FOUND' });
  });

  it('should refuse a window with three weeks notice (422 at /start) unless flagged as an exception with a reason', async () => {
    const refused = await t.http.post(BASE).set(auth(csn)).send(window(21));
    expect(refused.status).toBe(422);
    expect(refused.body).toMatchObject({ code: 'DRIFT_NOTICE_TOO_SHORT', errors: [{ pointer: '/start' }] });
    expect((await t.http.post(BASE).set(auth(csn)).send(window(29))).status).toBe(201);
    expect(
      (
        await t.http
          .post(BASE)
          .set(auth(csn))
          .send(window(21, { release: true }))
      ).status,
    ).toBe(201);
    const flagged = await t.http
      .post(BASE)
      .set(auth(csn))
      .send(window(21, { undantagMotivering: 'Akut säkerhetsuppdatering' }));
    expect(flagged.status).toBe(201);
    expect(flagged.body).toMatchObject({ status: 'planerad', undantagMotivering: 'Akut säkerhetsuppdatering' });
  });

  it('should ask two months of a LEFI content change', async () => {
    const db = await ownerDb();
    const fkRows = (await db.query(`SELECT id FROM party WHERE name = 'Försäkringskassan'`)) as { id: string }[];
    await db.query(`INSERT INTO party_agreement (party_id, bastjanst, agreement_code) VALUES ($1, 'lefi_online', 'SLA_LEFI_ONLINE_2017')`, [
      fkRows[0].id,
    ]);
    const body = window(40, { bastjänster: ['lefi_online'], innehållsändring: true });
    expect((await t.http.post(BASE).set(auth(fk)).send(body)).status).toBe(422);
    expect(
      (
        await t.http
          .post(BASE)
          .set(auth(fk))
          .send({ ...body, innehållsändring: false })
      ).status,
    ).toBe(201);
  });

  it('should version every update, refuse a stale If-Match (412) and close on resolve', async () => {
    const created = await t.http.post(BASE).set(auth(csn)).send(outage());
    const id = created.body.id as string;
    const updated = await t.http.patch(`${BASE}/${id}`).set(auth(csn)).set('If-Match', 'W/"1"').send({ meddelande: 'Felsökning pågår.' });
    expect(updated.status).toBe(200);
    expect(updated.headers.etag).toBe('W/"2"');
    const stale = await t.http.patch(`${BASE}/${id}`).set(auth(csn)).set('If-Match', 'W/"1"').send({ meddelande: 'Igen' });
    expect(stale.body).toMatchObject({ status: 412, code: 'DRIFT_VERSION_MISMATCH' });
    const resolved = await t.http
      .post(`${BASE}/${id}/resolve`)
      .set(auth(csn))
      .set('If-Match', 'W/"2"')
      .send({ slut: new Date().toISOString(), orsak: 'Certifikat', åtgärdsplan: 'Bevakning av certifikat', meddelande: 'Åtgärdat.' });
    expect(resolved.body).toMatchObject({ status: 'avslutad', version: 3, orsak: 'Certifikat' });
    const versions = await t.http.get(`${BASE}/${id}/versions`).set(auth(kommun));
    expect(versions.body.map((v: { meddelande: string | null }) => v.meddelande)).toEqual([null, 'Felsökning pågår.', 'Åtgärdat.']);
    const rows = (await (await ownerDb()).query(`SELECT status, version FROM drift_announcement WHERE id = $1`, [id])) as unknown[];
    expect(rows).toEqual([{ status: 'avslutad', version: 3 }]);
    const audit = (await (await ownerDb()).query(`SELECT action FROM audit_entry WHERE entity_id = $1 ORDER BY id`, [id])) as {
      action: string;
    }[];
    expect(audit.map((a) => a.action)).toEqual(['drift.published', 'drift.updated', 'drift.resolved']);
    const hidden = await t.http.get(`${BASE}/${id}`).set(auth(kommun));
    expect(hidden.body.orsak).toBeUndefined();
  });

  it('should show a reporter the ongoing outage of its bastjänst and let it attach its deviation instead of a duplicate', async () => {
    const created = await t.http.post(BASE).set(auth(csn)).send(outage());
    const ongoing = await t.http.get(`${BASE}/ongoing`).query({ bastjänst: 'csn' }).set(auth(kommun));
    expect(ongoing.body.map((a: { id: string }) => a.id)).toEqual([created.body.id]);
    const deviation = await t.http
      .post('/api/v1/deviations')
      .set(auth(kommun))
      .send(aDeviationBody({ bastjänst: 'csn' }));
    expect(deviation.status).toBe(201);
    const linked = await t.http.post(`${BASE}/${created.body.id}/deviations`).set(auth(kommun)).send({ deviationId: deviation.body.id });
    expect(linked.status).toBe(200);
    const strangerToken = await t.partyToken((await aParty({ name: 'Borås kommun' })).id, Role.Reporter);
    const foreign = await t.http
      .post(`${BASE}/${created.body.id}/deviations`)
      .set(auth(strangerToken))
      .send({ deviationId: deviation.body.id });
    expect(foreign.body).toMatchObject({ status: 404, code: 'DRIFT_DEVIATION_NOT_FOUND' });
    expect((await t.http.get(`${BASE}/${created.body.id}/deviations`).set(auth(strangerToken))).body).toEqual([]);
    expect((await t.http.get(`${BASE}/${created.body.id}/deviations`).set(auth(skr))).body).toHaveLength(1);
    const rows = (await (await ownerDb()).query(`SELECT deviation_id FROM drift_outage_deviation`)) as { deviation_id: string }[];
    expect(rows).toEqual([{ deviation_id: deviation.body.id }]);
  });

  it('should report the hand-computed February 2027 figure per bastjänst: SKR all, the party its own, a kommun none', async () => {
    const db = await ownerDb();
    const insert = (kind: string, startsAt: string, endedAt: string, extra: { announcedEndAt?: string; publishedAt?: string } = {}) =>
      db.query(
        `INSERT INTO drift_announcement (kind, status, bastjanster, title_sv, impact_sv, starts_at, ended_at, announced_end_at, expected_end_at, published_at, version)
         VALUES ($1, 'avslutad', '{csn}', 'T', 'P', $2, $3, $4, $4, $5, 1)`,
        [kind, startsAt, endedAt, extra.announcedEndAt ?? null, extra.publishedAt ?? '2027-01-01T00:00:00+01:00'],
      );
    // The scenario of src/driftinfo/availability.spec.ts: 150 + 150 + 75 unavailable minutes of 10 800 = 96.53 %.
    await insert('driftstorning', '2027-02-02T10:00:00+01:00', '2027-02-02T12:30:00+01:00');
    await insert('driftstorning', '2027-02-18T16:00:00+01:00', '2027-02-19T09:30:00+01:00');
    await insert('planerad_andring', '2027-02-10T06:00:00+01:00', '2027-02-10T09:00:00+01:00', {
      announcedEndAt: '2027-02-10T09:00:00+01:00',
    });
    await insert('planerad_andring', '2027-02-22T05:00:00+01:00', '2027-02-22T09:15:00+01:00', {
      announcedEndAt: '2027-02-22T08:00:00+01:00',
    });
    const bySkr = await t.http.get('/api/v1/driftinfo/availability').query({ månad: '2027-02' }).set(auth(skr));
    expect(bySkr.status).toBe(200);
    const csnRow = bySkr.body.find((r: { bastjänst: string | null }) => r.bastjänst === 'csn');
    expect(csnRow.månad).toEqual({
      öppetMinuter: 10_800,
      otillgängligaMinuter: 375,
      störningsMinuter: 0,
      tillgänglighetProcent: 96.53,
      avbrott: 3,
    });
    expect(csnRow.uppfyllt).toMatchObject({ availability: false, interruptionsPerMonth: true });
    expect(bySkr.body.find((r: { bastjänst: string | null }) => r.bastjänst === 'skatteverket').månad.otillgängligaMinuter).toBe(0);
    // SSBTEK as a whole: six of seven agencies still answered, so the outages were "tillgänglig med störning" (§4.9).
    expect(bySkr.body[0]).toMatchObject({ bastjänst: null, månad: { störningsMinuter: 300 } });
    const byCsn = await t.http.get('/api/v1/driftinfo/availability').query({ månad: '2027-02' }).set(auth(csn));
    expect(byCsn.body.map((r: { bastjänst: string }) => r.bastjänst)).toEqual(['csn']);
    expect((await t.http.get('/api/v1/driftinfo/availability').query({ månad: '2027-02' }).set(auth(kommun))).body).toEqual([]);
    expect((await t.http.get('/api/v1/driftinfo/availability').query({ månad: '2027-13' }).set(auth(skr))).status).toBe(400);
  });
  it('should judge LEFI Online per kontorstid, kvällar and helger (seed 002 §2.4), the UC over its whole öppettid', async () => {
    const db = await ownerDb();
    const [fkParty] = (await db.query(`SELECT id FROM party WHERE name = 'Försäkringskassan'`)) as { id: string }[];
    await db.query(`INSERT INTO party_agreement (party_id, bastjanst, agreement_code) VALUES ($1, 'lefi_online', 'SLA_LEFI_ONLINE_2017')`, [
      fkParty.id,
    ]);
    const insert = (startsAt: string, endedAt: string) =>
      db.query(
        `INSERT INTO drift_announcement (kind, status, bastjanster, title_sv, impact_sv, starts_at, ended_at, published_at, version)
         VALUES ('driftstorning', 'avslutad', '{lefi_online}', 'T', 'P', $1, $2, $1, 1)`,
        [startsAt, endedAt],
      );
    // Wednesday daytime 60 min, Thursday evening 150 min, Saturday 120 min; the hand computation is in availability.spec.ts.
    await insert('2027-02-03T10:00:00+01:00', '2027-02-03T11:00:00+01:00');
    await insert('2027-02-04T19:00:00+01:00', '2027-02-04T21:30:00+01:00');
    await insert('2027-02-06T12:00:00+01:00', '2027-02-06T14:00:00+01:00');
    const answer = await t.http.get('/api/v1/driftinfo/availability').query({ månad: '2027-02' }).set(auth(fk));
    expect(answer.status).toBe(200);
    const [lefi] = answer.body;
    expect(lefi).toMatchObject({
      bastjänst: 'lefi_online',
      avtal: 'SLA_LEFI_ONLINE_2017',
      månad: { öppetMinuter: 21_480, otillgängligaMinuter: 330, avbrott: 3 },
      perioder: [
        {
          period: 'kontorstid',
          lägstaProcent: 99.3,
          månad: { öppetMinuter: 12_000, otillgängligaMinuter: 60, tillgänglighetProcent: 99.5 },
          uppfyllt: true,
        },
        {
          period: 'kvällar',
          lägstaProcent: 98.6,
          månad: { öppetMinuter: 5_400, otillgängligaMinuter: 150, tillgänglighetProcent: 97.22 },
          uppfyllt: false,
        },
        {
          period: 'helger',
          lägstaProcent: 98,
          månad: { öppetMinuter: 4_080, otillgängligaMinuter: 120, tillgänglighetProcent: 97.06 },
          uppfyllt: false,
        },
      ],
      uppfyllt: { availability: false, unavailableHoursPerMonth: false, interruptionsPerMonth: true },
    });
    expect(lefi.perioder).toHaveLength(3);
    const bySkr = await t.http.get('/api/v1/driftinfo/availability').query({ månad: '2027-02' }).set(auth(skr));
    const csnRow = bySkr.body.find((r: { bastjänst: string | null }) => r.bastjänst === 'csn');
    expect(csnRow.perioder).toEqual([
      {
        period: 'öppettid',
        lägstaProcent: 98,
        månad: { öppetMinuter: 10_800, otillgängligaMinuter: 0, störningsMinuter: 0, tillgänglighetProcent: 100, avbrott: 0 },
        uppfyllt: true,
      },
    ]);
  });
});
