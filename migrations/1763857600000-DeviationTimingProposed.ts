import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 9: a deviation reported without `tidpunkt` gets the one its party's agreement calendar proposes, and says so,
 * so SKR and the reporter can tell a proposal from the reporter's own judgement. Existing rows cannot tell which
 * they were, so they get false: claiming a timing was only proposed when the reporter may have chosen it would be
 * the worse mistake.
 */
export class DeviationTimingProposed1763857600000 implements MigrationInterface {
  name = 'DeviationTimingProposed1763857600000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE deviation ADD COLUMN tidpunkt_proposed boolean NOT NULL DEFAULT false`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE deviation DROP COLUMN tidpunkt_proposed`);
  }
}
