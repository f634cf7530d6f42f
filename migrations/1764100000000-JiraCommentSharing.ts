import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Jira comments reach the party only when marked for it, after a hold. A Jira comment that is not shared is no
 * longer copied: its link row keeps only metadata (who kind of author, when, why not shared), so `comment_id` may be
 * null. Comments imported before this rule were already delivered and stay shared.
 */
export class JiraCommentSharing1764100000000 implements MigrationInterface {
  name = 'JiraCommentSharing1764100000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      ALTER TABLE jira_comment_link
        ALTER comment_id DROP NOT NULL,
        ADD sharing text,
        ADD not_shared_reason text,
        ADD author_kind text,
        ADD jira_created_at timestamptz,
        ADD hold_until timestamptz,
        ADD released_at timestamptz,
        ADD withdrawn_at timestamptz,
        ADD marked_in_jira_at timestamptz`);
    await db.query(`UPDATE jira_comment_link SET sharing = 'shared', author_kind = 'person', released_at = now() WHERE origin = 'jira'`);
  }

  async down(): Promise<void> {
    throw new Error('Not reversible: comments that were not shared have no copy to put back into comment_id.');
  }
}
