import { INestApplicationContext, LogLevel } from '@nestjs/common';
import { ConfigValidationError } from './config/load-config';
import { uncaughtErrors } from './metrics/uncaught-errors';
import { stopTracing } from './tracing';

/** EX_SOFTWARE: the process ended on an error no code handled; a supervisor restarts it. */
export const UNCAUGHT_EXIT_CODE = 70;

/** Nest's bootstrap chatter (one line per module and route) is left out; pino takes over once the app exists. */
export const QUIET_BOOT: LogLevel[] = ['fatal', 'error', 'warn'];

/**
 * Starts a process (API or worker) and makes its failure modes plain: a bad configuration prints the variables at
 * fault and exits 78 (EX_CONFIG); any other start-up error exits 1. Shutdown on SIGTERM/SIGINT closes the app
 * (enableShutdownHooks), which closes HTTP, queues and the database pool.
 */
export function runOrExit(name: string, start: () => Promise<INestApplicationContext>): void {
  exitOnUncaughtErrors(name);
  let app: INestApplicationContext | undefined;
  // A process whose only work is queue consumers must not end because its event loop looks idle.
  const keepAlive = setInterval(() => undefined, 1 << 30);
  const stop = async (signal: string) => {
    if (!app) process.exit(0);
    clearInterval(keepAlive);
    const closing = app;
    app = undefined;
    const timer = setTimeout(() => {
      console.error(`[${name}] did not stop within 10 s after ${signal}; exiting`);
      process.exit(1);
    }, 10_000);
    timer.unref();
    await closing.close();
    await stopTracing();
    process.exit(0);
  };
  process.once('SIGTERM', () => void stop('SIGTERM'));
  process.once('SIGINT', () => void stop('SIGINT'));
  start().then(
    (started) => {
      app = started;
    },
    (error: unknown) => {
      const config = findConfigError(error);
      if (config) {
        console.error(`[${name}] ${config.message}`);
        process.exit(78);
      }
      console.error(`[${name}] failed to start:`, error);
      process.exit(1);
    },
  );
}

function findConfigError(error: unknown): ConfigValidationError | undefined {
  for (let current = error; current; current = (current as { cause?: unknown }).cause) {
    if (current instanceof ConfigValidationError) return current;
  }
  return undefined;
}

/**
 * The last resort for an error no code handled (an `error` event without a listener, a rejected promise nobody awaits).
 * After one, the process's state is unknown — a half-written stream, a held lock, a pool short of a client — so it is
 * logged once, counted, and the process exits for its supervisor (`npm start`, the container runtime) to restart it.
 * Nothing here may keep it running. Unhandled rejections arrive here too (Node's default `--unhandled-rejections=throw`).
 */
export function exitOnUncaughtErrors(name: string): void {
  process.on('uncaughtException', (error: unknown, origin: string) => {
    uncaughtErrors.inc({ origin });
    const err = error instanceof Error ? { type: error.name, message: error.message, stack: error.stack } : { message: String(error) };
    // Written synchronously (stderr is synchronous for files and pipes on Linux): pino's worker may never flush now.
    process.stderr.write(
      `${JSON.stringify({ level: 'fatal', time: Date.now(), process: name, origin, err, msg: 'uncaught error; exiting' })}\n`,
    );
    process.exit(UNCAUGHT_EXIT_CODE);
  });
}
