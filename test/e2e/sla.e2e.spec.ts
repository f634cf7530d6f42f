import { randomUUID } from 'node:crypto';
import { Role } from '../../src/actor/role';
import { UC_SSBTEK_2024 } from '../../src/agreements/agreements';
import { aParty } from '../factories/party.factory';
import { startTestApp, type TestApp } from '../support/app';
import { MutableClock } from '../support/clock';
import { ownerDb, truncateAll } from '../support/database';
import { expectNotFoundForOtherParty } from '../support/isolation';

interface Seed {
  partyId: string;
  responsiblePartyId?: string;
  prioritet: string;
  status: string;
  /** Status history as [ISO instant, status]; the first entry is the submission. */
  history: [string, string][];
  resolvedAt?: string;
  solvedNotificationAt?: string;
}

let seq = 0;

/** A deviation with its audit trail written behind the API's back, so every instant is the test's choice. */
async function seedDeviation(seed: Seed): Promise<{ id: string; key: string }> {
  const db = await ownerDb();
  const id = randomUUID();
  const key = `AVV-2026-9${String(++seq).padStart(4, '0')}`;
  await db.query(
    `INSERT INTO deviation (id, key, party_id, responsible_party_id, reporter_user_id, status, rubrik, prioritet, submitted_at, resolved_at, kontaktpersoner, version)
     VALUES ($1, $2, $3, $8, 'anna@kommun', $4, 'Svarstider mot CSN', $5, $6, $7, '[{"namn":"Anna","telefon":"+46701234567","epost":"anna@kommun.se"}]', 1)`,
    [id, key, seed.partyId, seed.status, seed.prioritet, seed.history[0][0], seed.resolvedAt ?? null, seed.responsiblePartyId ?? null],
  );
  let from = 'utkast';
  for (const [at, to] of seed.history) {
    await db.query(
      `INSERT INTO audit_entry (occurred_at, actor_user_id, action, entity_type, entity_id, party_id, changes)
       VALUES ($1, 'skr@skr', 'deviation.status_set', 'deviation', $2, $3, $4::jsonb)`,
      [at, id, seed.partyId, JSON.stringify({ status: { from, to } })],
    );
    from = to;
  }
  if (seed.solvedNotificationAt) {
    await db.query(
      `INSERT INTO notification_event (type, party_id, subject_kind, subject_id, subject_key, subject_title, created_at)
       VALUES ('lösning_satt', $1, 'deviation', $2, $3, 'Svarstider mot CSN', $4)`,
      [seed.partyId, id, key, seed.solvedNotificationAt],
    );
  }
  return { id, key };
}

const HOUR = 3_600_000;

