import type { MigrationInterface, QueryRunner } from 'typeorm';
import { appRole } from './support/app-role';

/**
 * Self-declarations: a party's instance of a published template version, its answers and SKR's review rounds. All
 * three tables are party-owned behind row-level security like deviations; answers and reviews carry the party id
 * themselves so the policy needs no join.
 */
export class Declarations1763856700000 implements MigrationInterface {
  name = 'Declarations1763856700000';

  async up(db: QueryRunner): Promise<void> {
    const role = await appRole(db);
    await db.query(`CREATE TYPE declaration_status AS ENUM ('utkast', 'inskickad', 'komplettering', 'godkänd', 'icke_godkänd')`);
    await db.query(`CREATE TYPE declaration_review_outcome AS ENUM ('godkänd', 'godkänd_med_förbehåll', 'icke_godkänd')`);
    await db.query(`
      CREATE TABLE declaration (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        party_id uuid NOT NULL CONSTRAINT fk_declaration_party REFERENCES party (id),
        template_id uuid NOT NULL CONSTRAINT fk_declaration_template REFERENCES declaration_template (id),
        status declaration_status NOT NULL DEFAULT 'utkast',
        round integer NOT NULL DEFAULT 1,
        created_by text NOT NULL,
        signature_name text,
        signature_date date,
        known_deviation_ids jsonb,
        reopened_keys jsonb NOT NULL DEFAULT '[]',
        submitted_at timestamptz,
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        updated_at timestamptz(3) NOT NULL DEFAULT now(),
        version integer NOT NULL
      )`);
    await db.query(`CREATE INDEX ix_declaration_party_created ON declaration (party_id, created_at)`);
    await db.query(`CREATE INDEX ix_declaration_status ON declaration (status)`);
    await db.query(`
      CREATE TABLE declaration_answer (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        declaration_id uuid NOT NULL CONSTRAINT fk_declaration_answer_declaration REFERENCES declaration (id) ON DELETE CASCADE,
        party_id uuid NOT NULL,
        question_key text NOT NULL,
        svar text NOT NULL,
        kommentar text,
        citations jsonb NOT NULL DEFAULT '[]',
        evidence jsonb NOT NULL DEFAULT '[]',
        new_deviation jsonb,
        updated_by text NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT uq_declaration_answer_question UNIQUE (declaration_id, question_key)
      )`);
    await db.query(`
      CREATE TABLE declaration_review (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        declaration_id uuid NOT NULL CONSTRAINT fk_declaration_review_declaration REFERENCES declaration (id) ON DELETE CASCADE,
        party_id uuid NOT NULL,
        round integer NOT NULL,
        outcome declaration_review_outcome NOT NULL,
        comment text,
        agreed_date date,
        new_timetable text,
        items jsonb NOT NULL DEFAULT '[]',
        reviewer_user_id text NOT NULL,
        reviewer_name text NOT NULL,
        decided_at timestamptz NOT NULL,
        CONSTRAINT uq_declaration_review_round UNIQUE (declaration_id, round)
      )`);

    for (const table of ['declaration', 'declaration_answer', 'declaration_review']) {
      await db.query(`ALTER TABLE ${table} ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY`);
      await db.query(`CREATE POLICY ${table}_visible ON ${table} USING (app_can_see(party_id))`);
    }
    await db.query(`GRANT SELECT, INSERT, UPDATE ON declaration, declaration_review TO ${role}`);
    // A bulk upsert may clear an answer, so answers alone may be deleted.
    await db.query(`GRANT SELECT, INSERT, UPDATE, DELETE ON declaration_answer TO ${role}`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE declaration_review, declaration_answer, declaration`);
    await db.query(`DROP TYPE declaration_review_outcome`);
    await db.query(`DROP TYPE declaration_status`);
  }
}
