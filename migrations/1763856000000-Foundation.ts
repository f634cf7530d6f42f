import { type MigrationInterface, type QueryRunner } from 'typeorm';
import { appRole } from './support/app-role';

/**
 * The application role and the row-level-security helpers every party-owned table uses.
 *
 * The API and the worker connect and then run as the application role (DATABASE_APP_ROLE, `avvikelse_app` unless
 * set; see ./support/app-role.ts), NOSUPERUSER and NOBYPASSRLS. Each transaction
 * says who is asking with `set_config('app.party_id', …, true)` and `set_config('app.skr', …, true)`; the policies
 * call `app_can_see(party_id)`. Roles are cluster-wide, so the role is created only when missing.
 */
export class Foundation1763856000000 implements MigrationInterface {
  name = 'Foundation1763856000000';

  async up(db: QueryRunner): Promise<void> {
    const role = await appRole(db);
    await db.query(`
      DO $$ BEGIN
        IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '${role}') THEN
          CREATE ROLE ${role} NOLOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE;
        END IF;
      END $$`);
    await db.query(`GRANT USAGE ON SCHEMA public TO ${role}`);
    await db.query(`
      CREATE FUNCTION app_current_party() RETURNS uuid LANGUAGE sql STABLE AS $$
        SELECT nullif(current_setting('app.party_id', true), '')::uuid
      $$`);
    await db.query(`
      CREATE FUNCTION app_is_skr() RETURNS boolean LANGUAGE sql STABLE AS $$
        SELECT coalesce(current_setting('app.skr', true), 'off') = 'on'
      $$`);
    await db.query(`
      CREATE FUNCTION app_can_see(owner uuid) RETURNS boolean LANGUAGE sql STABLE AS $$
        SELECT app_is_skr() OR (owner IS NOT NULL AND owner = app_current_party())
      $$`);
  }

  async down(db: QueryRunner): Promise<void> {
    const role = await appRole(db);
    await db.query(`DROP FUNCTION app_can_see(uuid)`);
    await db.query(`DROP FUNCTION app_is_skr()`);
    await db.query(`DROP FUNCTION app_current_party()`);
    await db.query(`REVOKE USAGE ON SCHEMA public FROM ${role}`);
    // The role is cluster-wide and may serve other databases of this cluster, so it is left in place.
  }
}
