import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A link's pull failure beside its push failure (issue 19). A link had one failure: a pull's (SKR's responsible-party
 * field naming no party of ours, an unmapped status) was overwritten by the next push failure, and cleared by the next
 * push that went well, so SKR never saw it although nothing had mended it. The pull's failure now has columns of its
 * own, written and cleared only by pulls; `state` stays `fel` while either side has one. All three or none.
 */
export class JiraLinkPullFailure1765807200000 implements MigrationInterface {
  name = 'JiraLinkPullFailure1765807200000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(
      `ALTER TABLE jira_link ADD COLUMN pull_error text, ADD COLUMN pull_error_code text, ADD COLUMN pull_error_at timestamptz`,
    );
    await db.query(
      `ALTER TABLE jira_link ADD CONSTRAINT ck_jira_link_pull_error CHECK ((pull_error IS NULL) = (pull_error_at IS NULL) AND (pull_error_code IS NULL OR pull_error IS NOT NULL))`,
    );
    // Existing pull failures move to their own columns: the two codes only a pull records.
    await db.query(
      `UPDATE jira_link SET pull_error = last_error, pull_error_code = last_error_code, pull_error_at = last_error_at,
         last_error = NULL, last_error_code = NULL, last_error_at = NULL
       WHERE last_error_code = 'JIRA_RESPONSIBLE_PARTY_UNKNOWN' AND last_error IS NOT NULL AND last_error_at IS NOT NULL`,
    );
  }

  async down(db: QueryRunner): Promise<void> {
    // The pull's failure goes back into the one failure a link had, where no push failure holds it.
    await db.query(
      `UPDATE jira_link SET last_error = pull_error, last_error_code = pull_error_code, last_error_at = pull_error_at
       WHERE pull_error IS NOT NULL AND last_error IS NULL`,
    );
    await db.query(`ALTER TABLE jira_link DROP CONSTRAINT ck_jira_link_pull_error`);
    await db.query(`ALTER TABLE jira_link DROP COLUMN pull_error, DROP COLUMN pull_error_code, DROP COLUMN pull_error_at`);
  }
}
