import { type MigrationInterface, type QueryRunner } from 'typeorm';
import { appRole } from './support/app-role';

/**
 * Jira sync bookkeeping. `jira_link` is party-owned (a party sees its deviations' sync state); the rest is the
 * worker's own and only the service scope reads it. The mapping is seeded with the ids of SKR's workflow in
 * "Kvalitetshöjande åtgärder SSBTEK" (the simulator uses the same ids); SKR admins change it through the API.
 */
export class JiraSync1763856400000 implements MigrationInterface {
  name = 'JiraSync1763856400000';

  async up(db: QueryRunner): Promise<void> {
    const role = await appRole(db);
    await db.query(`CREATE TYPE jira_sync_state AS ENUM ('väntar', 'synkad', 'fel')`);
    await db.query(`
      CREATE TABLE jira_link (
        deviation_id uuid PRIMARY KEY,
        party_id uuid NOT NULL,
        issue_id text,
        issue_key text,
        state jira_sync_state NOT NULL DEFAULT 'väntar',
        last_error text,
        last_error_at timestamptz,
        pushed_fields_hash text,
        watermark timestamptz,
        last_synced_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT uq_jira_link_issue_id UNIQUE (issue_id)
      )`);
    await db.query(`CREATE INDEX ix_jira_link_state ON jira_link (state)`);
    await db.query(`
      CREATE TABLE jira_comment_link (
        jira_comment_id text PRIMARY KEY,
        deviation_id uuid NOT NULL,
        comment_id uuid NOT NULL,
        origin text NOT NULL,
        body_hash text NOT NULL,
        CONSTRAINT uq_jira_comment_link_comment UNIQUE (comment_id)
      )`);
    await db.query(`CREATE INDEX ix_jira_comment_link_deviation ON jira_comment_link (deviation_id)`);
    await db.query(`
      CREATE TABLE jira_attachment_link (
        attachment_id uuid PRIMARY KEY,
        deviation_id uuid NOT NULL,
        jira_attachment_id text NOT NULL
      )`);
    await db.query(`CREATE INDEX ix_jira_attachment_link_deviation ON jira_attachment_link (deviation_id)`);
    await db.query(`
      CREATE TABLE jira_webhook_delivery (
        delivery_id text PRIMARY KEY,
        received_at timestamptz NOT NULL DEFAULT now(),
        event text NOT NULL,
        issue_id text
      )`);
    await db.query(
      `CREATE TABLE jira_mapping (kind text NOT NULL, jira_id text NOT NULL, value text NOT NULL, PRIMARY KEY (kind, jira_id))`,
    );
    await db.query(`
      INSERT INTO jira_mapping (kind, jira_id, value) VALUES
        ('status', '10000', 'inskickad'), ('status', '10001', 'mottagen'), ('status', '10002', 'under_utredning'),
        ('status', '10003', 'åtgärdas'), ('status', '10004', 'väntar_på_komplettering'), ('status', '10005', 'löst'),
        ('status', '10006', 'stängd'),
        ('priority', '1', 'kritisk'), ('priority', '2', 'hög'), ('priority', '3', 'medel'), ('priority', '4', 'låg')`);
    await db.query(`
      CREATE TABLE jira_integration (
        id smallint PRIMARY KEY DEFAULT 1,
        paused boolean NOT NULL DEFAULT false,
        paused_reason text,
        paused_at timestamptz,
        reconcile_watermark timestamptz,
        repairs bigint NOT NULL DEFAULT 0
      )`);
    await db.query(`INSERT INTO jira_integration (id) VALUES (1)`);

    await db.query(`ALTER TABLE jira_link ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY`);
    await db.query(`CREATE POLICY jira_link_visible ON jira_link USING (app_can_see(party_id))`);
    for (const table of ['jira_comment_link', 'jira_attachment_link', 'jira_webhook_delivery', 'jira_mapping', 'jira_integration']) {
      await db.query(`ALTER TABLE ${table} ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY`);
      await db.query(`CREATE POLICY ${table}_service ON ${table} USING (app_is_skr())`);
    }
    // Webhook intake runs in the API before any actor exists: it may record a delivery, and nothing else.
    await db.query(`CREATE POLICY jira_webhook_delivery_intake ON jira_webhook_delivery FOR INSERT WITH CHECK (true)`);
    await db.query(
      `GRANT SELECT, INSERT, UPDATE ON jira_link, jira_comment_link, jira_attachment_link, jira_mapping, jira_integration TO ${role}`,
    );
    await db.query(`GRANT DELETE ON jira_mapping TO ${role}`);
    await db.query(`GRANT SELECT, INSERT ON jira_webhook_delivery TO ${role}`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE jira_integration, jira_mapping, jira_webhook_delivery, jira_attachment_link, jira_comment_link, jira_link`);
    await db.query(`DROP TYPE jira_sync_state`);
  }
}
