import type { MigrationInterface, QueryRunner } from 'typeorm';
import { appRole } from './support/app-role';

/**
 * Saved filters of the portal's deviation list (issue 22): a person keeps a list filter under a name. A row is its
 * person's in the party they acted for (SKR's people act for no party: `party_id` null), so a consultant acting for
 * two parties has two sets. Row-level security lets a party's transaction see its own party's rows only and SKR's its
 * own (party-less) rows; the service narrows to the person. Names are unique per person and party; the filter is the
 * list page's query string, which the page rebuilds from the names it knows.
 */
export class SavedDeviationFilters1765795000000 implements MigrationInterface {
  name = 'SavedDeviationFilters1765795000000';

  async up(db: QueryRunner): Promise<void> {
    const role = await appRole(db);
    await db.query(`
      CREATE TABLE saved_filter (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        party_id uuid CONSTRAINT fk_saved_filter_party REFERENCES party (id),
        user_subject text NOT NULL,
        name text NOT NULL CONSTRAINT ck_saved_filter_name CHECK (char_length(name) BETWEEN 1 AND 80),
        query text NOT NULL CONSTRAINT ck_saved_filter_query CHECK (char_length(query) <= 1000),
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(
      `CREATE UNIQUE INDEX uq_saved_filter_party_name ON saved_filter (party_id, user_subject, name) WHERE party_id IS NOT NULL`,
    );
    await db.query(`CREATE UNIQUE INDEX uq_saved_filter_skr_name ON saved_filter (user_subject, name) WHERE party_id IS NULL`);
    await db.query(`ALTER TABLE saved_filter ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY`);
    await db.query(`CREATE POLICY saved_filter_own ON saved_filter USING (app_owns(party_id) OR (party_id IS NULL AND app_is_skr()))`);
    await db.query(`GRANT SELECT, INSERT, DELETE ON saved_filter TO ${role}`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE saved_filter`);
  }
}
