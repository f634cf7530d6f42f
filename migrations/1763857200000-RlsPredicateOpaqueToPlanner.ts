import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The party half of `app_can_see` moves into `app_owns`, a PL/pgSQL function PostgreSQL does not inline — on purpose.
 *
 * Inlined, the policy reads `party_id = <current party>` to the planner, and our queries also say
 * `party_id = $1` to stay on the party's index. The planner multiplies the two selectivities as if independent
 * (1/300 × 1/300 at 300 parties), expects a handful of rows, and chooses a bitmap scan of all the party's rows plus a
 * sort over an ordered index scan that stops after one page: 7–100 ms instead of 0.5 ms per list page at 1 M rows
 * (EXPLAIN ANALYZE, bench data). An opaque function gets the planner's default selectivity instead, so the page
 * plan wins. `app_can_see` itself stays an inlined SQL function, so for SKR the cheap `app_is_skr()` arm answers
 * first and the per-row call (≈0.5 µs) is paid only on a party's own, index-bounded scans.
 * Same truth table as before: SKR sees everything, a party its own rows, nobody a row without an owner.
 */
export class RlsPredicateOpaqueToPlanner1763857200000 implements MigrationInterface {
  name = 'RlsPredicateOpaqueToPlanner1763857200000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE FUNCTION app_owns(owner uuid) RETURNS boolean LANGUAGE plpgsql STABLE AS $$
      BEGIN
        RETURN owner IS NOT NULL AND owner = app_current_party();
      END
      $$`);
    await db.query(`
      CREATE OR REPLACE FUNCTION app_can_see(owner uuid) RETURNS boolean LANGUAGE sql STABLE AS $$
        SELECT app_is_skr() OR app_owns(owner)
      $$`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE OR REPLACE FUNCTION app_can_see(owner uuid) RETURNS boolean LANGUAGE sql STABLE AS $$
        SELECT app_is_skr() OR (owner IS NOT NULL AND owner = app_current_party())
      $$`);
    await db.query(`DROP FUNCTION app_owns(uuid)`);
  }
}
