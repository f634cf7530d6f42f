import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Actor, scopeOf } from '../actor/actor';
import { Clock } from '../common/clock';
import { ScopedDb } from '../database/scoped-db';
import { Deviation, DeviationStatus } from '../deviations/deviation.entity';
import { DeviationQueriesService } from '../deviations/deviation-queries.service';
import { AgreementsService } from '../parties/agreements.service';
import { timingAgreementCodes } from '../deviations/party-agreement';
import type { AgreementDefinition } from '../agreements/agreements';
import { readSlaClocks, type SlaReading, type SolvedReport, type StatusChange } from './sla-clock';
import { SlaNotStartedError } from './sla.errors';

/** What the clocks are read from: a deviation, or just these columns of one (the KPI report loads no more). */
export type SlaSubject = Pick<Deviation, 'id' | 'submittedAt' | 'prioritet' | 'status' | 'resolvedAt'>;

/** A deviation's clocks and the agreement they were read against. */
export interface DeviationSla {
  agreement: AgreementDefinition;
  reading: SlaReading;
}

/**
 * The SLA clocks, computed on read from the deviation and its status history: nothing is stored that could drift
 * from the audit trail, and binding a party to another agreement re-reads every clock under the new one.
 */
@Injectable()
export class SlaService {
  constructor(
    private readonly db: ScopedDb,
    private readonly deviations: DeviationQueriesService,
    private readonly agreements: AgreementsService,
    private readonly clock: Clock,
  ) {}

  /** The clocks of one deviation; another party's deviation is a 404 like a missing one. */
  async clocksOf(actor: Actor, deviationId: string): Promise<DeviationSla> {
    const deviation = await this.deviations.get(actor, deviationId);
    if (!deviation.submittedAt || !deviation.prioritet) throw new SlaNotStartedError();
    return this.db.transaction(scopeOf(actor), async (manager) => {
      const sla = (await this.read(manager, [deviation], this.clock.now())).get(deviation.id);
      if (!sla) throw new SlaNotStartedError();
      return sla;
    });
  }

  /**
   * The clocks of a page's rows (the portal's start page) in one transaction and one read, however many rows: never a
   * clocksOf per row, which would read each deviation again and open a transaction for each.
   */
  async clocksOfMany(actor: Actor, deviations: readonly Deviation[]): Promise<Map<string, DeviationSla>> {
    if (!deviations.some((d) => d.submittedAt && d.prioritet)) return new Map();
    return this.db.transaction(scopeOf(actor), (manager) => this.read(manager, deviations, this.clock.now()));
  }

  /**
   * The clocks of every submitted deviation with a priority among `deviations`, by id, in three queries however many
   * there are. Deviations without clocks are left out.
   */
  async read(manager: EntityManager, deviations: readonly SlaSubject[], now: Date): Promise<Map<string, DeviationSla>> {
    const started = deviations.filter((d) => d.submittedAt && d.prioritet);
    const result = new Map<string, DeviationSla>();
    if (started.length === 0) return result;
    const ids = started.map((d) => d.id);
    // The responsible party's agreement for the bastjänst (issue 20); re-read on every read, so naming or changing
    // the responsible party re-times the open clock from the case's receipt.
    const agreementCodeOf = await timingAgreementCodes(manager, ids);
    // The trail and the report back through definer's-rights functions (migration 1765802000000): read under the
    // caller's row-level security, the responsible party would miss the reporter's "lösning satt" notice and read a
    // clock of its own. The functions return facts only, and only for deviations the caller sees.
    const changeRows = (await manager.query(
      `SELECT deviation_id, occurred_at, status FROM app_deviation_status_changes($1::uuid[]) ORDER BY occurred_at, seq`,
      [ids],
    )) as { deviation_id: string; occurred_at: Date; status: DeviationStatus }[];
    // When each "lösning satt" to the reporter was reported back: its first e-mail delivered to a confirmed address. A
    // held-back delivery (`ej_bekräftad`: an address the party never confirmed) is never sent and is not waited for;
    // a notice with no e-mail to a confirmed address (or before the worker got to it) counts from when it was raised,
    // as it is then in the reporter's feed (GET /api/v1/notifications).
    const solvedRows = (await manager.query(
      `SELECT deviation_id, raised_at, deliveries, first_sent FROM app_deviation_solved_reports($1::uuid[])`,
      [ids],
    )) as { deviation_id: string; raised_at: Date; deliveries: number; first_sent: Date | null }[];

    const changes = groupBy(
      changeRows,
      (r) => r.deviation_id,
      (r): StatusChange => ({ at: r.occurred_at, to: r.status }),
    );
    const solved = groupBy(
      solvedRows,
      (r) => r.deviation_id,
      (r): SolvedReport => ({ raisedAt: r.raised_at, reportedAt: r.deliveries === 0 ? r.raised_at : r.first_sent }),
    );
    for (const deviation of started) {
      const code = agreementCodeOf.get(deviation.id);
      if (!code) continue;
      const agreement = await this.agreements.definition(manager, code);
      const reading = readSlaClocks({
        agreement,
        prioritet: deviation.prioritet!,
        receivedAt: deviation.submittedAt!,
        status: deviation.status,
        changes: changes.get(deviation.id) ?? [],
        resolvedAt: deviation.resolvedAt,
        solvedReports: solved.get(deviation.id) ?? [],
        now,
      });
      result.set(deviation.id, { agreement, reading });
    }
    return result;
  }
}

function groupBy<T, V>(rows: readonly T[], key: (row: T) => string, value: (row: T) => V): Map<string, V[]> {
  const groups = new Map<string, V[]>();
  for (const row of rows) {
    const k = key(row);
    const group = groups.get(k);
    if (group) group.push(value(row));
    else groups.set(k, [value(row)]);
  }
  return groups;
}
