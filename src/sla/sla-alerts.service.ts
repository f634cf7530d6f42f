import { Injectable, Logger } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Clock } from '../common/clock';
import { SYSTEM_SCOPE } from '../database/data-scope';
import { ScopedDb } from '../database/scoped-db';
import { Deviation } from '../deviations/deviation.entity';
import { DeviationEventsService } from '../deviations/deviation-events.service';
import { NotificationType } from '../notifications/notification-type';
import type { SlaAlertKind, SlaClockName } from './sla-alert.entity';
import { OPEN_STATUSES, type ClockReading } from './sla-clock';
import { SlaService } from './sla.service';

/** Deviations read per transaction of the scan. */
const SCAN_BATCH = 500;

const alertKey = (deviationId: string, kind: SlaAlertKind, clock: SlaClockName) => `${deviationId}/${kind}/${clock}`;

/** Share of a target used at which the party is warned. */
export const WARNING_AT_PERCENT = 75;

export interface ScanResult {
  scanned: number;
  raised: number;
}

/** The repeating scan that warns at 75 % of a target (once per clock and responsible party) and reports the breach once. */
@Injectable()
export class SlaAlertsService {
  private readonly logger = new Logger(SlaAlertsService.name);

  constructor(
    private readonly db: ScopedDb,
    private readonly sla: SlaService,
    private readonly deviationEvents: DeviationEventsService,
    private readonly clock: Clock,
  ) {}

  /**
   * One pass over the open deviations whose clocks run, in keyset batches of `batchSize`, each its own transaction:
   * memory and transaction length stay small however many are open. A deviation with both clocks already reported
   * breached has nothing left to raise and is not read at all; alerts already raised are not attempted again.
   */
  async scan(batchSize = SCAN_BATCH): Promise<ScanResult> {
    const now = this.clock.now();
    let scanned = 0;
    let raised = 0;
    for (let after: string | null = null; ;) {
      const batch = await this.db.transaction(SYSTEM_SCOPE, async (manager) => {
        const open = await this.candidates(manager, after, batchSize);
        const clocks = await this.sla.read(manager, open, now);
        const done = await this.raisedAlready(manager, open);
        for (const deviation of open) {
          const sla = clocks.get(deviation.id);
          if (!sla) continue;
          raised += await this.alert(manager, deviation, 'response', sla.reading.response, now, done);
          raised += await this.alert(manager, deviation, 'resolution', sla.reading.resolution, now, done);
        }
        return open;
      });
      scanned += batch.length;
      if (batch.length < batchSize) break;
      after = batch[batch.length - 1].id;
    }
    if (raised > 0) this.logger.log({ scanned, raised }, 'sla alerts raised');
    return { scanned, raised };
  }

  /** Read off the partial index ix_deviation_sla_running, which holds exactly the deviations whose clocks may run. */
  private candidates(manager: EntityManager, after: string | null, limit: number): Promise<Deviation[]> {
    const query = manager
      .createQueryBuilder(Deviation, 'd')
      .where(`d.status IN (:...open) AND d.submitted_at IS NOT NULL AND d.prioritet IS NOT NULL`, { open: OPEN_STATUSES })
      .andWhere(`(SELECT count(*) FROM sla_alert a WHERE a.deviation_id = d.id AND a.kind = 'brott') < 2`);
    if (after) query.andWhere('d.id > :after', { after });
    return query.orderBy('d.id').limit(limit).getMany();
  }

  /** The alerts raised, by deviation, kind and clock, with the responsible party a warning went to. */
  private async raisedAlready(manager: EntityManager, deviations: Deviation[]): Promise<Raised> {
    if (deviations.length === 0) return new Map();
    const rows = (await manager.query(
      `SELECT deviation_id, kind, clock, responsible_party_id FROM sla_alert WHERE deviation_id = ANY($1::uuid[])`,
      [deviations.map((d) => d.id)],
    )) as { deviation_id: string; kind: SlaAlertKind; clock: SlaClockName; responsible_party_id: string | null }[];
    return new Map(rows.map((r) => [alertKey(r.deviation_id, r.kind, r.clock), r.responsible_party_id]));
  }

