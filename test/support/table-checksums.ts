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

/**
 * A checksum of one party's rows in every table that carries a `party_id` (and of its own `party` row): re-read at the
 * end of a hostile run, it shows that no other party's accepted request touched them.
 */
export async function partyChecksums(partyId: string): Promise<TableChecksums> {
  const db = await ownerDb();
  const tables = (await db.query(
    `SELECT table_name FROM information_schema.columns WHERE table_schema = 'public' AND column_name = 'party_id' ORDER BY table_name`,
  )) as { table_name: string }[];
  const sums = (await db.query(
    [
      `SELECT 'party' AS name, coalesce(md5(string_agg(t::text, ',' ORDER BY t::text)), '') AS sum FROM party t WHERE t.id = $1`,
      ...tables.map(
        ({ table_name: name }) =>
          `SELECT '${name}' AS name, coalesce(md5(string_agg(t::text, ',' ORDER BY t::text)), '') AS sum FROM "${name}" t WHERE t.party_id = $1`,
      ),
    ].join(' UNION ALL '),
    [partyId],
  )) as { name: string; sum: string }[];
  return Object.fromEntries(sums.map((r) => [r.name, r.sum]));
}

/**
 * Checksums once background work an accepted write set off (the outbox relay, the worker) has stopped changing
 * tables: two snapshots 25 ms apart agree. Gives up after `attempts` polls and returns the last snapshot, so a
 * suite comparing against it still sees anything that keeps changing.
 */
export async function settledChecksums(attempts = 80): Promise<TableChecksums> {
  let previous = await tableChecksums();
  for (let i = 0; i < attempts; i++) {
    await new Promise((resolve) => setTimeout(resolve, 25));
    const next = await tableChecksums();
    if (changedTables(previous, next).length === 0) return next;
    previous = next;
  }
  return previous;
}
