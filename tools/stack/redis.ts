import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { freePort, waitForPort } from './ports';

export interface RedisHandle {
  url: string;
  port: number;
  pid: number;
  stop(): Promise<void>;
}

/**
 * Spawns `redis-server` as a child (never daemonized, so it dies with us) with `noeviction`, which BullMQ needs:
 * an evicted job key is a lost job. Persistent stacks keep an append-only file in `dir`.
 */
export async function startRedis(options: { dir: string; port?: number; persistent: boolean }): Promise<RedisHandle> {
  const port = options.port ?? (await freePort());
  const dir = resolve(options.dir);
  mkdirSync(dir, { recursive: true });
  const args = [
    '--port', String(port),
    '--bind', '127.0.0.1',
    '--dir', dir,
    '--maxmemory-policy', 'noeviction',
    '--save', '',
    '--appendonly', options.persistent ? 'yes' : 'no',
    '--daemonize', 'no',
    '--loglevel', 'warning',
  ];
  const child = spawn('redis-server', args, { stdio: 'ignore' });
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  child.once('error', (error) => console.error(`[avvikelse] redis-server failed to start: ${error.message}`));
  await waitForPort(port, 10000);
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    pid: child.pid ?? 0,
    stop: async () => {
      if (child.exitCode !== null) return;
      child.kill('SIGTERM');
      await exited;
    },
  };
}
