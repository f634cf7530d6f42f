import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A party may withdraw a declaration it never submitted. The row stays (its history and audit trail with it);
 * PostgreSQL 12+ adds an enum value inside the migration's transaction as long as that transaction does not use it.
 */
export class DeclarationWithdrawal1763857400000 implements MigrationInterface {
  name = 'DeclarationWithdrawal1763857400000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TYPE declaration_status ADD VALUE IF NOT EXISTS 'tillbakadragen'`);
  }

  async down(): Promise<void> {
    // PostgreSQL cannot drop an enum value; a withdrawn declaration keeps its status.
  }
}