describe('SLA clocks, KPI report and overview (e2e)', () => {
  const clock = new MutableClock(new Date('2026-11-05T08:00:00Z'));
  let t: TestApp;
  let partyId: string;
  let otherId: string;
  let reporter: string;
  let foreign: string;
  let skr: string;
  const auth = (token: string) => ({ Authorization: `Bearer ${token}` });

  beforeAll(async () => {
    t = await startTestApp({ clock });
  });
  beforeEach(async () => {
    await truncateAll();
    partyId = (await aParty({ name: 'Aby kommun' })).id;
    otherId = (await aParty({ name: 'Borås kommun' })).id;
    reporter = await t.partyToken(partyId, Role.Reader);
    foreign = await t.partyToken(otherId, Role.Admin);
    skr = await t.skrToken(Role.SkrAdmin);
  });
  afterAll(() => t.close());

  describe('GET /deviations/:id/sla', () => {
    // UC, hög: response 60 business minutes, resolution 2 working days; support Mon–Fri 08–17 Stockholm (UTC+1 in
    // November). Received Mon 2 Nov 16:30, started Tue 08:45, waiting for the party Tue 10:00 – Wed 10:00.
    const seedHog = () =>
      seedDeviation({
        partyId,
        prioritet: 'hög',
        status: 'åtgärdas',
        history: [
          ['2026-11-02T15:30:00Z', 'inskickad'],
          ['2026-11-03T07:45:00Z', 'under_utredning'],
          ['2026-11-03T09:00:00Z', 'väntar_på_komplettering'],
          ['2026-11-04T09:00:00Z', 'åtgärdas'],
        ],
      });

    it('should count business time, leave out the pause and move the due time by it', async () => {
      const { id } = await seedHog();
      clock.at = new Date('2026-11-05T08:00:00Z'); // Thu 09:00
      const response = await t.http.get(`/api/v1/deviations/${id}/sla`).set(auth(reporter));
      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({
        deviationId: id,
        agreement: { code: 'UC_SSBTEK_2024', complianceThreshold: 0.9 },
        prioritet: 'hög',
        paused: false,
        pauses: [{ from: '2026-11-03T09:00:00.000Z', to: '2026-11-04T09:00:00.000Z', status: 'väntar_på_komplettering' }],
        // Mon 16:30–17:00 + Tue 08:00–08:45 = 75 min against 60: breached, due Tue 08:30.
        response: {
          targetMs: HOUR,
          elapsedMs: 75 * 60_000,
          state: 'breached',
          dueAt: '2026-11-03T07:30:00.000Z',
          stoppedAt: '2026-11-03T07:45:00.000Z',
        },
        // Target: Mon 16:30 → Wed 16:30 = 0.5 + 9 + 8.5 = 18 h. Elapsed: 0.5 (Mon) + 2 (Tue to the pause) + 7 (Wed
        // from 10:00) + 1 (Thu) = 10.5 h. Due: 18 h spent around the pause = 0.5 + 2 + 7 + 8.5 → Thu 16:30.
        resolution: {
          target: { amount: 2, unit: 'working_days' },
          targetText: '2 arbetsdagar',
          targetMs: 18 * HOUR,
          elapsedMs: 10.5 * HOUR,
          percentUsed: 58.3,
          state: 'running',
          dueAt: '2026-11-05T15:30:00.000Z',
          stoppedAt: null,
          stoppedBy: null,
        },
      });

      clock.at = new Date('2026-11-06T08:00:00Z'); // Fri 09:00: 10.5 + 8 (Thu) + 1 = 19.5 h
      const later = await t.http.get(`/api/v1/deviations/${id}/sla`).set(auth(reporter));
      expect(later.body.resolution).toMatchObject({ elapsedMs: 19.5 * HOUR, state: 'breached', dueAt: '2026-11-05T15:30:00.000Z' });
    });

    it('should stand still while waiting for the party, with no due time until it resumes', async () => {
      const { id } = await seedDeviation({
        partyId,
        prioritet: 'hög',
        status: 'väntar_på_komplettering',
        history: [
          ['2026-11-02T15:30:00Z', 'inskickad'],
          ['2026-11-03T07:45:00Z', 'under_utredning'],
          ['2026-11-03T09:00:00Z', 'väntar_på_komplettering'],
        ],
      });
      clock.at = new Date('2026-11-09T08:00:00Z');
      const { body } = await t.http.get(`/api/v1/deviations/${id}/sla`).set(auth(reporter)).expect(200);
      expect(body).toMatchObject({ paused: true, pauses: [{ from: '2026-11-03T09:00:00.000Z', to: null }] });
      expect(body.resolution).toMatchObject({ elapsedMs: 2.5 * HOUR, state: 'running', dueAt: null });
    });

    it('should stop the resolution clock when the solution was reported back, and say where that came from', async () => {
      const { id } = await seedDeviation({
        partyId,
        prioritet: 'hög',
        status: 'löst',
        history: [
          ['2026-11-02T08:00:00Z', 'inskickad'],
          ['2026-11-02T08:10:00Z', 'under_utredning'],
          ['2026-11-02T12:00:00Z', 'löst'],
        ],
        resolvedAt: '2026-11-02T12:00:00Z',
        solvedNotificationAt: '2026-11-02T12:00:05Z',
      });
      const { body } = await t.http.get(`/api/v1/deviations/${id}/sla`).set(auth(reporter)).expect(200);
      expect(body.response).toMatchObject({ elapsedMs: 10 * 60_000, state: 'met' });
      expect(body.resolution).toMatchObject({
        elapsedMs: 4 * HOUR + 5_000,
        state: 'met',
        stoppedAt: '2026-11-02T12:00:05.000Z',
        stoppedBy: 'notification',
      });
    });

    it('should answer 404 for another party and 409 for a draft', async () => {
      const { id } = await seedHog();
      await expectNotFoundForOtherParty(t, foreign, { method: 'get', path: `/api/v1/deviations/${id}/sla` });
      const db = await ownerDb();
      await db.query(`UPDATE deviation SET status = 'utkast', submitted_at = NULL WHERE id = $1`, [id]);
      const draft = await t.http.get(`/api/v1/deviations/${id}/sla`).set(auth(reporter));
      expect(draft.status).toBe(409);
      expect(draft.body).toMatchObject({ code: 'SLA_NOT_STARTED' });
    });
  });

  describe('agreements', () => {
    it('should add a new agreement version, bind a party to it and measure by it', async () => {
      const definition = {
        ...UC_SSBTEK_2024,
        code: 'UC_SSBTEK_2026',
        version: '2026',
        openingHours: [{ weekdays: [1, 2, 3, 4, 5], open: '07:00', close: '17:00' }],
      };
      const created = await t.http.post('/api/v1/agreements').set(auth(skr)).send({ definition });
      expect(created.status).toBe(201);
      expect(created.body).toMatchObject({ code: 'UC_SSBTEK_2026', version: '2026' });
      await t.http
        .put(`/api/v1/parties/${partyId}/agreement`)
        .set(auth(skr))
        .send({ agreementCode: 'UC_SSBTEK_2026' })
        .expect(200, { partyId, agreementCode: 'UC_SSBTEK_2026' });
      expect((await (await ownerDb()).query(`SELECT agreement_code FROM party WHERE id = $1`, [partyId]))[0].agreement_code).toBe(
        'UC_SSBTEK_2026',
      );

      const { id } = await seedDeviation({
        partyId,
        prioritet: 'hög',
        status: 'inskickad',
        history: [['2026-11-02T05:30:00Z', 'inskickad']],
      });
      clock.at = new Date('2026-11-02T07:00:00Z'); // 08:00 local: open since 07:00 under the new agreement
      const { body } = await t.http.get(`/api/v1/deviations/${id}/sla`).set(auth(reporter)).expect(200);
      expect(body.agreement.code).toBe('UC_SSBTEK_2026');
      expect(body.response).toMatchObject({ elapsedMs: HOUR, state: 'running' });
    });

    it('should reject a broken agreement with a pointer, a duplicate code, an unknown binding, and a party caller', async () => {
      const broken = await t.http
        .post('/api/v1/agreements')
        .set(auth(skr))
        .send({ definition: { ...UC_SSBTEK_2024, code: 'UC_BROKEN', timeZone: 'Europe/Nowhere' } });
      expect(broken.status).toBe(422);
      expect(broken.body).toMatchObject({ code: 'AGREEMENT_INVALID', errors: [{ pointer: '/definition/timeZone' }] });
      const shapeless = await t.http
        .post('/api/v1/agreements')
        .set(auth(skr))
        .send({ definition: { ...UC_SSBTEK_2024, code: 'UC_X', targets: { incident: {} } } });
      expect(shapeless.status).toBe(422);
      expect(shapeless.body.errors).toContainEqual(expect.objectContaining({ pointer: '/definition/targets/incident/kritisk/response' }));
      const taken = await t.http.post('/api/v1/agreements').set(auth(skr)).send({ definition: UC_SSBTEK_2024 });
      expect(taken.status).toBe(409);
      const unknown = await t.http.put(`/api/v1/parties/${partyId}/agreement`).set(auth(skr)).send({ agreementCode: 'NOPE' });
      expect(unknown.status).toBe(422);
      expect(unknown.body).toMatchObject({ code: 'AGREEMENT_UNKNOWN', errors: [{ pointer: '/agreementCode' }] });
      const byParty = await t.http
        .post('/api/v1/agreements')
        .set(auth(foreign))
        .send({ definition: { ...UC_SSBTEK_2024, code: 'UC_MINE' } });
      expect(byParty.status).toBe(403);
      expect(Number((await (await ownerDb()).query(`SELECT count(*)::int AS n FROM agreement`))[0].n)).toBe(3);
    });
  });

  describe('KPI report and overview', () => {
    // November 2026 for Aby kommun (UC, Mon–Fri 08–17, UTC+1). Local times in comments.
    async function seedNovember(): Promise<Record<string, { id: string; key: string }>> {
      return {
        // Received Mon 2 Nov 09:00, started 09:30 (0.5 h), solved Tue 09:00 and reported back then: 8 + 1 = 9 h of
        // 18 h (2 working days): within.
        d1: await seedDeviation({
          partyId,
          prioritet: 'hög',
          status: 'löst',
          history: [
            ['2026-11-02T08:00:00Z', 'inskickad'],
            ['2026-11-02T08:30:00Z', 'under_utredning'],
            ['2026-11-03T08:00:00Z', 'löst'],
          ],
          resolvedAt: '2026-11-03T08:00:00Z',
          solvedNotificationAt: '2026-11-03T08:00:00Z',
        }),
        // Received Tue 3 Nov 08:00, started 12:00 (4 h), solved Thu 12 Nov 08:00: Tue 3 … Wed 11 = 7 days × 9 h =
        // 63 h against 5 working days = 45 h: outside. No notification, so resolvedAt stops the clock.
        d2: await seedDeviation({
          partyId,
          prioritet: 'medel',
          status: 'löst',
          history: [
            ['2026-11-03T07:00:00Z', 'inskickad'],
            ['2026-11-03T11:00:00Z', 'under_utredning'],
            ['2026-11-12T07:00:00Z', 'löst'],
          ],
          resolvedAt: '2026-11-12T07:00:00Z',
        }),
        // Received Mon 16 Nov 10:00, started 11:00 (1 h), still open: 14 days old at the month's end → 8-30.
        d3: await seedDeviation({
          partyId,
          prioritet: 'låg',
          status: 'under_utredning',
          history: [
            ['2026-11-16T09:00:00Z', 'inskickad'],
            ['2026-11-16T10:00:00Z', 'under_utredning'],
          ],
        }),
        // Received Mon 30 Nov 16:00, not started: 0 days old → 0-2.
        d4: await seedDeviation({ partyId, prioritet: 'kritisk', status: 'inskickad', history: [['2026-11-30T15:00:00Z', 'inskickad']] }),
        // Withdrawn the same day: not measured, not open at the month's end.
        d5: await seedDeviation({
          partyId,
          prioritet: 'hög',
          status: 'återkallad',
          history: [
            ['2026-11-10T08:00:00Z', 'inskickad'],
            ['2026-11-10T09:00:00Z', 'återkallad'],
          ],
        }),
        // Received in October (20 Oct 09:00 CEST), started then, still being fixed: 41 days old → 31+.
        d6: await seedDeviation({
          partyId,
          prioritet: 'hög',
          status: 'åtgärdas',
          history: [
            ['2026-10-20T07:00:00Z', 'inskickad'],
            ['2026-10-20T08:00:00Z', 'åtgärdas'],
          ],
        }),
        // Another party's deviation, for isolation.
        other: await seedDeviation({
          partyId: otherId,
          prioritet: 'hög',
          status: 'inskickad',
          history: [['2026-11-02T08:00:00Z', 'inskickad']],
        }),
      };
    }

    it('should compute the month per agreement and party', async () => {
      await seedNovember();
      clock.at = new Date('2026-12-10T10:00:00Z');
      const response = await t.http.get('/api/v1/reports/kpi?month=2026-11').set(auth(reporter));
      expect(response.status).toBe(200);
      expect(response.body).toEqual([
        {
          month: '2026-11',
          agreementCode: 'UC_SSBTEK_2024',
          partyId,
          partyName: 'Aby kommun',
          received: { total: 4, byPriority: { kritisk: 1, hög: 1, medel: 1, låg: 1 } },
          solved: { total: 2, withinTarget: 1, outsideTarget: 1, shareWithinTarget: 0.5, threshold: 0.9, meetsThreshold: false },
          // Responstid d1 0.5, d3 1, d2 4 (d6 started in October): median 1, p90 nearest rank ⌈2.7⌉ = 3rd = 4.
          responseTime: { count: 3, medianHours: 1, p90Hours: 4 },
          // Åtgärdstid 9 and 63: median 36, p90 ⌈1.8⌉ = 2nd = 63.
          resolutionTime: { count: 2, medianHours: 36, p90Hours: 63 },
          backlog: { asOf: '2026-11-30T23:00:00.000Z', total: 3, byAgeDays: { '0-2': 1, '3-7': 0, '8-30': 1, '31+': 1 } },
        },
      ]);

      const all = await t.http.get('/api/v1/reports/kpi?month=2026-11').set(auth(skr)).expect(200);
      expect(all.body.map((r: { partyName: string; received: { total: number } }) => [r.partyName, r.received.total])).toEqual([
        ['Aby kommun', 4],
        ['Borås kommun', 1],
      ]);
      const csv = await t.http.get(`/api/v1/reports/kpi?month=2026-11&partyId=${partyId}&format=csv`).set(auth(skr)).expect(200);
      expect(csv.headers['content-type']).toMatch(/^text\/csv/);
      const [header, row] = csv.text.replace('\uFEFF', '').trim().split('\r\n');
      expect(header.split(';').slice(0, 4)).toEqual(['Månad', 'Avtal', 'Part', 'Mottagna']);
      expect(row.split(';').slice(0, 4)).toEqual(['2026-11', 'UC_SSBTEK_2024', 'Aby kommun', '4']);
    });

    it('should answer 404 for another party and 400 for a bad month', async () => {
      await expectNotFoundForOtherParty(t, foreign, { method: 'get', path: `/api/v1/reports/kpi?month=2026-11&partyId=${partyId}` });
      const bad = await t.http.get('/api/v1/reports/kpi?month=2026-13').set(auth(skr));
      expect(bad.status).toBe(400);
    });

    it('should answer a month outside 2000-01 … December next year with 400 naming the parameter, never a 500', async () => {
      const nextYear = new Date().getUTCFullYear() + 1;
      for (const month of ['0000-01', '0001-01', '0100-01', '1999-12', '9999-12', `${nextYear + 1}-01`]) {
        const response = await t.http.get(`/api/v1/reports/kpi?month=${month}`).set(auth(skr));
        expect({ month, status: response.status, code: response.body.code, parameter: response.body.errors?.[0]?.parameter }).toEqual({
          month,
          status: 400,
          code: 'VALIDATION_FAILED',
          parameter: 'month',
        });
        expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
      }
      for (const month of ['2000-01', `${nextYear}-12`]) {
        expect((await t.http.get(`/api/v1/reports/kpi?month=${month}`).set(auth(skr))).status).toBe(200);
      }
    });

    it('should give each party its own overview and SKR all of them', async () => {
      const seeded = await seedNovember();
      // Borås reports one against Aby: Wed 9 Dec 09:00, started 09:10; kritisk's 8 business hours ran out that evening.
      const against = await seedDeviation({
        partyId: otherId,
        responsiblePartyId: partyId,
        prioritet: 'kritisk',
        status: 'under_utredning',
        history: [
          ['2026-12-09T08:00:00Z', 'inskickad'],
          ['2026-12-09T08:10:00Z', 'under_utredning'],
        ],
      });
      clock.at = new Date('2026-12-10T10:00:00Z');
      const own = await t.http.get('/api/v1/overview').set(auth(reporter)).expect(200);
      expect(own.body.parties).toEqual([
        {
          partyId,
          partyName: 'Aby kommun',
          agreementCode: 'UC_SSBTEK_2024',
          byStatus: {
            utkast: 0,
            inskickad: 1,
            mottagen: 0,
            under_utredning: 1,
            åtgärdas: 1,
            väntar_på_komplettering: 0,
            löst: 2,
            stängd: 0,
            återkallad: 1,
          },
          openByPriority: { kritisk: 1, hög: 1, medel: 0, låg: 1 },
          open: 3,
          // d3's seven working days ran out on 25 Nov, d4's 30 minutes and d6's two days long ago.
          openBreached: 3,
          declarationsByStatus: { utkast: 0, inskickad: 0, komplettering: 0, godkänd: 0, icke_godkänd: 0, tillbakadragen: 0 },
          oldestOpen: { id: seeded.d6.id, key: seeded.d6.key, status: 'åtgärdas', submittedAt: '2026-10-20T07:00:00.000Z' },
          concerningUs: {
            openByPriority: { kritisk: 1, hög: 0, medel: 0, låg: 0 },
            open: 1,
            openBreached: 1,
            oldestOpen: { id: against.id, key: against.key, status: 'under_utredning', submittedAt: '2026-12-09T08:00:00.000Z' },
          },
        },
      ]);
      const all = await t.http.get('/api/v1/overview').set(auth(skr)).expect(200);
      type Row = { partyName: string; open: number; concerningUs: { open: number } };
      expect(all.body.parties.map((p: Row) => [p.partyName, p.open, p.concerningUs.open])).toEqual([
        ['Aby kommun', 3, 1],
        ['Borås kommun', 2, 0],
      ]);
      // The reporter sees its own report as its own, and nothing of Aby's.
      const boras = await t.http.get('/api/v1/overview').set(auth(foreign)).expect(200);
      expect(boras.body.parties.map((p: Row) => [p.partyName, p.open, p.concerningUs.open])).toEqual([['Borås kommun', 2, 0]]);
    });
  });
});
