// Deviations for the KPI report's test (test/integration/kpi-report.spec.ts), written behind the API's back with their
// audit trail and "lösning satt" notifications, so that every instant is the test's choice.
import { randomUUID } from 'node:crypto';
import { PRIORITIES, type Prioritet } from '../../src/agreements/priority';
import { DeviationStatus as S } from '../../src/deviations/deviation.entity';
import type { SolvedReport } from '../../src/sla/sla-clock';
import { ownerDb } from './database';

/** A seeded deviation as the test knows it: everything the report may count, chosen here. */
export interface Case {
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
/** The clock of the test: 10 December 2026, 10:00 in Stockholm. */
export const NOW = new Date('2026-12-10T09:00:00Z');
const NOVEMBER_START = new Date('2026-10-31T23:00:00Z');
const NOVEMBER_END = new Date('2026-11-30T23:00:00Z');
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
export async function seedKpiCases(parties: string[]): Promise<Case[]> {
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