  /**
   * A clock that jumps straight past its target (a scan after downtime) gets only the breach: its warning is
   * recorded as raised so it never arrives after the breach.
   */
  private async alert(
    manager: EntityManager,
    deviation: Deviation,
    clock: SlaClockName,
    reading: ClockReading,
    now: Date,
    done: Raised,
  ): Promise<number> {
    const due = alertsDue(reading);
    const breached = due.includes('brott');
    const record = (kind: SlaAlertKind) =>
      !alreadyRaised(done, deviation, kind, clock) && this.record(manager, deviation, kind, clock, now);
    let raised = 0;
    if (due.includes('varning') && (await record('varning')) && !breached) {
      // A warning is for whoever can still act in time: the responsible party once there is one (before triage the
      // reporter, as always). A breach is told to both: the reporter is owed the support, and it is mandatory mail.
      await this.deviationEvents.notify(
        manager,
        deviation,
        NotificationType.SlaVarning,
        { clock, percentUsed: Math.floor(reading.percentUsed), dueAt: reading.dueAt?.toISOString() ?? null },
        deviation.responsiblePartyId ? 'responsible' : 'reporter',
      );
      raised += 1;
    }
    if (breached && (await record('brott'))) {
      await this.deviationEvents.notify(manager, deviation, NotificationType.SlaBrott, {
        clock,
        dueAt: reading.dueAt?.toISOString() ?? null,
      });
      raised += 1;
    }
    return raised;
  }

  /**
   * True when this alert is new, or a warning moves on to a responsible party it has not reached; the unique key and
   * the conditional update make a second scan, or a concurrent one, a no-op.
   */
  private async record(manager: EntityManager, deviation: Deviation, kind: SlaAlertKind, clock: SlaClockName, now: Date): Promise<boolean> {
    const responsible = kind === 'varning' ? deviation.responsiblePartyId : null;
    const written = (await manager.query(
      `INSERT INTO sla_alert (deviation_id, party_id, responsible_party_id, kind, clock, raised_at) VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT ON CONSTRAINT uq_sla_alert DO UPDATE SET responsible_party_id = EXCLUDED.responsible_party_id, raised_at = EXCLUDED.raised_at
        WHERE sla_alert.kind = 'varning' AND EXCLUDED.responsible_party_id IS NOT NULL
          AND sla_alert.responsible_party_id IS DISTINCT FROM EXCLUDED.responsible_party_id
       RETURNING id`,
      [deviation.id, deviation.partyId, responsible, kind, clock, now],
    )) as unknown[];
    return written.length > 0;
  }
}

/**
 * The alerts a clock's reading calls for: a warning from WARNING_AT_PERCENT on (also when the clock jumped straight
 * past it, so it is recorded and never arrives after the breach), and the breach; none for a stopped clock.
 */
export function alertsDue(reading: ClockReading): SlaAlertKind[] {
  if (reading.stoppedAt) return [];
  return [
    ...(reading.percentUsed >= WARNING_AT_PERCENT ? (['varning'] as const) : []),
    ...(reading.state === 'breached' ? (['brott'] as const) : []),
  ];
}

/** Alerts raised, by `alertKey`: the responsible party a warning went to (null: to the reporter, or a breach). */
type Raised = Map<string, string | null>;

/** A breach is told once; a warning once per responsible party, the reporter's before triage counting for nobody after. */
function alreadyRaised(done: Raised, deviation: Deviation, kind: SlaAlertKind, clock: SlaClockName): boolean {
  const key = alertKey(deviation.id, kind, clock);
  if (!done.has(key)) return false;
  return kind === 'brott' || deviation.responsiblePartyId === null || done.get(key) === deviation.responsiblePartyId;
}
