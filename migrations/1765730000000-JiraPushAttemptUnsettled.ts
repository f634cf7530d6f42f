import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * An add to Jira whose answer never came (a timeout, a 5xx, a lost connection) may still be applied by Jira after we
 * stopped waiting: until `unsettled_until`, a retry that does not find it in Jira waits instead of adding it again.
 */
export class JiraPushAttemptUnsettled1765730000000 implements MigrationInterface {
  name = 'JiraPushAttemptUnsettled1765730000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE jira_push_attempt ADD COLUMN unsettled_until timestamptz`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE jira_push_attempt DROP COLUMN unsettled_until`);
  }
}
