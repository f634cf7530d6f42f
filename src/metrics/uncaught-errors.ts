import { Counter } from 'prom-client';

/**
 * Errors that reached a process's last-resort handler (process-lifecycle.ts), by origin. The process exits right after
 * counting, so a scrape sees it only in the instant before; what it is for is the hostile suite and the logs, which
 * expect it to stay 0. Module-level because the handler runs outside Nest, before and after the app exists.
 */
export const uncaughtErrors = new Counter({
  name: 'uncaught_errors_total',
  help: 'Errors no code handled (uncaught exceptions and unhandled rejections); the process exits after each.',
  labelNames: ['origin'] as const,
  registers: [],
});
