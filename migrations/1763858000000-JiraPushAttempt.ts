import type { MigrationInterface, QueryRunner } from 'typeorm';
import { appRole } from './support/app-role';

/**
 * A comment or attachment being added to Jira right now. The per-deviation lock of the sync is a PostgreSQL session
 * lock, and a database restart ends it while its holder is still waiting for Jira: this row, committed before the
 * call and ended after it, keeps a second job from adding the same thing meanwhile.
 */
export class JiraPushAttempt1763858000000 implements MigrationInterface {
  name = 'JiraPushAttempt1763858000000';

  async up(db: QueryRunner): Promise<void> {
    const role = await appRole(db);
    await db.query(`
      CREATE TABLE jira_push_attempt (
        kind text NOT NULL CONSTRAINT ck_jira_push_attempt_kind CHECK (kind IN ('comment', 'attachment')),
        local_id uuid NOT NULL,
        started_at timestamptz NOT NULL,
        ended_at timestamptz,
        CONSTRAINT pk_jira_push_attempt PRIMARY KEY (kind, local_id)
      )`);
    await db.query(`ALTER TABLE jira_push_attempt ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY`);
    await db.query(`CREATE POLICY jira_push_attempt_service ON jira_push_attempt USING (app_is_skr())`);
    await db.query(`GRANT SELECT, INSERT, UPDATE, DELETE ON jira_push_attempt TO ${role}`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE jira_push_attempt`);
  }
}
