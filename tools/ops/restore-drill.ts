// The restore drill: backs up the database and the attachment store, restores both into fresh folders, starts a
// PostgreSQL on the restored copy and proves it: every table's row count as in the source, every attachment row's
// file present with its SHA-256. It never writes to the source. Run it on the machine of the PostgreSQL data folder:
//   npm run ops:restore-drill                  the embedded default of `npm start` (.data/pg, .data/attachments)
//   DATABASE_URL=… npm run ops:restore-drill -- --data-dir /var/lib/postgresql/17/main --attachments /srv/attachments
// The backup is physical, as pg_basebackup takes one: PostgreSQL's backup API (pg_backup_start/pg_backup_stop) around
// a copy of the data folder and the WAL written meanwhile. This project ships PostgreSQL 17's server binaries but no
// pg_dump of that version (Debian 12's is 15, which refuses a newer server), so the drill needs neither.
import { createHash } from 'node:crypto';
import { chmodSync, createReadStream, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Client } from 'pg';
import { startPostgres } from '../stack/postgres';
import { copyTree, ownLike } from './copy-tree';

export interface DrillOptions {
  /** A superuser (or pg_backup_start/stop grantee) connection to the database to drill: the owner user. */
  databaseUrl: string;
  /** The cluster's data folder (PGDATA) on this machine. */
  dataDir: string;
  /** The filesystem store's ATTACHMENTS_DIR. */
  attachmentsDir: string;
  /** Where the backup and the restored copy go; removed afterwards unless `keep`. */
  workDir?: string;
  keep?: boolean;
}

export interface DrillReport {
  ok: boolean;
  workDir: string;
  /** Row counts per table of the drilled database: in the source at the end of the backup, and restored. */
  tables: { table: string; source: number; restored: number }[];
  /** Attachment rows whose restored file was found with the recorded SHA-256. */
  attachmentsVerified: number;
  problems: string[];
}

/** Nothing of these is part of a base backup (PostgreSQL's docs, "Making a Base Backup Using the Low Level API"). */
const SKIPPED = new Set(['postmaster.pid', 'postmaster.opts', 'pg_wal', 'pg_replslot', 'pg_dynshmem', 'pg_notify', 'pg_serial']);
const EMPTIED = [
  'pg_wal',
  'pg_wal/archive_status',
  'pg_replslot',
  'pg_dynshmem',
  'pg_notify',
  'pg_serial',
  'pg_snapshots',
  'pg_stat_tmp',
  'pg_subtrans',
];

export async function restoreDrill(options: DrillOptions): Promise<DrillReport> {
  const workDir = options.workDir ?? mkdtempSync(join(tmpdir(), 'avvikelse-restore-drill-'));
  // As root, PostgreSQL runs as OS user `postgres`, which must reach the restored data folder inside.
  if (process.getuid?.() === 0) chmodSync(workDir, 0o755);
  const backup = { pg: join(workDir, 'backup', 'pg'), attachments: join(workDir, 'backup', 'attachments') };
  const restored = { pg: join(workDir, 'restored', 'pg'), attachments: join(workDir, 'restored', 'attachments') };
  try {
    const source = await takeBackup(options, backup);
    copyTree(backup.pg, restored.pg);
    copyTree(backup.attachments, restored.attachments);
    ownLike(restored.pg, options.dataDir);
    const report = await verifyRestore(options.databaseUrl, restored, source);
    return { ...report, workDir };
  } finally {
    if (!options.keep) rmSync(workDir, { recursive: true, force: true });
  }
}

/** Online physical backup: the database first, then the files, so every row's file is in the backup. */
async function takeBackup(options: DrillOptions, backup: { pg: string; attachments: string }): Promise<Map<string, number>> {
  const client = new Client({ connectionString: options.databaseUrl });
  await client.connect();
  try {
    // Non-exclusive backup: this session must stay open until pg_backup_stop.
    await client.query(`SELECT pg_backup_start('avvikelse restore drill', true)`);
    copyTree(options.dataDir, backup.pg, (relative) => !SKIPPED.has(relative) && !relative.startsWith('.s.PGSQL.'));
    const { rows } = await client.query<{ labelfile: string; spcmapfile: string }>(
      'SELECT labelfile, spcmapfile FROM pg_backup_stop(false)',
    );
    for (const dir of EMPTIED) mkdirSync(join(backup.pg, dir), { recursive: true });
    writeFileSync(join(backup.pg, 'backup_label'), rows[0].labelfile);
    if (rows[0].spcmapfile) writeFileSync(join(backup.pg, 'tablespace_map'), rows[0].spcmapfile);
    // The WAL from the backup's checkpoint to its end, which makes the copied files consistent when replayed.
    copyTree(join(options.dataDir, 'pg_wal'), join(backup.pg, 'pg_wal'), (relative) => !relative.startsWith('archive_status'));
    copyTree(options.attachmentsDir, backup.attachments, (relative) => relative !== 'tmp' && !relative.startsWith('tmp/'));
    return await rowCounts(client);
  } finally {
    await client.end();
  }
}

