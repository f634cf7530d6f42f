import type { MigrationInterface, QueryRunner } from 'typeorm';
import { appRole } from './support/app-role';
// Template ssbtek-v1 as shipped on the day of this migration, frozen here; later versions are imported through the API.
import ssbtekV1 from './data/ssbtek-v1.json';

/**
 * Self-declaration templates, and seed 000 (Självdeklaration SSBTEK) as the first published one. Templates are
 * service-wide data: every actor may read them; only SKR admins (application checks) write.
 */
export class DeclarationTemplates1763856600000 implements MigrationInterface {
  name = 'DeclarationTemplates1763856600000';

  async up(db: QueryRunner): Promise<void> {
    const role = await appRole(db);
    await db.query(`CREATE TYPE template_status AS ENUM ('utkast', 'publicerad', 'tillbakadragen')`);
    await db.query(`
      CREATE TABLE declaration_template (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name text NOT NULL,
        kind text NOT NULL,
        version integer NOT NULL,
        title text NOT NULL,
        status template_status NOT NULL DEFAULT 'utkast',
        document jsonb NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        published_at timestamptz,
        CONSTRAINT uq_declaration_template_name_version UNIQUE (name, version)
      )`);
    // A published document is frozen in the database too: no code path can change what declarations are pinned to.
    await db.query(`
      CREATE FUNCTION declaration_template_frozen() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF OLD.status <> 'utkast' AND NEW.document IS DISTINCT FROM OLD.document THEN
          RAISE EXCEPTION 'a published template is immutable' USING ERRCODE = 'insufficient_privilege';
        END IF;
        RETURN NEW;
      END $$`);
    await db.query(`
      CREATE TRIGGER tr_declaration_template_frozen BEFORE UPDATE ON declaration_template
        FOR EACH ROW EXECUTE FUNCTION declaration_template_frozen()`);
    await db.query(
      `INSERT INTO declaration_template (name, kind, version, title, status, document, published_at)
       VALUES ($1, $2, $3, $4, 'publicerad', $5::jsonb, now())`,
      [ssbtekV1.name, ssbtekV1.kind, ssbtekV1.version, ssbtekV1.title, JSON.stringify(ssbtekV1)],
    );
    await db.query(`GRANT SELECT, INSERT, UPDATE ON declaration_template TO ${role}`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE declaration_template`);
    await db.query(`DROP FUNCTION declaration_template_frozen()`);
    await db.query(`DROP TYPE template_status`);
  }
}
