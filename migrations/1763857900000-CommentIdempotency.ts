import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A comment can be posted with an Idempotency-Key, as a report can: a client that retries after a lost answer (a
 * 503 while the database restarted, a dropped connection) gets the first comment back instead of a second one.
 * A key is its author's, on one deviation.
 */
export class CommentIdempotency1763857900000 implements MigrationInterface {
  name = 'CommentIdempotency1763857900000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE deviation_comment ADD idempotency_key text, ADD idempotency_hash char(64)`);
    await db.query(
      `ALTER TABLE deviation_comment ADD CONSTRAINT uq_deviation_comment_idempotency UNIQUE (deviation_id, author_user_id, idempotency_key)`,
    );
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(
      `ALTER TABLE deviation_comment DROP CONSTRAINT uq_deviation_comment_idempotency, DROP COLUMN idempotency_key, DROP COLUMN idempotency_hash`,
    );
  }
}
