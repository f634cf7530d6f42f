import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The stable code of a link's failure beside its text, so SKR (and the failure list) can tell an issue that is not
 * provably the deviation's (JIRA_ISSUE_IDENTITY_MISMATCH, JIRA_ISSUE_NOT_FOUND, JIRA_ISSUE_LINK_CONFLICT) from a
 * Jira call that failed. Null for failures that have no code of their own, and on every row before this.
 */
export class JiraLinkErrorCode1764200000000 implements MigrationInterface {
  name = 'JiraLinkErrorCode1764200000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE jira_link ADD COLUMN last_error_code text`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE jira_link DROP COLUMN last_error_code`);
  }
}
