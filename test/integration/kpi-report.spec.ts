import { Role } from '../../src/actor/role';
import { AGREEMENTS } from '../../src/agreements/agreements';
import { PRIORITIES } from '../../src/agreements/priority';
import { fromLocalDateTime } from '../../src/agreements/time-zone';
import { DeviationStatus as S } from '../../src/deviations/deviation.entity';
import type { KpiView } from '../../src/reports/dto/kpi.dto';
import { KPI_AGE_BUCKETS } from '../../src/reports/kpi-queries';
import { durationStats } from '../../src/reports/kpi-report.service';
import { OPEN_STATUSES, readSlaClocks } from '../../src/sla/sla-clock';
import { aParty } from '../factories/party.factory';
import { startTestApp, type TestApp } from '../support/app';
import { MutableClock } from '../support/clock';
import { truncateAll } from '../support/database';
import { NOW, seedKpiCases, type Case } from '../support/kpi-cases';

/** The report as its definition reads, case by case over everything seeded: no SQL, no narrowing. */
function expectedRow(month: string, partyId: string, agreementOf: Map<string, string>, view: KpiView, cases: Case[]) {
  const [year, mm] = month.split('-').map(Number);
  const next = mm === 12 ? `${year + 1}-01-01` : `${year}-${String(mm + 1).padStart(2, '0')}-01`;
  const start = fromLocalDateTime(`${month}-01`, 0, 'Europe/Stockholm');
  const end = fromLocalDateTime(next, 0, 'Europe/Stockholm');
  const asOf = NOW < end ? NOW : end;
  const inMonth = (at: Date | null): boolean => !!at && at >= start && at < end;
  const owner = (c: Case) => (view === 'rapporterad' ? c.reporter : (c.responsible ?? c.reporter));
  const counted = cases.filter(
    (c) =>
      owner(c) === partyId &&
      c.submittedAt &&
      c.prioritet &&
      c.submittedAt < end &&
      (OPEN_STATUSES.includes(c.status) || c.updatedAt >= start),
  );
  const byPriority = Object.fromEntries(PRIORITIES.map((p) => [p, 0]));
  const byAgeDays = Object.fromEntries(KPI_AGE_BUCKETS.map(([label]) => [label, 0]));
  const response: number[] = [];
  const resolution: number[] = [];
  let within = 0;
  let backlog = 0;
  for (const c of counted) {
    const reading = readSlaClocks({
      agreement: AGREEMENTS[agreementOf.get(c.responsible ?? c.reporter)!],
      prioritet: c.prioritet!,
      receivedAt: c.submittedAt!,
      status: c.status,
      changes: c.history.map(([at, to]) => ({ at, to })),
      resolvedAt: c.resolvedAt,
      solvedReports: c.solvedReports,
      now: NOW,
    });
    if (c.status !== S.Återkallad) {
      if (inMonth(c.submittedAt)) byPriority[c.prioritet!] += 1;
      if (inMonth(reading.response.stoppedAt)) response.push(reading.response.elapsedMs);
      if (inMonth(reading.resolution.stoppedAt)) {
        resolution.push(reading.resolution.elapsedMs);
        if (reading.resolution.state === 'met') within += 1;
      }
    }
    const stoppedAt = reading.resolution.stoppedAt;
    if (c.submittedAt! > asOf || (stoppedAt && stoppedAt <= asOf)) continue;
    backlog += 1;
    const days = Math.floor((asOf.getTime() - c.submittedAt!.getTime()) / 86_400_000);
    byAgeDays[KPI_AGE_BUCKETS.findLast(([, lowest]) => days >= lowest)![0]] += 1;
  }
  const threshold = AGREEMENTS[agreementOf.get(partyId)!].complianceThreshold;
  const share = resolution.length > 0 ? Math.round((within / resolution.length) * 10_000) / 10_000 : null;
  return {
    received: { total: Object.values(byPriority).reduce((x, y) => x + y, 0), byPriority },
    solved: {
      total: resolution.length,
      withinTarget: within,
      outsideTarget: resolution.length - within,
      shareWithinTarget: share,
      threshold,
      meetsThreshold: share === null ? null : share >= threshold,
    },
    responseTime: durationStats(response),
    resolutionTime: durationStats(resolution),
    backlog: { asOf: asOf.toISOString(), total: backlog, byAgeDays },
  };
}

