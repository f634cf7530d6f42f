import type { EnvironmentContext, JestEnvironmentConfig } from '@jest/environment';
import { TestEnvironment } from 'jest-environment-node';
import { appendFileSync } from 'node:fs';

/**
 * Diagnosis for jest's "A worker process has failed to exit gracefully" (docs/issue-21-audit.md): run suites with
 * `npm run jest -- --maxWorkers=1 --testEnvironment ./test/support/open-handles.environment.ts <suites>` and read
 * $OPEN_HANDLES_LOG (default /tmp/avvikelse-open-handles.log). After each test file's teardown it lists what still
 * keeps the process alive: ref'd sockets, servers and child processes, and each timer of 300 ms or more (and each
 * interval) the file started and neither cleared nor unref'd, with where it was started. In a run with --maxWorkers=1
 * the global setup's PostgreSQL and Redis children are listed too: they belong to the run, not to a file.
 */
const LOG = process.env.OPEN_HANDLES_LOG ?? '/tmp/avvikelse-open-handles.log';
/** Timers the test files started, until they fire or are cleared; shared by every file of the process. */
const timers = new Map<NodeJS.Timeout, string>();

interface Handle {
  constructor?: { name?: string };
  hasRef?: () => boolean;
}

export default class OpenHandlesEnvironment extends TestEnvironment {
  private readonly path: string;

  constructor(config: JestEnvironmentConfig, context: EnvironmentContext) {
    super(config, context);
    this.path = context.testPath;
    for (const kind of ['setTimeout', 'setInterval'] as const) {
      const real = this.global[kind] as (...args: unknown[]) => NodeJS.Timeout;
      (this.global as Record<string, unknown>)[kind] = (callback: unknown, ms?: number, ...args: unknown[]) => {
        const timer = real(callback, ms, ...args);
        if ((ms ?? 0) >= 300 || kind === 'setInterval')
          timers.set(timer, `${kind} ${ms} ms ${(new Error().stack ?? '').split('\n').slice(2, 8).join(' | ')}`);
        return timer;
      };
    }
  }

  override async teardown(): Promise<void> {
    await super.teardown();
    // What closes on its own within a moment (a socket's FIN, a child's exit) is not a leak.
    await new Promise((resolve) => setTimeout(resolve, 200));
    const handles = (process as unknown as { _getActiveHandles(): Handle[] })._getActiveHandles().filter((h) => h.hasRef?.() ?? true);
    for (const [timer] of timers) if ((timer as unknown as { _destroyed: boolean })._destroyed) timers.delete(timer);
    const live = [...timers].filter(([timer]) => timer.hasRef()).map(([, where]) => where);
    appendFileSync(
      LOG,
      [`== ${this.path} (pid ${process.pid})`, ...handles.map(describeHandle), ...live.map((where) => `  timer ${where}`), ''].join('\n'),
    );
  }
}

function describeHandle(handle: Handle): string {
  const h = handle as Record<string, unknown> & Handle;
  switch (handle.constructor?.name) {
    case 'Socket':
      return `  socket ${String(h.localPort)} -> ${String(h.remoteAddress)}:${String(h.remotePort)}`;
    case 'Server':
      return `  server ${JSON.stringify((h.address as () => unknown)?.call(h))}`;
    case 'ChildProcess':
      return `  child process ${String(h.spawnfile)} ${((h.spawnargs as string[]) ?? []).slice(1, 4).join(' ')} (pid ${String(h.pid)})`;
    default:
      return `  ${handle.constructor?.name ?? 'unknown handle'}`;
  }
}
