import { randomUUID } from 'node:crypto';
import { Role } from '../../src/actor/role';
import { AGREEMENTS } from '../../src/agreements/agreements';
import { PRIORITIES, type Prioritet } from '../../src/agreements/priority';
import { fromLocalDateTime } from '../../src/agreements/time-zone';
import { DeviationStatus as S } from '../../src/deviations/deviation.entity';
import type { KpiView } from '../../src/reports/dto/kpi.dto';
import { durationStats } from '../../src/reports/kpi-report.service';
import { OPEN_STATUSES, readSlaClocks, type SolvedReport } from '../../src/sla/sla-clock';
import { aParty } from '../factories/party.factory';
import { startTestApp, type TestApp } from '../support/app';
import { MutableClock } from '../support/clock';
import { ownerDb, truncateAll } from '../support/database';

/** A seeded deviation as the test knows it: everything the report may count, chosen here. */
interface Case {
  id: string;
  reporter: string;
  responsible: string | null;
  prioritet: Prioritet | null;
  submittedAt: Date | null;
  history: [Date, S][];
  status: S;
  updatedAt: Date;
  resolvedAt: Date | null;
  solvedReports: SolvedReport[];
}

const HOUR = 3_600_000;
const NOW = new Date('2026-12-10T09:00:00Z');
const NOVEMBER_START = new Date('2026-10-31T23:00:00Z');
const NOVEMBER_END = new Date('2026-11-30T23:00:00Z');
const AGE_BUCKETS: [string, number][] = [
  ['0-2', 0],
  ['3-7', 3],
  ['8-30', 8],
  ['31+', 31],
];
/** Status walks from submission; each step a few hours to a few days after the last. */
const PATHS: S[][] = [
  [],
  [S.Mottagen],
  [S.Mottagen, S.UnderUtredning, S.Åtgärdas],
  [S.UnderUtredning, S.VäntarPåKomplettering, S.Åtgärdas, S.Löst],
  [S.Åtgärdas, S.Löst, S.Stängd],
  [S.UnderUtredning, S.Löst, S.UnderUtredning, S.Löst],
  [S.Mottagen, S.Återkallad],
  [S.UnderUtredning, S.VäntarPåKomplettering],
  [S.Stängd],
];

/** mulberry32: the same cases every run, so a failure can be read again. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

async function insert(c: Case, reportedBack: 'feed' | 'sent' | 'unsent' | 'none'): Promise<void> {
  const db = await ownerDb();
  await db.query(
    `INSERT INTO deviation (id, key, party_id, responsible_party_id, reporter_user_id, status, rubrik, prioritet, submitted_at,
                            resolved_at, updated_at, kontaktpersoner, version)
     VALUES ($1, 'AVV-2026-' || nextval('deviation_key_seq'), $2, $3, 'anna@kommun', $4, 'KPI', $5, $6, $7, $8, '[]', 1)`,
    [c.id, c.reporter, c.responsible, c.status, c.prioritet, c.submittedAt, c.resolvedAt, c.updatedAt],
  );
  let from = S.Utkast;
  for (const [at, to] of c.history) {
    await db.query(
      `INSERT INTO audit_entry (occurred_at, actor_user_id, action, entity_type, entity_id, party_id, changes)
       VALUES ($1, 'skr@skr', 'deviation.status_set', 'deviation', $2, $3, $4::jsonb)`,
      [at, c.id, c.reporter, JSON.stringify({ status: { from, to } })],
    );
    from = to;
  }
  if (!c.resolvedAt || reportedBack === 'none') return;
  const [event] = (await db.query(
    `INSERT INTO notification_event (type, party_id, subject_kind, subject_id, subject_key, subject_title, created_at)
     VALUES ('lösning_satt', $1, 'deviation', $2, 'AVV', 'KPI', $3) RETURNING id`,
    [c.reporter, c.id, c.resolvedAt],
  )) as { id: string }[];
  const sentAt = reportedBack === 'sent' ? new Date(c.resolvedAt.getTime() + 2 * HOUR) : null;
  if (reportedBack !== 'feed') {
    await db.query(
      `INSERT INTO notification_delivery (event_id, party_id, channel, recipient, status, sent_at) VALUES ($1, $2, 'email', 'a@kommun.se', $3, $4)`,
      [event.id, c.reporter, sentAt ? 'skickad' : 'väntar', sentAt],
    );
  }
  c.solvedReports = [{ raisedAt: c.resolvedAt, reportedAt: sentAt ?? (reportedBack === 'feed' ? c.resolvedAt : null) }];
}

/** Random cases from mid-October to `NOW` over parties A, B and C, and the edges named one by one. */
async function seedCases(parties: string[]): Promise<Case[]> {
  const next = random(20);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)];
  const cases: Case[] = [];
  const add = async (
    c: Omit<Case, 'id' | 'status' | 'updatedAt' | 'resolvedAt' | 'solvedReports'>,
    reportedBack = pick(['feed', 'sent', 'unsent', 'none'] as const),
  ) => {
    const history = c.history.filter(([at]) => at <= NOW);
    const status = history.at(-1)?.[1] ?? S.Utkast;
    const solvedAt = history.findLast(([, to]) => to === S.Löst)?.[0] ?? null;
    const full: Case = {
      ...c,
      id: randomUUID(),
      history,
      status,
      updatedAt: history.at(-1)?.[0] ?? NOW,
      resolvedAt: solvedAt,
      solvedReports: [],
    };
    await insert(full, reportedBack);
    cases.push(full);
  };
  for (let i = 0; i < 90; i++) {
    const reporter = pick(parties);
    const submittedAt = new Date(Date.parse('2026-10-15T00:00:00Z') + Math.floor(next() * 56 * 24) * HOUR);
    const history: [Date, S][] = [[submittedAt, S.Inskickad]];
    for (const to of pick(PATHS)) history.push([new Date(history.at(-1)![0].getTime() + (1 + Math.floor(next() * 80)) * HOUR), to]);
    await add({
      reporter,
      responsible: pick([null, ...parties.filter((p) => p !== reporter)]),
      prioritet: pick(PRIORITIES),
      submittedAt,
      history,
    });
  }
  const [a, b] = parties;
  // Received at the very first instant of November, and started at the very first instant of December.
  await add({ reporter: a, responsible: null, prioritet: 'hög', submittedAt: NOVEMBER_START, history: [[NOVEMBER_START, S.Inskickad]] });
  const lastMs = new Date(NOVEMBER_END.getTime() - 1);
  await add({
    reporter: b,
    responsible: a,
    prioritet: 'kritisk',
    submittedAt: lastMs,
    history: [
      [lastMs, S.Inskickad],
      [NOVEMBER_END, S.UnderUtredning],
    ],
  });
  // Submitted without a priority, and a draft: neither has clocks nor counts.
  const early = new Date('2026-11-03T09:00:00Z');
  await add({ reporter: a, responsible: null, prioritet: null, submittedAt: early, history: [[early, S.Inskickad]] });
  await add({ reporter: a, responsible: null, prioritet: 'låg', submittedAt: null, history: [] });
  return cases;
}

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
  const byAgeDays = Object.fromEntries(AGE_BUCKETS.map(([label]) => [label, 0]));
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
    const days = Math.floor((asOf.getTime() - c.submittedAt!.getTime()) / (24 * HOUR));
    byAgeDays[AGE_BUCKETS.findLast(([, lowest]) => days >= lowest)![0]] += 1;
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
    cases = await seedCases(parties.slice(0, 3));
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
