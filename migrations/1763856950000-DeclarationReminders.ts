import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * When the party was reminded that a "godkänd med förbehåll" date is near. One column on the review round the date
 * belongs to: the reminder scan claims it with `reminded_at IS NULL`, so the reminder goes out once per round even
 * when scans overlap or repeat.
 */
export class DeclarationReminders1763856950000 implements MigrationInterface {
  name = 'DeclarationReminders1763856950000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE declaration_review ADD reminded_at timestamptz`);
    // The scan looks only at reservations not yet reminded, by their date.
    await db.query(`
      CREATE INDEX ix_declaration_review_reminder_due ON declaration_review (agreed_date)
      WHERE outcome = 'godkänd_med_förbehåll' AND reminded_at IS NULL`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP INDEX ix_declaration_review_reminder_due`);
    await db.query(`ALTER TABLE declaration_review DROP COLUMN reminded_at`);
  }
}
