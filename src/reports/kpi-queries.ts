// The KPI report's two reads. The counts (received per priority, the backlog still open by age) need no clock and are
// aggregated in PostgreSQL. Durations are business time under each case's agreement (holidays, support hours, pauses:
// src/agreements/business-calendar.ts), which exists only in TypeScript, so for them the database returns just the
// cases whose clocks can stop in the month, a few columns each, instead of every case of the party.
import type { EntityManager } from 'typeorm';
import { DeviationStatus } from '../deviations/deviation.entity';
import type { Prioritet } from '../agreements/priority';
import { fromLocalDateTime } from '../agreements/time-zone';
import { OPEN_STATUSES, RESPONSE_STOP_STATUSES } from '../sla/sla-clock';
import type { SlaSubject } from '../sla/sla.service';
import type { KpiView } from './dto/kpi.dto';

/** Backlog age buckets in whole calendar days since receipt: [label, lowest day], ascending. */
export const KPI_AGE_BUCKETS: readonly (readonly [string, number])[] = [
  ['0-2', 0],
  ['3-7', 3],
  ['8-30', 8],
  ['31+', 31],
];

/** One party's month, in its agreement's time zone, and the instant its backlog is taken at. */
export interface KpiWindow {
  partyId: string;
  start: Date;
  end: Date;
  asOf: Date;
}

/** One group of a party's month: how many of the priority were received, how many still open in the age bucket. */
export interface KpiCount {
  partyId: string;
  prioritet: Prioritet;
  /** 1-based index into KPI_AGE_BUCKETS, or null for cases not open at the backlog instant. */
  ageBucket: number | null;
  received: number;
  open: number;
}

/** The window of `month` (`yyyy-mm`) for a party whose agreement keeps `timeZone`; its backlog is taken at `now` at the latest. */
export function kpiWindow(partyId: string, month: string, timeZone: string, now: Date): KpiWindow {
  const [year, mm] = month.split('-').map(Number);
  const next = mm === 12 ? `${year + 1}-01-01` : `${year}-${String(mm + 1).padStart(2, '0')}-01`;
  const start = fromLocalDateTime(`${month}-01`, 0, timeZone);
  const end = fromLocalDateTime(next, 0, timeZone);
  return { partyId, start, end, asOf: now < end ? now : end };
}

/** A case whose clocks must be read: not open any more, or Responstid may have stopped in the month. */
export interface KpiClockRow extends SlaSubject {
  partyId: string;
}

/** Whose case it is for the KPIs. The explicit filter of party isolation; row-level security applies beside it. */
const OWNER: Record<KpiView, string> = {
  // The responsible party owes the support; a deviation awaiting triage counts for its reporter (issue 20).
  ansvarig: `(d.responsible_party_id = w.party_id OR (d.responsible_party_id IS NULL AND d.party_id = w.party_id))`,
  rapporterad: `d.party_id = w.party_id`,
};

const WINDOWS = `unnest($1::uuid[], $2::timestamptz[], $3::timestamptz[], $4::timestamptz[]) AS w(party_id, month_start, month_end, as_of)`;

/**
 * Anything that can count in the month: received before its end, and still open or touched since its start. `$5` is
 * the open statuses. JavaScript dates hold milliseconds: the backlog instant and the age are compared on the receipt
 * time cut to them, as the clocks compare it.
 */
function inMonth(view: KpiView): string {
  return `${OWNER[view]} AND d.submitted_at < w.month_end AND d.prioritet IS NOT NULL
          AND (d.status = ANY($5::deviation_status[]) OR d.updated_at >= w.month_start)`;
}

/** The counts of each window's month; `$6` is the age buckets' lowest whole days. */
function countsSql(view: KpiView): string {
  return `SELECT w.party_id AS "partyId", c.prioritet, c.age_bucket AS "ageBucket", c.received, c.open
            FROM ${WINDOWS}
            CROSS JOIN LATERAL (
              SELECT r.prioritet, r.age_bucket, count(*) FILTER (WHERE r.received)::int AS received,
                     count(*) FILTER (WHERE r.age_bucket IS NOT NULL)::int AS open
                FROM (SELECT d.prioritet, d.status <> '${DeviationStatus.Återkallad}' AND d.submitted_at >= w.month_start AS received,
                             CASE WHEN d.status = ANY($5::deviation_status[]) AND date_trunc('milliseconds', d.submitted_at) <= w.as_of
                                  THEN width_bucket(floor((extract(epoch FROM w.as_of)
                                         - extract(epoch FROM date_trunc('milliseconds', d.submitted_at))) / 86400)::int, $6::int[])
                             END AS age_bucket
                        FROM deviation d
                       WHERE ${inMonth(view)}) r
               GROUP BY r.prioritet, r.age_bucket) c`;
}

/**
 * The cases of each window's month whose clocks the report reads: every one not open any more (its resolution may have
 * stopped in the month, or after the backlog instant), and the open ones with a change in the month that can have
 * stopped Responstid. `$6` is those statuses. The clocks decide; this only leaves out cases they cannot count.
 */
function clockRowsSql(view: KpiView): string {
  return `SELECT w.party_id AS "partyId", d.id, d.submitted_at AS "submittedAt", d.prioritet, d.status, d.resolved_at AS "resolvedAt"
            FROM ${WINDOWS}
            JOIN deviation d ON ${inMonth(view)}
           WHERE NOT (d.status = ANY($5::deviation_status[]))
              OR EXISTS (SELECT 1 FROM audit_entry a
                          WHERE a.entity_type = 'deviation' AND a.entity_id = d.id::text
                            AND a.occurred_at >= w.month_start AND a.occurred_at < w.month_end
                            AND a.changes->'status'->>'to' = ANY($6::text[]))`;
}

/** Both reads of the report with their parameters, as the service sends them (and bench/explain.ts explains them). */
export function kpiQueries(
  view: KpiView,
  windows: readonly KpiWindow[],
): Record<'counts' | 'clockRows', { sql: string; params: unknown[] }> {
  const bounds = [windows.map((w) => w.partyId), windows.map((w) => w.start), windows.map((w) => w.end), windows.map((w) => w.asOf)];
  return {
    counts: { sql: countsSql(view), params: [...bounds, OPEN_STATUSES, KPI_AGE_BUCKETS.map(([, lowest]) => lowest)] },
    clockRows: { sql: clockRowsSql(view), params: [...bounds, OPEN_STATUSES, RESPONSE_STOP_STATUSES] },
  };
}

export async function kpiCounts(manager: EntityManager, view: KpiView, windows: readonly KpiWindow[]): Promise<KpiCount[]> {
  if (windows.length === 0) return [];
  const { sql, params } = kpiQueries(view, windows).counts;
  return (await manager.query(sql, params)) as KpiCount[];
}

export async function kpiClockRows(manager: EntityManager, view: KpiView, windows: readonly KpiWindow[]): Promise<KpiClockRow[]> {
  if (windows.length === 0) return [];
  const { sql, params } = kpiQueries(view, windows).clockRows;
  return (await manager.query(sql, params)) as KpiClockRow[];
}
