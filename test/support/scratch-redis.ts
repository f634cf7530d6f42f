import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startRedis, type RedisHandle } from '../../tools/stack/redis';

/**
 * A redis-server of a suite's own (to kill and restart without taking the shared one from other suites), in a temporary
 * folder that `stop()` removes with the server: a run leaves nothing behind in the machine's /tmp.
 */
export async function startScratchRedis(name: string): Promise<RedisHandle> {
  const dir = mkdtempSync(join(tmpdir(), `${name}-redis-`));
  const redis = await startRedis({ dir, persistent: false });
  return {
    ...redis,
    get pid() {
      return redis.pid;
    },
    stop: async () => {
      await redis.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
