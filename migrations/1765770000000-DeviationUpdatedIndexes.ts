import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The portal's start page shows each side's most recently changed deviations (ORDER BY updated_at DESC, id DESC
 * LIMIT 6, "reported by us" and "concerning us"). Without these the plan sorted every row of the party: at 1,000,000
 * deviations that was 0.2 s for a party's 3,300 reported ones and 3.7 s for the 95,000 the busiest party is responsible
 * for (`npm run bench`, EXPLAIN ANALYZE as the app role). Read off these indexes it is a few buffers.
 *
 * The cost: every UPDATE of a deviation moves its updated_at, so these updates are no longer heap-only; a deviation is
 * updated a handful of times in its life, against reads of the start page on every visit.
 */
export class DeviationUpdatedIndexes1765770000000 implements MigrationInterface {
  name = 'DeviationUpdatedIndexes1765770000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`CREATE INDEX ix_deviation_party_updated ON deviation (party_id, updated_at, id)`);
    await db.query(`CREATE INDEX ix_deviation_responsible_updated ON deviation (responsible_party_id, updated_at, id)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP INDEX ix_deviation_responsible_updated`);
    await db.query(`DROP INDEX ix_deviation_party_updated`);
  }
}
