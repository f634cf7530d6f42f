import { INestApplicationContext, LogLevel } from '@nestjs/common';
import { ConfigValidationError } from './config/app-config';

/** Nest's bootstrap chatter (one line per module and route) is left out; pino takes over once the app exists. */
export const QUIET_BOOT: LogLevel[] = ['fatal', 'error', 'warn'];

/**
 * Starts a process (API or worker) and makes its failure modes plain: a bad configuration prints the variables at
 * fault and exits 78 (EX_CONFIG); any other start-up error exits 1. Shutdown on SIGTERM/SIGINT closes the app
 * (enableShutdownHooks), which closes HTTP, queues and the database pool.
 */
export function runOrExit(name: string, start: () => Promise<INestApplicationContext>): void {
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
