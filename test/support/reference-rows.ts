import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';
import type { DataSource } from 'typeorm';

/** Reference tables whose rows the migrations seed and that the API or tests can change. */
export const RESTORED_REFERENCE_TABLES = [
  'deviation_part',
  'bastjanst',
  'jira_mapping',
  'jira_integration',
  'declaration_template',
  'agreement',
];

type Snapshot = Record<string, { sum: string; rows: unknown[] }>;

const checksumQuery = RESTORED_REFERENCE_TABLES.map(
  (name) => `SELECT '${name}' AS name, coalesce(md5(string_agg(t::text, ',' ORDER BY t::text)), '') AS sum FROM "${name}" t`,
).join(' UNION ALL ');

/** Read once from the freshly migrated template database by the global setup. */
export async function snapshotReferenceRows(url: string): Promise<Snapshot> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const sums = (await client.query<{ name: string; sum: string }>(checksumQuery)).rows;
    const snapshot: Snapshot = {};
    for (const { name, sum } of sums) {
      const rows = (await client.query<{ rows: unknown[] | null }>(`SELECT json_agg(t) AS rows FROM "${name}" t`)).rows[0].rows ?? [];
      snapshot[name] = { sum, rows };
    }
    return snapshot;
  } finally {
    await client.end();
  }
}

let snapshot: Snapshot | undefined;

/** Puts back every reference table whose content differs from the migrated one (dependent tables are already empty). */
export async function restoreReferenceRows(db: DataSource): Promise<void> {
  snapshot ??= JSON.parse(readFileSync(join(process.env.AVVIKELSE_TEST_TMP!, 'reference-rows.json'), 'utf8')) as Snapshot;
  const current = (await db.query(checksumQuery)) as { name: string; sum: string }[];
  const changed = current.filter(({ name, sum }) => snapshot![name].sum !== sum).map(({ name }) => name);
  if (changed.length === 0) return;
  await db.transaction(async (m) => {
    for (const name of changed) {
      await m.query(`DELETE FROM "${name}"`);
      await m.query(`INSERT INTO "${name}" OVERRIDING SYSTEM VALUE SELECT * FROM json_populate_recordset(NULL::"${name}", $1::json)`, [
        JSON.stringify(snapshot![name].rows),
      ]);
    }
  });
}
