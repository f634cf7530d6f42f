import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A deviation whose Jira issue was deleted waits for SKR's decision (issue 19): re-create the issue, or leave the
 * deviation without one. The second is the link state `frikopplad`, which the push and the pull leave alone.
 */
export class JiraLinkUnlinked1765700000000 implements MigrationInterface {
  name = 'JiraLinkUnlinked1765700000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TYPE jira_sync_state ADD VALUE 'frikopplad'`);
  }

  async down(db: QueryRunner): Promise<void> {
    const [{ unlinked }] = (await db.query(`SELECT count(*)::int AS unlinked FROM jira_link WHERE state = 'frikopplad'`)) as {
      unlinked: number;
    }[];
    // The code before this state would create a new issue for such a deviation on its next push, against SKR's decision.
    if (unlinked > 0) throw new Error(`${unlinked} deviations are unlinked from Jira; re-create or delete their links first.`);
    // PostgreSQL cannot drop a value of an enum: the type is made again without it.
    await db.query(`ALTER TABLE jira_link ALTER COLUMN state DROP DEFAULT`);
    await db.query(`ALTER TYPE jira_sync_state RENAME TO jira_sync_state_old`);
    await db.query(`CREATE TYPE jira_sync_state AS ENUM ('väntar', 'synkad', 'fel')`);
    await db.query(`ALTER TABLE jira_link ALTER COLUMN state TYPE jira_sync_state USING state::text::jira_sync_state`);
    await db.query(`ALTER TABLE jira_link ALTER COLUMN state SET DEFAULT 'väntar'`);
    await db.query(`DROP TYPE jira_sync_state_old`);
  }
}
