import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The priority (our value) the Jira issue is known to have. Until now our priority was only ever Jira's, read at
 * the last pull (an SKR override in the service never reached Jira), so linked issues start from the deviation's
 * current priority: nothing is pushed to Jira by this migration alone.
 */
export class JiraPriorityKnown1763857700000 implements MigrationInterface {
  name = 'JiraPriorityKnown1763857700000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE jira_link ADD jira_priority text`);
    await db.query(`UPDATE jira_link l SET jira_priority = d.prioritet FROM deviation d WHERE d.id = l.deviation_id AND l.issue_id IS NOT NULL`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE jira_link DROP COLUMN jira_priority`);
  }
}
