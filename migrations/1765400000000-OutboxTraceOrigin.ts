import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The trace context (W3C traceparent) and request id of the change that wrote an outbox row, so the job the relay
 * makes of it continues the request's trace and names its request. Null when tracing is off or nothing asked (a
 * scheduled scan), and on every row before this.
 */
export class OutboxTraceOrigin1765400000000 implements MigrationInterface {
  name = 'OutboxTraceOrigin1765400000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE outbox_event ADD COLUMN traceparent text, ADD COLUMN request_id text`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE outbox_event DROP COLUMN traceparent, DROP COLUMN request_id`);
  }
}
