import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureDatabase, startPostgres, type PostgresHandle } from '../../tools/stack/postgres';
import { startRedis, type RedisHandle } from '../../tools/stack/redis';
import { migrate } from '../../tools/migrate';
import { snapshotReferenceRows } from './reference-rows';

export const TEMPLATE_DB = 'avvikelse_test_template';
/** More databases than jest workers, so a respawned worker still finds its own. */
const WORKER_DATABASES = 8;

declare global {
  var __avvikelseStack: { postgres: PostgresHandle; redis: RedisHandle } | undefined;
}

/**
 * Starts throwaway PostgreSQL (fsync off, random port) and Redis servers, runs the real migrations once into a
 * template database and clones one database per jest worker from it, so suites in parallel never share rows.
 */
export default async function globalSetup(): Promise<void> {
  const root = mkdtempSync(join(tmpdir(), 'avvikelse-test-'));
  const started = await Promise.allSettled([
    startPostgres({ dataDir: join(root, 'pg'), persistent: false, fast: true }),
    startRedis({ dir: join(root, 'redis'), persistent: false }),
  ]);
  const [pgResult, redisResult] = started;
  if (pgResult.status === 'rejected' || redisResult.status === 'rejected') {
    await Promise.allSettled(started.map((r) => (r.status === 'fulfilled' ? r.value.stop() : undefined)));
    throw pgResult.status === 'rejected' ? pgResult.reason : (redisResult as PromiseRejectedResult).reason;
  }
  const postgres = pgResult.value;
  const redis = redisResult.value;
  globalThis.__avvikelseStack = { postgres, redis };
  try {
    await ensureDatabase(postgres.url('postgres'), TEMPLATE_DB);
    await migrate(postgres.url(TEMPLATE_DB));
    writeFileSync(join(root, 'reference-rows.json'), JSON.stringify(await snapshotReferenceRows(postgres.url(TEMPLATE_DB))));
    for (let worker = 1; worker <= WORKER_DATABASES; worker++) {
      await ensureDatabase(postgres.url('postgres'), `avvikelse_test_w${worker}`, TEMPLATE_DB);
    }
  } catch (error) {
    await Promise.allSettled([postgres.stop(), redis.stop()]);
    throw error;
  }
  process.env.AVVIKELSE_TEST_PG_PORT = String(postgres.port);
  process.env.AVVIKELSE_TEST_REDIS_URL = redis.url;
  process.env.AVVIKELSE_TEST_TMP = root;
}
