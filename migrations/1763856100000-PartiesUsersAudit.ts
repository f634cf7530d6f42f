import { type MigrationInterface, type QueryRunner } from 'typeorm';
import { appRole } from './support/app-role';

/**
 * Parties, their users, and the append-only audit trail, each behind row-level security.
 * FORCE makes the policies apply to the table owner too, so only a superuser (migrations, test set-up) bypasses them.
 */
export class PartiesUsersAudit1763856100000 implements MigrationInterface {
  name = 'PartiesUsersAudit1763856100000';

  async up(db: QueryRunner): Promise<void> {
    const role = await appRole(db);
    await db.query(`CREATE TYPE party_kind AS ENUM ('uppgiftslämnare', 'driftleverantör', 'kommun', 'systemleverantör')`);
    await db.query(`
      CREATE TABLE party (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        kind party_kind NOT NULL,
        name text NOT NULL,
        organisation_number char(10) NOT NULL,
        active boolean NOT NULL DEFAULT true,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT uq_party_organisation_number UNIQUE (organisation_number)
      )`);

    await db.query(`CREATE TYPE user_role AS ENUM ('reporter', 'reader', 'admin', 'skr', 'skr-admin')`);
    await db.query(`
      CREATE TABLE app_user (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        party_id uuid CONSTRAINT fk_app_user_party REFERENCES party (id),
        subject text NOT NULL,
        name text NOT NULL,
        email text,
        role user_role NOT NULL,
        language varchar(2) NOT NULL DEFAULT 'sv',
        active boolean NOT NULL DEFAULT true,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT uq_app_user_subject UNIQUE (subject),
        -- SKR roles belong to no party, party roles to exactly one.
        CONSTRAINT ck_app_user_role_party CHECK ((role IN ('skr', 'skr-admin')) = (party_id IS NULL))
      )`);
    await db.query(`CREATE INDEX ix_app_user_party_id ON app_user (party_id)`);

    await db.query(`
      CREATE TABLE audit_entry (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        occurred_at timestamptz NOT NULL DEFAULT now(),
        actor_user_id text NOT NULL,
        actor_party_id uuid,
        request_id text,
        action text NOT NULL,
        entity_type text NOT NULL,
        entity_id text NOT NULL,
        party_id uuid,
        changes jsonb NOT NULL DEFAULT '{}'::jsonb,
        internal boolean NOT NULL DEFAULT false
      )`);
    await db.query(`CREATE INDEX ix_audit_entry_entity ON audit_entry (entity_type, entity_id, occurred_at)`);
    await db.query(`CREATE INDEX ix_audit_entry_party ON audit_entry (party_id, occurred_at)`);
    await db.query(`
      CREATE FUNCTION audit_entry_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'audit_entry is append-only: % is not allowed', TG_OP USING ERRCODE = 'insufficient_privilege';
      END $$`);
    await db.query(`
      CREATE TRIGGER tr_audit_entry_append_only BEFORE UPDATE OR DELETE ON audit_entry
        FOR EACH ROW EXECUTE FUNCTION audit_entry_append_only()`);

    await db.query(`ALTER TABLE party ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY`);
    await db.query(`CREATE POLICY party_visible ON party USING (app_can_see(id))`);
    await db.query(`ALTER TABLE app_user ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY`);
    await db.query(`CREATE POLICY app_user_visible ON app_user USING (app_can_see(party_id))`);
    await db.query(`ALTER TABLE audit_entry ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY`);
    await db.query(
      `CREATE POLICY audit_entry_read ON audit_entry FOR SELECT USING (app_can_see(party_id) AND (app_is_skr() OR NOT internal))`,
    );
    // Anyone acting may append; what they append is about their own actions, checked by the code that writes it.
    await db.query(`CREATE POLICY audit_entry_append ON audit_entry FOR INSERT WITH CHECK (true)`);

    await db.query(`GRANT SELECT, INSERT, UPDATE ON party, app_user TO ${role}`);
    await db.query(`GRANT SELECT, INSERT ON audit_entry TO ${role}`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE audit_entry`);
    await db.query(`DROP FUNCTION audit_entry_append_only()`);
    await db.query(`DROP TABLE app_user`);
    await db.query(`DROP TYPE user_role`);
    await db.query(`DROP TABLE party`);
    await db.query(`DROP TYPE party_kind`);
  }
}
