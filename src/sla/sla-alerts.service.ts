import { Injectable, Logger } from '@nestjs/common';
import { EntityManager, In, IsNull, Not } from 'typeorm';
import { Clock } from '../common/clock';
import { SYSTEM_SCOPE } from '../database/data-scope';
import { ScopedDb } from '../database/scoped-db';
import { Deviation } from '../deviations/deviation.entity';
import { DeviationsService } from '../deviations/deviations.service';
import { NotificationType } from '../notifications/notification-event.entity';
import type { SlaAlertKind, SlaClockName } from './sla-alert.entity';
import { OPEN_STATUSES, type ClockReading } from './sla-clock';
import { SlaService } from './sla.service';

/** Share of a target used at which the party is warned. */
export const WARNING_AT_PERCENT = 75;

export interface ScanResult {
  scanned: number;
  raised: number;
}

/** The repeating scan that warns at 75 % of a target and reports the breach, each once per clock. */
@Injectable()
export class SlaAlertsService {
  private readonly logger = new Logger(SlaAlertsService.name);

  constructor(
    private readonly db: ScopedDb,
    private readonly sla: SlaService,
    private readonly deviations: DeviationsService,
    private readonly clock: Clock,
  ) {}

  async scan(): Promise<ScanResult> {
    const now = this.clock.now();
    return this.db.transaction(SYSTEM_SCOPE, async (manager) => {
      const open = await manager.find(Deviation, { where: { status: In([...OPEN_STATUSES]), submittedAt: Not(IsNull()), prioritet: Not(IsNull()) } });
      if (open.length === 0) return { scanned: 0, raised: 0 };
      const clocks = await this.sla.read(manager, open, now);
      let raised = 0;
      for (const deviation of open) {
        const sla = clocks.get(deviation.id);
        if (!sla) continue;
        raised += await this.alert(manager, deviation, 'response', sla.reading.response, now);
        raised += await this.alert(manager, deviation, 'resolution', sla.reading.resolution, now);
      }
      if (raised > 0) this.logger.log({ scanned: open.length, raised }, 'sla alerts raised');
      return { scanned: open.length, raised };
    });
  }

  /**
   * A clock that jumps straight past its target (a scan after downtime) gets only the breach: its warning is
   * recorded as raised so it never arrives after the breach.
   */
  private async alert(manager: EntityManager, deviation: Deviation, clock: SlaClockName, reading: ClockReading, now: Date): Promise<number> {
    if (reading.stoppedAt) return 0;
    const breached = reading.state === 'breached';
    let raised = 0;
    if (reading.percentUsed >= WARNING_AT_PERCENT && (await this.record(manager, deviation, 'varning', clock, now)) && !breached) {
      await this.deviations.notify(manager, deviation, NotificationType.SlaVarning, { clock, percentUsed: Math.floor(reading.percentUsed), dueAt: reading.dueAt?.toISOString() ?? null });
      raised += 1;
    }
    if (breached && (await this.record(manager, deviation, 'brott', clock, now))) {
      await this.deviations.notify(manager, deviation, NotificationType.SlaBrott, { clock, dueAt: reading.dueAt?.toISOString() ?? null });
      raised += 1;
    }
    return raised;
  }

  /** True when this alert is new; the unique key makes a second scan, or a concurrent one, a no-op. */
  private async record(manager: EntityManager, deviation: Deviation, kind: SlaAlertKind, clock: SlaClockName, now: Date): Promise<boolean> {
    const inserted = (await manager.query(
      `INSERT INTO sla_alert (deviation_id, party_id, kind, clock, raised_at) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT ON CONSTRAINT uq_sla_alert DO NOTHING RETURNING id`,
      [deviation.id, deviation.partyId, kind, clock, now],
    )) as unknown[];
    return inserted.length > 0;
  }
}