async function verifyRestore(
  sourceUrl: string,
  restored: { pg: string; attachments: string },
  source: Map<string, number>,
): Promise<Omit<DrillReport, 'workDir'>> {
  const server = await startPostgres({ dataDir: restored.pg, persistent: true });
  try {
    const url = new URL(sourceUrl);
    url.hostname = '127.0.0.1';
    url.port = String(server.port);
    url.search = '';
    const client = new Client({ connectionString: url.toString() });
    await client.connect();
    try {
      const counts = await rowCounts(client);
      const tables = [...new Set([...source.keys(), ...counts.keys()])]
        .sort()
        .map((table) => ({ table, source: source.get(table) ?? -1, restored: counts.get(table) ?? -1 }));
      const problems = tables
        .filter((row) => row.source !== row.restored)
        .map((row) => `${row.table}: ${row.source} rows in the source, ${row.restored} restored`);
      const attachments = await verifyAttachments(client, restored.attachments);
      return {
        ok: problems.length + attachments.problems.length === 0,
        tables,
        ...attachments,
        problems: [...problems, ...attachments.problems],
      };
    } finally {
      await client.end();
    }
  } finally {
    await server.stop();
  }
}

async function rowCounts(client: Client): Promise<Map<string, number>> {
  const { rows } = await client.query<{ tablename: string }>(
    `SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename`,
  );
  const counts = new Map<string, number>();
  for (const { tablename } of rows) {
    const [{ count }] = (await client.query<{ count: string }>(`SELECT count(*) FROM "${tablename}"`)).rows;
    counts.set(tablename, Number(count));
  }
  return counts;
}

/** Every table with `storage_key` and `sha256` columns holds evidence whose bytes are in the file store. */
async function verifyAttachments(client: Client, dir: string): Promise<{ attachmentsVerified: number; problems: string[] }> {
  const { rows: tables } = await client.query<{ table_name: string }>(
    `SELECT table_name FROM information_schema.columns WHERE table_schema = 'public' AND column_name IN ('storage_key', 'sha256')
     GROUP BY table_name HAVING count(*) = 2 ORDER BY table_name`,
  );
  let attachmentsVerified = 0;
  const problems: string[] = [];
  for (const { table_name: table } of tables) {
    const { rows } = await client.query<{ storage_key: string; sha256: string }>(`SELECT storage_key, sha256 FROM "${table}"`);
    for (const row of rows) {
      const file = join(dir, row.storage_key);
      if (!existsSync(file)) problems.push(`${table} ${row.storage_key}: file missing`);
      else if ((await sha256Of(file)) !== row.sha256) problems.push(`${table} ${row.storage_key}: SHA-256 differs`);
      else attachmentsVerified++;
    }
  }
  return { attachmentsVerified, problems };
}

function sha256Of(file: string): Promise<string> {
  return new Promise((ok, fail) => {
    const hash = createHash('sha256');
    createReadStream(file)
      .on('data', (chunk) => hash.update(chunk))
      .on('end', () => ok(hash.digest('hex')))
      .on('error', fail);
  });
}

/** The embedded default's owner connection, from its data folder: `npm start` records the port in postmaster.pid. */
function embeddedUrl(dataDir: string): string {
  const pidFile = join(dataDir, 'postmaster.pid');
  if (!existsSync(pidFile)) throw new Error(`no PostgreSQL runs on ${dataDir}: start it (npm start) or set DATABASE_URL`);
  const port = readFileSync(pidFile, 'utf8').split('\n')[3];
  return `postgres://postgres:postgres@localhost:${port}/avvikelse?host=${encodeURIComponent(dataDir)}`;
}

function option(name: string): string | undefined {
  const index = process.argv.indexOf(name);
  return index > 0 ? process.argv[index + 1] : undefined;
}

if (require.main === module) {
  const data = resolve(process.env.AVVIKELSE_DATA_DIR ?? '.data');
  const dataDir = resolve(option('--data-dir') ?? join(data, 'pg'));
  const attachmentsDir = resolve(option('--attachments') ?? process.env.ATTACHMENTS_DIR ?? '.data/attachments');
  if (!statSync(attachmentsDir, { throwIfNoEntry: false })?.isDirectory()) mkdirSync(attachmentsDir, { recursive: true });
  restoreDrill({
    databaseUrl: process.env.DATABASE_URL || embeddedUrl(dataDir),
    dataDir,
    attachmentsDir,
    keep: process.argv.includes('--keep'),
  })
    .then((report) => {
      for (const row of report.tables) console.log(`${row.source === row.restored ? 'ok  ' : 'DIFF'} ${row.table}: ${row.restored}`);
      console.log(`attachments verified by SHA-256: ${report.attachmentsVerified}`);
      for (const problem of report.problems) console.error(`problem: ${problem}`);
      console.log(report.ok ? 'restore drill passed' : 'restore drill FAILED');
      process.exit(report.ok ? 0 : 1);
    })
    .catch((error: unknown) => {
      console.error(error);
      process.exit(1);
    });
}
