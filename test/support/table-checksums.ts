import { ownerDb } from './database';

export type TableChecksums = Record<string, string>;

let query: Promise<string> | undefined;

/**
 * A content checksum of every table in the public schema (audit and reference data included), read as the owner so
 * row-level security hides nothing. Rows are ordered by their text form, so the checksum depends on content only,
 * not on physical order; an empty table checksums to ''. One statement for all tables, built once per worker: the
 * hostile suites take a snapshot around every refused request.
 */
export async function tableChecksums(): Promise<TableChecksums> {
  const db = await ownerDb();
  query ??= (async () => {
    const tables = (await db.query(
      `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY table_name`,
    )) as { table_name: string }[];
    return tables
      .map(({ table_name: name }) => {
        const quoted = `"${name.replace(/"/g, '""')}"`;
        return `SELECT '${name.replace(/'/g, "''")}' AS name, coalesce(md5(string_agg(t::text, ',' ORDER BY t::text)), '') AS sum FROM ${quoted} t`;
      })
      .join(' UNION ALL ');
  })();
  const rows = (await db.query(await query)) as { name: string; sum: string }[];
  return Object.fromEntries(rows.map((r) => [r.name, r.sum]));
}

/** The tables whose content differs between two snapshots. */
export function changedTables(before: TableChecksums, after: TableChecksums): string[] {
  const names = new Set([...Object.keys(before), ...Object.keys(after)]);
  return [...names].filter((name) => before[name] !== after[name]).sort();
}
