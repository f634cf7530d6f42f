import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { freePort, waitForPort } from './ports';

export interface RedisHandle {
  url: string;
  port: number;
  /** The running server's pid (a resumed server has a new one). */
  readonly pid: number;
  stop(): Promise<void>;
  /** Ends the server process, by default with SIGTERM (Redis writes its AOF and exits); SIGKILL is a crash. */
  halt(signal?: NodeJS.Signals): Promise<void>;
  /** Starts the halted server again on the same port and folder: a persistent one reloads its AOF. */
  resume(): Promise<void>;
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
    '--port',
    String(port),
    '--bind',
    '127.0.0.1',
    '--dir',
    dir,
    '--maxmemory-policy',
    'noeviction',
    '--save',
    '',
    '--appendonly',
    options.persistent ? 'yes' : 'no',
    '--daemonize',
    'no',
    '--loglevel',
    'warning',
  ];
  let child: ChildProcess;
  let exited: Promise<void>;
  const start = async () => {
    child = spawn('redis-server', args, { stdio: 'ignore' });
    exited = new Promise<void>((r) => child.once('exit', () => r()));
    child.once('error', (error) => console.error(`[avvikelse] redis-server failed to start: ${error.message}`));
    await waitForPort(port, 10000);
  };
  const halt = async (signal: NodeJS.Signals = 'SIGTERM') => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill(signal);
    await exited;
  };
  await start();
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    get pid() {
      return child.pid ?? 0;
    },
    stop: () => halt('SIGTERM'),
    halt,
    resume: start,
  };
}
