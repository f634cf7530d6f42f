// The SLA alerts the seeded history would have raised. A production database of 1,000,000 deviations has had its
// warnings and breaches raised as each clock passed them; a freshly seeded one has none, so the worker's first scans
// raised tens of thousands at once and spent a core on their notifications while the reads were measured (issue 20:
// the worker used about as much CPU as the API during the read phase). This writes that history with the rule the
// scan uses (`readSlaClocks` and `alertsDue`, fed by the same SQL functions as SlaService.read), so the scan
// finds only what comes due while the bench runs.
import type { Pool, PoolClient } from 'pg';
import type { AgreementDefinition } from '../src/agreements/agreements';
import type { Prioritet } from '../src/agreements/priority';
import type { DeviationStatus } from '../src/deviations/deviation.entity';
import { alertsDue } from '../src/sla/sla-alerts.service';
import { type ClockReading, OPEN_STATUSES, readSlaClocks, type SolvedReport, type StatusChange } from '../src/sla/sla-clock';

const BATCH = 5_000;

interface OpenRow {
  id: string;
  party_id: string | null;
  responsible_party_id: string | null;
  prioritet: Prioritet;
  status: DeviationStatus;
  submitted_at: Date;
  resolved_at: Date | null;
}

interface Alert {
  deviationId: string;
  partyId: string | null;
  responsiblePartyId: string | null;
  kind: 'varning' | 'brott';
  clock: 'response' | 'resolution';
  raisedAt: Date;
}

/** Writes the alerts already due at `now` for every open deviation; returns how many. */
export async function seedAlertHistory(owner: Pool, now: Date): Promise<number> {
  const client = await owner.connect();
  try {
    const definitions = new Map(
      (await client.query<{ code: string; definition: AgreementDefinition }>(`SELECT code, definition FROM agreement`)).rows.map((r) => [
        r.code,
        r.definition,
      ]),
    );
    let written = 0;
    for (let after = '00000000-0000-0000-0000-000000000000'; ;) {
      await client.query(`BEGIN; SELECT set_config('app.skr', 'on', true)`);
      const { rows } = await client.query<OpenRow>(
        `SELECT id, party_id, responsible_party_id, prioritet, status, submitted_at, resolved_at FROM deviation
          WHERE status = ANY($1::deviation_status[]) AND submitted_at IS NOT NULL AND prioritet IS NOT NULL AND id > $2
          ORDER BY id LIMIT ${BATCH}`,
        [OPEN_STATUSES, after],
      );
      const alerts = await alertsOf(client, rows, definitions, now);
      await client.query(
        `INSERT INTO sla_alert (deviation_id, party_id, responsible_party_id, kind, clock, raised_at)
         SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::text[], $5::text[], $6::timestamptz[])
         ON CONFLICT ON CONSTRAINT uq_sla_alert DO NOTHING`,
        [
          alerts.map((a) => a.deviationId),
          alerts.map((a) => a.partyId),
          alerts.map((a) => a.responsiblePartyId),
          alerts.map((a) => a.kind),
          alerts.map((a) => a.clock),
          alerts.map((a) => a.raisedAt),
        ],
      );
      await client.query('COMMIT');
      written += alerts.length;
      if (rows.length < BATCH) return written;
      after = rows[rows.length - 1].id;
    }
  } finally {
    client.release();
  }
}

async function alertsOf(client: PoolClient, rows: OpenRow[], definitions: Map<string, AgreementDefinition>, now: Date): Promise<Alert[]> {
  const ids = rows.map((r) => r.id);
  const codes = new Map(
    (
      await client.query<{ deviation_id: string; agreement_code: string }>(`SELECT * FROM app_deviation_agreements($1::uuid[])`, [ids])
    ).rows.map((r) => [r.deviation_id, r.agreement_code]),
  );
  const changes = group(
    (
      await client.query<{ deviation_id: string; occurred_at: Date; status: DeviationStatus }>(
        `SELECT deviation_id, occurred_at, status FROM app_deviation_status_changes($1::uuid[]) ORDER BY occurred_at, seq`,
        [ids],
      )
    ).rows,
    (r): StatusChange => ({ at: r.occurred_at, to: r.status }),
  );
  const solved = group(
    (
      await client.query<{ deviation_id: string; raised_at: Date; deliveries: number; first_sent: Date | null }>(
        `SELECT deviation_id, raised_at, deliveries, first_sent FROM app_deviation_solved_reports($1::uuid[])`,
        [ids],
      )
    ).rows,
    (r): SolvedReport => ({ raisedAt: r.raised_at, reportedAt: r.deliveries === 0 ? r.raised_at : r.first_sent }),
  );
  const alerts: Alert[] = [];
  for (const row of rows) {
    const agreement = definitions.get(codes.get(row.id) ?? '');
    if (!agreement) continue;
    const reading = readSlaClocks({
      agreement,
      prioritet: row.prioritet,
      receivedAt: row.submitted_at,
      status: row.status,
      changes: changes.get(row.id) ?? [],
      resolvedAt: row.resolved_at,
      solvedReports: solved.get(row.id) ?? [],
      now,
    });
    for (const [clock, clockReading] of [
      ['response', reading.response],
      ['resolution', reading.resolution],
    ] as const) {
      alerts.push(...alertsOfClock(row, clock, clockReading, now));
    }
  }
  return alerts;
}

/** The alerts `alertsDue` (SlaAlertsService's rule) calls for, as history: a breach raised when it fell due. */
function alertsOfClock(row: OpenRow, clock: Alert['clock'], reading: ClockReading, now: Date): Alert[] {
  const due = alertsDue(reading);
  const raisedAt = due.includes('brott') && reading.dueAt && reading.dueAt < now ? reading.dueAt : now;
  return due.map((kind) => ({
    deviationId: row.id,
    partyId: row.party_id,
    clock,
    raisedAt,
    kind,
    // A warning goes to the responsible party once there is one; a breach to both sides.
    responsiblePartyId: kind === 'varning' ? row.responsible_party_id : null,
  }));
}

function group<R extends { deviation_id: string }, V>(rows: readonly R[], value: (row: R) => V): Map<string, V[]> {
  const groups = new Map<string, V[]>();
  for (const row of rows) {
    const group = groups.get(row.deviation_id);
    if (group) group.push(value(row));
    else groups.set(row.deviation_id, [value(row)]);
  }
  return groups;
}
