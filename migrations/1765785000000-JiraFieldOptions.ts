import type { MigrationInterface, QueryRunner } from 'typeorm';
import { appRole } from './support/app-role';

/**
 * Which option of which Jira select field stands for which party or bastjänst (README, "How parties map to Jira"):
 * written by `npm run jira:setup` and by the sync when a party is new, read by the push (option ids on create and
 * edit) and the pull (SKR's choice of responsible party). The worker's own table: only the service scope reads it.
 * `jira_link.jira_responsible_party_id` is the responsible party the issue is known to show, as the link knows status
 * and priority, so a pull takes only a change made in Jira as SKR's decision.
 */
export class JiraFieldOptions1765785000000 implements MigrationInterface {
  name = 'JiraFieldOptions1765785000000';

  async up(db: QueryRunner): Promise<void> {
    const role = await appRole(db);
    await db.query(`
      CREATE TABLE jira_field_option (
        field_id text NOT NULL,
        option_id text NOT NULL,
        value text NOT NULL,
        party_id uuid CONSTRAINT fk_jira_field_option_party REFERENCES party (id) ON DELETE CASCADE,
        bastjanst text CONSTRAINT fk_jira_field_option_bastjanst REFERENCES bastjanst (code) ON DELETE CASCADE,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (field_id, option_id),
        CONSTRAINT ck_jira_field_option_one_subject CHECK ((party_id IS NULL) <> (bastjanst IS NULL))
      )`);
    await db.query(`CREATE UNIQUE INDEX uq_jira_field_option_party ON jira_field_option (field_id, party_id) WHERE party_id IS NOT NULL`);
    await db.query(
      `CREATE UNIQUE INDEX uq_jira_field_option_bastjanst ON jira_field_option (field_id, bastjanst) WHERE bastjanst IS NOT NULL`,
    );
    await db.query(`ALTER TABLE jira_field_option ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY`);
    await db.query(`CREATE POLICY jira_field_option_service ON jira_field_option USING (app_is_skr())`);
    await db.query(`GRANT SELECT, INSERT, DELETE ON jira_field_option TO ${role}`);
    await db.query(`ALTER TABLE jira_link ADD COLUMN jira_responsible_party_id uuid`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE jira_link DROP COLUMN jira_responsible_party_id`);
    await db.query(`DROP TABLE jira_field_option`);
  }
}
