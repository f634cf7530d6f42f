import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../../src/database/data-source-options';
import { AGREEMENTS } from '../../src/agreements/agreements';

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

const SHIPPED_AGREEMENT_CODES = Object.keys(AGREEMENTS);

/** Reference data the migrations seed; tests keep it and reset what they may have changed in it. */
const REFERENCE_TABLES = [
  'schema_migrations',
  'deviation_part',
  'bastjanst',
  'jira_mapping',
  'jira_integration',
  'declaration_template',
  'agreement',
];

/** Empties every table we own but the reference data, in one statement so foreign keys do not get in the way. */
export async function truncateAll(): Promise<void> {
  const db = await ownerDb();
  const tables = (await db.query(`SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename <> ALL($1)`, [
    REFERENCE_TABLES,
  ])) as { tablename: string }[];
  if (tables.length > 0) {
    const truncate = `TRUNCATE ${tables.map((t) => `"${t.tablename}"`).join(', ')} RESTART IDENTITY CASCADE`;
    // A worker still finishing the previous test's job can hold row locks that TRUNCATE's table locks cross:
    // PostgreSQL then breaks the deadlock by failing one side, and emptying the tables again is all it takes.
    for (let attempt = 1; ; attempt++) {
      try {
        await db.query(truncate);
        break;
      } catch (error) {
        if ((error as { code?: string }).code !== '40P01' || attempt === 3) throw error;
      }
    }
  }
  await db.query(
    `UPDATE jira_integration SET paused = false, paused_reason = NULL, paused_at = NULL, reconcile_watermark = NULL, repairs = 0`,
  );
  await db.query(`DELETE FROM declaration_template WHERE NOT (name = 'ssbtek' AND version = 1)`);
  await db.query(`DELETE FROM agreement WHERE code <> ALL($1)`, [SHIPPED_AGREEMENT_CODES]);
}
