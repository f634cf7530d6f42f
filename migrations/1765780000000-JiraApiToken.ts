import type { MigrationInterface, QueryRunner } from 'typeorm';
import { appRole } from './support/app-role';

/**
 * The Jira API token an SKR admin sets through `PUT /api/v1/jira/token`: one row, sealed with AES-256-GCM under a key
 * from the configuration (never from this database). SKR-only, as the other Jira tables: row-level security lets
 * only the SKR scope see it; the controller lets only an SKR admin change it.
 */
export class JiraApiToken1765780000000 implements MigrationInterface {
  name = 'JiraApiToken1765780000000';

  async up(db: QueryRunner): Promise<void> {
    const role = await appRole(db);
    await db.query(`
      CREATE TABLE jira_api_token (
        id smallint PRIMARY KEY DEFAULT 1,
        key_id text NOT NULL,
        iv bytea NOT NULL,
        ciphertext bytea NOT NULL,
        auth_tag bytea NOT NULL,
        fingerprint text NOT NULL,
        expires_at timestamptz,
        set_at timestamptz NOT NULL,
        set_by text NOT NULL,
        CONSTRAINT ck_jira_api_token_one_row CHECK (id = 1)
      )`);
    await db.query(`ALTER TABLE jira_api_token ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY`);
    await db.query(`CREATE POLICY jira_api_token_service ON jira_api_token USING (app_is_skr())`);
    await db.query(`GRANT SELECT, INSERT, UPDATE, DELETE ON jira_api_token TO ${role}`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE jira_api_token`);
  }
}