describe('KPI report against its definition (integration)', () => {
  const clock = new MutableClock(NOW);
  let t: TestApp;
  let parties: string[];
  let agreementOf: Map<string, string>;
  let cases: Case[];

  beforeAll(async () => {
    t = await startTestApp({ clock });
    await truncateAll();
    const a = await aParty({ name: 'Aby kommun' });
    const b = await aParty({ name: 'Borås kommun' });
    const c = await aParty({ name: 'Transportstyrelsen', agreementCode: 'UC_SSBTEK_2024_TRANSPORTSTYRELSEN' });
    // A party with no deviations at all: every figure zero, every statistic empty.
    const d = await aParty({ name: 'Dals-Eds kommun' });
    parties = [a.id, b.id, c.id, d.id];
    agreementOf = new Map([a, b, c, d].map((p) => [p.id, p.agreementCode]));
    cases = await seedKpiCases(parties.slice(0, 3));
  });
  afterAll(() => t.close());

  it.each(
    ['2026-10', '2026-11', '2026-12'].flatMap((month) => (['ansvarig', 'rapporterad'] as const).map((view) => [month, view] as const)),
  )('should give every party of %s by %s what the case-by-case definition gives', async (month, view) => {
    const skr = await t.skrToken(Role.SkrAdmin);
    const response = await t.http.get(`/api/v1/reports/kpi?month=${month}&view=${view}`).set({ Authorization: `Bearer ${skr}` });
    expect(response.status).toBe(200);
    const byParty = new Map((response.body as { partyId: string }[]).map((row) => [row.partyId, row]));
    expect([...byParty.keys()].sort()).toEqual([...parties].sort());
    for (const partyId of parties) {
      expect({ partyId, ...byParty.get(partyId) }).toMatchObject({ partyId, ...expectedRow(month, partyId, agreementOf, view, cases) });
    }
    expect(byParty.get(parties[3])).toMatchObject({
      received: { total: 0 },
      backlog: { total: 0 },
      responseTime: { count: 0, medianHours: null },
    });
  });

  it('should give a party only its own row, the same as SKR sees for it, with other parties’ cases left out', async () => {
    const token = await t.partyToken(parties[0], Role.Reader);
    const asParty = async (view: KpiView) => {
      const response = await t.http.get(`/api/v1/reports/kpi?month=2026-11&view=${view}`).set({ Authorization: `Bearer ${token}` });
      expect(response.status).toBe(200);
      expect(response.body).toHaveLength(1);
      return response.body[0] as Record<string, unknown>;
    };
    expect(await asParty('rapporterad')).toMatchObject({
      partyId: parties[0],
      ...expectedRow('2026-11', parties[0], agreementOf, 'rapporterad', cases),
    });
    // Only what the reporter's "lösning satt" notifications cannot change: row-level security hides them from the
    // responsible party, whose resolution clocks then stop at `resolved_at` (SlaService.read; reported to the lead).
    const { received, responseTime } = expectedRow('2026-11', parties[0], agreementOf, 'ansvarig', cases);
    expect(await asParty('ansvarig')).toMatchObject({ partyId: parties[0], received, responseTime });
    // The seed gives party A cases both ways, so the two views differ and neither is empty.
    expect(cases.filter((c) => c.reporter === parties[0] && c.responsible && c.responsible !== parties[0]).length).toBeGreaterThan(0);
    expect(cases.filter((c) => c.responsible === parties[0]).length).toBeGreaterThan(0);
  });
});
