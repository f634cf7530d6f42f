import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Three things a real Jira site needs of the sync's bookkeeping:
 * - `jira_mapping.outbound`: where two Jira statuses mean the same to us (Stängd, Avbruten), which one we move an issue
 *   to. At most one per value; every existing row maps a value of its own, so each becomes its value's outbound row.
 * - `jira_link.last_error_code`: a stable code beside the failure text (no path to a status, a required field we
 *   cannot fill, SKR's edit in Jira), so SKR can tell failures apart and the portal can name them.
 * - `jira_link.written_content_hash`: a hash of the summary and description text as we last wrote them, to tell an
 *   edit SKR made in Jira from our own.
 */
export class JiraWorkflowAndConflicts1764300000000 implements MigrationInterface {
  name = 'JiraWorkflowAndConflicts1764300000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE jira_mapping ADD COLUMN outbound boolean NOT NULL DEFAULT false`);
    await db.query(`UPDATE jira_mapping SET outbound = true`);
    await db.query(`CREATE UNIQUE INDEX uq_jira_mapping_outbound ON jira_mapping (kind, value) WHERE outbound`);
    await db.query(`ALTER TABLE jira_link ADD COLUMN last_error_code text, ADD COLUMN written_content_hash text`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE jira_link DROP COLUMN written_content_hash, DROP COLUMN last_error_code`);
    await db.query(`DROP INDEX uq_jira_mapping_outbound`);
    await db.query(`ALTER TABLE jira_mapping DROP COLUMN outbound`);
  }
}
