import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * When the sync last tried to create a deviation's issue. Existing links without an issue count as attempted, so
 * their next push still searches Jira for our label before creating (the search was unconditional until now).
 */
export class JiraCreateAttempted1763857300000 implements MigrationInterface {
  name = 'JiraCreateAttempted1763857300000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE jira_link ADD create_attempted_at timestamptz`);
    await db.query(`UPDATE jira_link SET create_attempted_at = updated_at WHERE issue_id IS NULL`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE jira_link DROP COLUMN create_attempted_at`);
  }
}
