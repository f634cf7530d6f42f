import type { MigrationInterface, QueryRunner } from 'typeorm';
import { appRole } from './support/app-role';

/**
 * The retention cleanup (src/privacy/retention.service.ts) deletes what has outlived its period: relayed outbox rows,
 * remembered Jira webhook deliveries, finished notification deliveries, and — only when configured — closed deviations.
 * The application role could not delete from these tables before.
 */
export class RetentionCleanup1765500100000 implements MigrationInterface {
  name = 'RetentionCleanup1765500100000';

  async up(db: QueryRunner): Promise<void> {
    const role = await appRole(db);
    await db.query(`GRANT DELETE ON outbox_event, jira_webhook_delivery, notification_delivery TO ${role}`);
    // A row not yet relayed is a job not yet queued: no policy lets it be deleted.
    await db.query(`CREATE POLICY outbox_event_cleanup ON outbox_event FOR DELETE USING (app_is_skr() AND dispatched_at IS NOT NULL)`);
  }

  async down(db: QueryRunner): Promise<void> {
    const role = await appRole(db);
    await db.query(`DROP POLICY outbox_event_cleanup ON outbox_event`);
    await db.query(`REVOKE DELETE ON outbox_event, jira_webhook_delivery, notification_delivery FROM ${role}`);
  }
}
