import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What each linked Jira issue is known to have of the fields both sides can change: status, priority (our values)
 * and resolution. Until now the deviation's own values were Jira's, read at the last pull (a change SKR made in the
 * service never reached Jira), so linked issues start from the deviation's current values: the migration alone
 * pushes nothing and applies nothing.
 */
export class JiraKnownState1763857700000 implements MigrationInterface {
  name = 'JiraKnownState1763857700000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE jira_link ADD jira_status text, ADD jira_priority text, ADD jira_resolution text`);
    await db.query(
      `UPDATE jira_link l SET jira_status = d.status, jira_priority = d.prioritet, jira_resolution = d.resolution
         FROM deviation d WHERE d.id = l.deviation_id AND l.issue_id IS NOT NULL`,
    );
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE jira_link DROP COLUMN jira_status, DROP COLUMN jira_priority, DROP COLUMN jira_resolution`);
  }
}
