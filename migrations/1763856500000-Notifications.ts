import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Notification events (party-owned) and their deliveries, one per event, channel and recipient. */
export class Notifications1763856500000 implements MigrationInterface {
  name = 'Notifications1763856500000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE notification_event (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        type text NOT NULL,
        party_id uuid NOT NULL,
        subject_kind text NOT NULL,
        subject_id uuid NOT NULL,
        subject_key text NOT NULL,
        subject_title text NOT NULL,
        data jsonb NOT NULL DEFAULT '{}',
        contacts jsonb NOT NULL DEFAULT '[]',
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`CREATE INDEX ix_notification_event_party ON notification_event (party_id, created_at)`);
    await db.query(`
      CREATE TABLE notification_delivery (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        event_id uuid NOT NULL,
        party_id uuid NOT NULL,
        channel text NOT NULL,
        recipient text NOT NULL,
        language varchar(2) NOT NULL,
        status text NOT NULL DEFAULT 'väntar',
        attempts integer NOT NULL DEFAULT 0,
        last_error text,
        sent_at timestamptz,
        CONSTRAINT uq_notification_delivery UNIQUE (event_id, channel, recipient)
      )`);
    await db.query(`CREATE INDEX ix_notification_delivery_status ON notification_delivery (status)`);
    for (const table of ['notification_event', 'notification_delivery']) {
      await db.query(`ALTER TABLE ${table} ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY`);
      await db.query(`CREATE POLICY ${table}_visible ON ${table} USING (app_can_see(party_id))`);
      await db.query(`GRANT SELECT, INSERT, UPDATE ON ${table} TO avvikelse_app`);
    }
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE notification_delivery, notification_event`);
  }
}
