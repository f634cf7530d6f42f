import type { QueryRunner } from 'typeorm';

/** The name migrations granted to before DATABASE_APP_ROLE was honoured, and still the default. */
export const DEFAULT_APP_ROLE = 'avvikelse_app';

/**
 * The application role the migrations create and grant to: DATABASE_APP_ROLE, which the migration runner
 * (tools/migrate.ts) hands to its connection as the setting `avvikelse.app_role`. Without it (the TypeORM CLI, an
 * older runner) it is `avvikelse_app`, so a database migrated before keeps exactly the grants it had. Checked like
 * the configuration checks it, because it is written into SQL as an identifier.
 */
export async function appRole(db: QueryRunner): Promise<string> {
  const [{ role }] = (await db.query(
    `SELECT coalesce(nullif(current_setting('avvikelse.app_role', true), ''), '${DEFAULT_APP_ROLE}') AS role`,
  )) as { role: string }[];
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(role)) throw new Error(`avvikelse.app_role "${role}" is not a plain lower-case role name`);
  return role;
}
