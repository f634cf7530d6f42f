import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../../src/database/data-source-options';
import { RESTORED_REFERENCE_TABLES, restoreReferenceRows } from './reference-rows';

let owner: Promise<DataSource> | undefined;

/**
 * A superuser connection to this worker's test database, for arranging and asserting rows behind the API's back.
 * It bypasses row-level security on purpose: assertions must see what really is in the table. Callers in parallel
 * (`Promise.all([aParty(), aParty()])`) share the one initialisation.
 */
export function ownerDb(): Promise<DataSource> {
  owner ??= (async () => {
    const dataSource = new DataSource({ ...dataSourceOptions({ url: process.env.DATABASE_URL!, poolSize: 4 }), logging: false });
    await dataSource.initialize();
    return dataSource;
  })().catch((error: unknown) => {
    owner = undefined;
    throw error;
  });
  return owner;
}

export async function closeOwnerDb(): Promise<void> {
  const closing = owner;
  owner = undefined;
  await (await closing?.catch(() => undefined))?.destroy();
}

/** Reference data the migrations seed: kept by truncateAll and put back to its migrated content (see reference-rows.ts). */
const REFERENCE_TABLES = ['schema_migrations', ...RESTORED_REFERENCE_TABLES];

/**
 * Empties every table we own but the reference data, in one statement so foreign keys do not get in the way, then
 * puts the reference data back as the migrations left it. Reference rows are changed by API calls (an SKR admin
 * replacing the Jira mapping, the hostile suites' accepted requests) and by tests; left changed, they broke a later
 * file on the same worker (every Jira create failing on a mapping another file had replaced).
 */
export async function truncateAll(): Promise<void> {
  const db = await ownerDb();
  const tables = (await db.query(`SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename <> ALL($1)`, [
    REFERENCE_TABLES,
  ])) as { tablename: string }[];
  if (tables.length > 0) {
    const truncate = `TRUNCATE ${tables.map((t) => `"${t.tablename}"`).join(', ')} RESTART IDENTITY CASCADE`;
    // A worker still finishing the previous test's job can hold row locks that TRUNCATE's table locks cross:
    // PostgreSQL then breaks the deadlock by failing one side, and emptying the tables again is all it takes. A busy
    // worker (a sweep, a comment hold ending) can cross it a few times in a row: back off a little each time.
    for (let attempt = 1; ; attempt++) {
      try {
        await db.query(truncate);
        break;
      } catch (error) {
        if ((error as { code?: string }).code !== '40P01' || attempt === 10) throw error;
        await new Promise((resolve) => setTimeout(resolve, 50 * attempt));
      }
    }
  }
  await restoreReferenceRows(db);
}
