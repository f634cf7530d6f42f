import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Per-user e-mail preferences and the parties' own webhook endpoints with their delivery log, all party-owned. */
export class NotificationPreferencesWebhooks1763856550000 implements MigrationInterface {
  name = 'NotificationPreferencesWebhooks1763856550000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE notification_preference (
        user_subject text NOT NULL,
        type text NOT NULL,
        party_id uuid NOT NULL,
        email boolean NOT NULL,
        PRIMARY KEY (user_subject, type)
      )`);
    await db.query(`
      CREATE TABLE party_webhook (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        party_id uuid NOT NULL,
        url text NOT NULL,
        event_types text[] NOT NULL,
        secret text NOT NULL,
        active boolean NOT NULL DEFAULT true,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`CREATE INDEX ix_party_webhook_party ON party_webhook (party_id)`);
    await db.query(`
      CREATE TABLE party_webhook_delivery (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        webhook_id uuid NOT NULL,
        event_id uuid NOT NULL,
        party_id uuid NOT NULL,
        status text NOT NULL DEFAULT 'väntar',
        attempts integer NOT NULL DEFAULT 0,
        response_status integer,
        last_error text,
        delivered_at timestamptz,
        CONSTRAINT uq_party_webhook_delivery UNIQUE (webhook_id, event_id)
      )`);
    for (const table of ['notification_preference', 'party_webhook', 'party_webhook_delivery']) {
      await db.query(`ALTER TABLE ${table} ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY`);
      await db.query(`CREATE POLICY ${table}_visible ON ${table} USING (app_can_see(party_id))`);
      await db.query(`GRANT SELECT, INSERT, UPDATE, DELETE ON ${table} TO avvikelse_app`);
    }
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE party_webhook_delivery, party_webhook, notification_preference`);
  }
}
