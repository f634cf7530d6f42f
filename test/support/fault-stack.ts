import { mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { migrate } from '../../tools/migrate';
import { ensureDatabase, startPostgres, type PostgresHandle } from '../../tools/stack/postgres';
import { startRedis, type RedisHandle } from '../../tools/stack/redis';

/** A database name must contain "test" (see setup-env.ts), so nothing can ever truncate real data. */
const DATABASE = 'avvikelse_faults_test';

export interface FaultStack {
  postgres: PostgresHandle;
  redis: RedisHandle;
  /** Owner URL of the suite's own database (migrated); the app runs as the application role on it. */
  databaseUrl: string;
  redisUrl: string;
  /**
   * Stops PostgreSQL — `fast` (default): SIGINT, as `pg_ctl restart`, systemd and Docker do it, ending every session
   * at once; `immediate`: SIGQUIT, a crash recovered from WAL at the next start — runs `whileDown` while it is down,
   * then starts it again. Resolves with how long it was down.
   */
  restartPostgres(options?: { mode?: 'fast' | 'immediate'; whileDown?: () => Promise<void> }): Promise<number>;
  /** Kills redis-server (SIGKILL by default: no final AOF flush, a crash) and starts it again on its AOF. */
  restartRedis(options?: { signal?: NodeJS.Signals; whileDown?: () => Promise<void> }): Promise<number>;
  stop(): Promise<void>;
}

/**
 * A PostgreSQL cluster and a Redis server of the calling suite's own, for tests that kill and restart them: the
 * shared servers of global-setup serve every jest worker at once and must never go down. The cluster is migrated by
 * the real migrations, like the shared template; it skips fsync but waits for its WAL at every commit, so what a
 * killed server acknowledged survives it. Redis keeps an append-only file, as in production.
 */
export async function startFaultStack(name = 'faults'): Promise<FaultStack> {
  const root = join(process.env.AVVIKELSE_TEST_TMP ?? tmpdir(), `${name}-${process.env.JEST_WORKER_ID ?? '1'}-${process.pid}`);
  mkdirSync(root, { recursive: true });
  const started = await Promise.allSettled([
    startPostgres({ dataDir: join(root, 'pg'), persistent: false, fast: 'survives-kill' }),
    startRedis({ dir: join(root, 'redis'), persistent: true }),
  ]);
  const [pgResult, redisResult] = started;
  if (pgResult.status === 'rejected' || redisResult.status === 'rejected') {
    await Promise.allSettled(started.map((r) => (r.status === 'fulfilled' ? r.value.stop() : undefined)));
    throw pgResult.status === 'rejected' ? pgResult.reason : (redisResult as PromiseRejectedResult).reason;
  }
  const postgres = pgResult.value;
  const redis = redisResult.value;
  try {
    await ensureDatabase(postgres.url('postgres'), DATABASE);
    await migrate(postgres.url(DATABASE));
  } catch (error) {
    await Promise.allSettled([postgres.stop(), redis.stop()]);
    throw error;
  }
  const outage = async (halt: () => Promise<void>, resume: () => Promise<void>, whileDown?: () => Promise<void>) => {
    const down = Date.now();
    await halt();
    try {
      await whileDown?.();
    } finally {
      await resume();
    }
    return Date.now() - down;
  };
  return {
    postgres,
    redis,
    databaseUrl: postgres.url(DATABASE),
    redisUrl: redis.url,
    restartPostgres: ({ mode = 'fast', whileDown } = {}) =>
      outage(
        () => postgres.halt(mode),
        () => postgres.resume(),
        whileDown,
      ),
    restartRedis: ({ signal = 'SIGKILL', whileDown } = {}) =>
      outage(
        () => redis.halt(signal),
        () => redis.resume(),
        whileDown,
      ),
    stop: async () => {
      await Promise.allSettled([postgres.stop(), redis.stop()]);
      rmSync(root, { recursive: true, force: true });
    },
  };
}
