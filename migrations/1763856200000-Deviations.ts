import type { MigrationInterface, QueryRunner } from 'typeorm';
import { appRole } from './support/app-role';

/**
 * Deviations, their comments and attachments, all party-owned behind row-level security. Internal notes are hidden
 * from parties by the comment policy itself. Keys come from one sequence (unique, gap-tolerant, safe under
 * concurrent creates); the year in the key is the year of creation in Swedish time.
 */
export class Deviations1763856200000 implements MigrationInterface {
  name = 'Deviations1763856200000';

  async up(db: QueryRunner): Promise<void> {
    const role = await appRole(db);
    await db.query(
      `CREATE TABLE deviation_part (code text PRIMARY KEY, name_sv text NOT NULL, name_en text NOT NULL, sort_order smallint NOT NULL)`,
    );
    await db.query(`
      INSERT INTO deviation_part (code, name_sv, name_en, sort_order) VALUES
        ('anslutningsobjekt', 'Anslutningsobjekt', 'Connection object', 1),
        ('gränssnitt_mot_bastjänster', 'Gränssnitt mot bastjänster', 'Interface towards base services', 2),
        ('gränssnitt_mot_frågetjänster', 'Gränssnitt mot frågetjänster', 'Interface towards query services', 3),
        ('miljö_runt_ssbtek', 'Miljö runt SSBTEK', 'Environment around SSBTEK', 4)`);
    await db.query(`CREATE SEQUENCE deviation_key_seq`);
    await db.query(
      `CREATE TYPE deviation_status AS ENUM ('utkast', 'inskickad', 'mottagen', 'under_utredning', 'åtgärdas', 'väntar_på_komplettering', 'löst', 'stängd', 'återkallad')`,
    );
    await db.query(`CREATE TYPE deviation_environment AS ENUM ('test', 'produktion')`);
    await db.query(`
      CREATE TABLE deviation (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        key text NOT NULL,
        party_id uuid NOT NULL CONSTRAINT fk_deviation_party REFERENCES party (id),
        reporter_user_id text NOT NULL,
        status deviation_status NOT NULL DEFAULT 'utkast',
        rubrik text NOT NULL,
        reproduktionssteg text,
        skal text,
        utfall text,
        forvantat text,
        del text CONSTRAINT fk_deviation_part REFERENCES deviation_part (code),
        miljo deviation_environment,
        kravreferens text,
        paverkan smallint,
        tidpunkt smallint,
        prioritet text,
        prioritet_overridden boolean NOT NULL DEFAULT false,
        kontaktpersoner jsonb NOT NULL DEFAULT '[]',
        duplicate_of_id uuid,
        resolution text,
        idempotency_key text,
        idempotency_hash text,
        submitted_at timestamptz,
        resolved_at timestamptz,
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        updated_at timestamptz(3) NOT NULL DEFAULT now(),
        version integer NOT NULL,
        search tsvector,
        CONSTRAINT uq_deviation_key UNIQUE (key),
        CONSTRAINT uq_deviation_idempotency UNIQUE (party_id, idempotency_key)
      )`);
    await db.query(`CREATE INDEX ix_deviation_party_created ON deviation (party_id, created_at, id)`);
    await db.query(`CREATE INDEX ix_deviation_party_status ON deviation (party_id, status)`);
    await db.query(`CREATE INDEX ix_deviation_search ON deviation USING gin (search)`);
    await db.query(`
      CREATE FUNCTION deviation_search_update() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        NEW.search :=
          setweight(to_tsvector('swedish', coalesce(NEW.rubrik, '')), 'A') ||
          setweight(to_tsvector('swedish', coalesce(NEW.reproduktionssteg, '') || ' ' || coalesce(NEW.skal, '')), 'B') ||
          setweight(to_tsvector('swedish', coalesce(NEW.utfall, '')), 'B');
        RETURN NEW;
      END $$`);
    await db.query(`
      CREATE TRIGGER tr_deviation_search BEFORE INSERT OR UPDATE OF rubrik, reproduktionssteg, skal, utfall ON deviation
        FOR EACH ROW EXECUTE FUNCTION deviation_search_update()`);

    await db.query(`
      CREATE TABLE deviation_comment (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        deviation_id uuid NOT NULL,
        party_id uuid NOT NULL,
        author_user_id text NOT NULL,
        author_name text NOT NULL,
        origin text NOT NULL,
        body text NOT NULL,
        internal boolean NOT NULL DEFAULT false,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`CREATE INDEX ix_deviation_comment_deviation ON deviation_comment (deviation_id, created_at)`);
    await db.query(`
      CREATE TABLE deviation_attachment (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        deviation_id uuid NOT NULL,
        party_id uuid NOT NULL,
        filename text NOT NULL,
        content_type text NOT NULL,
        size_bytes bigint NOT NULL,
        sha256 char(64) NOT NULL,
        storage_key text NOT NULL,
        uploaded_by text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`CREATE INDEX ix_deviation_attachment_deviation ON deviation_attachment (deviation_id)`);

    await db.query(`ALTER TABLE deviation ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY`);
    await db.query(`CREATE POLICY deviation_visible ON deviation USING (app_can_see(party_id))`);
    await db.query(`ALTER TABLE deviation_comment ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY`);
    await db.query(
      `CREATE POLICY deviation_comment_visible ON deviation_comment USING (app_can_see(party_id) AND (app_is_skr() OR NOT internal))`,
    );
    await db.query(`ALTER TABLE deviation_attachment ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY`);
    await db.query(`CREATE POLICY deviation_attachment_visible ON deviation_attachment USING (app_can_see(party_id))`);
    await db.query(`GRANT SELECT ON deviation_part TO ${role}`);
    await db.query(`GRANT USAGE ON SEQUENCE deviation_key_seq TO ${role}`);
    await db.query(`GRANT SELECT, INSERT, UPDATE ON deviation, deviation_comment TO ${role}`);
    await db.query(`GRANT SELECT, INSERT ON deviation_attachment TO ${role}`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE deviation_attachment, deviation_comment, deviation`);
    await db.query(`DROP FUNCTION deviation_search_update()`);
    await db.query(`DROP TYPE deviation_environment`);
    await db.query(`DROP TYPE deviation_status`);
    await db.query(`DROP SEQUENCE deviation_key_seq`);
    await db.query(`DROP TABLE deviation_part`);
  }
}
