import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A party may have more than one role in SSBTEK without a second row for the same organisation number:
 * Försäkringskassan is an Uppgiftslämnare (LEFI Online) and the Driftleverantör. `kind` stays the main role;
 * `additional_kinds` holds the others. Existing parties have none.
 */
export class PartyAdditionalKinds1764500100000 implements MigrationInterface {
  name = 'PartyAdditionalKinds1764500100000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE party ADD COLUMN additional_kinds party_kind[] NOT NULL DEFAULT '{}'`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE party DROP COLUMN additional_kinds`);
  }
}
