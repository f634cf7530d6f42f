import { type MigrationInterface, type QueryRunner } from 'typeorm';
import { appRole } from './support/app-role';

/**
 * The transactional outbox. Any actor's transaction may append (its change caused the event); only the service's
 * own scope (the relay in the worker) reads and marks rows dispatched.
 */
export class Outbox1763856300000 implements MigrationInterface {
  name = 'Outbox1763856300000';

  async up(db: QueryRunner): Promise<void> {
    const role = await appRole(db);
    await db.query(`
      CREATE TABLE outbox_event (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        created_at timestamptz NOT NULL DEFAULT now(),
        queue text NOT NULL,
        job_name text NOT NULL,
        job_key text NOT NULL,
        payload jsonb NOT NULL,
        party_id uuid,
        dispatched_at timestamptz
      )`);
    await db.query(`CREATE INDEX ix_outbox_event_pending ON outbox_event (id) WHERE dispatched_at IS NULL`);
    await db.query(`ALTER TABLE outbox_event ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY`);
    await db.query(`CREATE POLICY outbox_event_append ON outbox_event FOR INSERT WITH CHECK (true)`);
    await db.query(`CREATE POLICY outbox_event_relay_read ON outbox_event FOR SELECT USING (app_is_skr())`);
    await db.query(`CREATE POLICY outbox_event_relay_mark ON outbox_event FOR UPDATE USING (app_is_skr())`);
    await db.query(`GRANT SELECT, INSERT, UPDATE ON outbox_event TO ${role}`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE outbox_event`);
  }
}
