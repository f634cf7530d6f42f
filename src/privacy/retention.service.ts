import { Injectable, Logger } from '@nestjs/common';
import { Clock } from '../common/clock';
import { AppConfig } from '../config/app-config';
import { SYSTEM_SCOPE } from '../database/data-scope';
import { ScopedDb } from '../database/scoped-db';
import { ClosedDeviationsService } from './closed-deviations.service';

/** Rows deleted by one cleanup, per table. */
export type CleanupResult = Record<
  'outbox_event' | 'jira_webhook_delivery' | 'notification_delivery' | 'deviation' | 'drift_subscription' | 'drift_subscribe_request',
  number
>;

const DAY_MS = 24 * 3600 * 1000;

/**
 * Deletes what has outlived its retention period (README "Personal data", "Retention"): tables that only grow would
 * otherwise keep every contact person's e-mail address in the delivery log, and every webhook payload, for ever.
 * Each table in its own transaction, so one that fails does not hold back the others. The audit trail is kept as long
 * as the record it is about (erasure pseudonymises the people in it; closed deviations take theirs along when the
 * retention rule for them is on).
 */
@Injectable()
export class RetentionService {
  private readonly logger = new Logger(RetentionService.name);

  constructor(
    private readonly db: ScopedDb,
    private readonly clock: Clock,
    private readonly config: AppConfig,
    private readonly closedDeviations: ClosedDeviationsService,
  ) {}

  async cleanup(): Promise<CleanupResult> {
    const before = (days: number) => new Date(this.clock.now().getTime() - days * DAY_MS);
    const result: CleanupResult = {
      // Relayed rows only; the policy refuses the others as well (migration RetentionCleanup).
      outbox_event: await this.delete(
        `DELETE FROM outbox_event WHERE dispatched_at IS NOT NULL AND dispatched_at < $1`,
        before(this.config.RETENTION_OUTBOX_DAYS),
      ),
      jira_webhook_delivery: await this.delete(
        `DELETE FROM jira_webhook_delivery WHERE received_at < $1`,
        before(this.config.RETENTION_WEBHOOK_DELIVERY_DAYS),
      ),
      // Finished deliveries only: one waiting or being sent is work still to do.
      notification_delivery: await this.delete(
        `DELETE FROM notification_delivery
          WHERE status IN ('skickad', 'misslyckad', 'ej_bekräftad') AND coalesce(sent_at, failed_at, last_attempt_at, created_at) < $1`,
        before(this.config.RETENTION_NOTIFICATION_DELIVERY_DAYS),
      ),
      deviation: await this.closedDeviations.deleteExpired(),
      // An address nobody confirmed is kept only as long as its link works (DRIFTINFO_CONFIRM_HOURS).
      drift_subscription: await this.delete(
        `DELETE FROM drift_subscription WHERE status = 'vantar' AND confirm_expires_at < $1`,
        this.clock.now(),
      ),
      // Requests count towards the per-address limit for an hour; a day covers that and a worker outage.
      drift_subscribe_request: await this.delete(`DELETE FROM drift_subscribe_request WHERE created_at < $1`, before(1)),
    };
    this.logger.log(result, 'retention cleanup');
    return result;
  }

  private async delete(sql: string, olderThan: Date): Promise<number> {
    const [, count] = (await this.db.transaction(SYSTEM_SCOPE, (manager) => manager.query(sql, [olderThan]))) as [unknown, number];
    return count;
  }
}
