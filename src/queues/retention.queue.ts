import type { JobsOptions } from 'bullmq';
import { QUEUE_NAMES } from './queue-names';

/** The contract of the `retention` queue: job names, one payload per job, default options. */
export const RETENTION_QUEUE = QUEUE_NAMES.retention;

export enum RetentionJob {
  /** Delete what has outlived its retention period (README "Personal data", "Retention"). */
  Cleanup = 'cleanup',
}

/** The cleanup reads its periods from the configuration and everything else from the database; it carries nothing. */
export type CleanupPayload = Record<string, never>;

/** Every six hours: periods are counted in days, and a run that fails is caught up by the next without harm. */
export const RETENTION_CLEANUP_INTERVAL_MS = 6 * 3600 * 1000;

/** The scheduler id: one repeating cleanup per installation, however many workers upsert it. */
export const RETENTION_CLEANUP_SCHEDULER = 'retention-cleanup';

export const RETENTION_JOB_OPTIONS: JobsOptions = {
  attempts: 3,
  backoff: { type: 'exponential', delay: 10_000 },
  removeOnComplete: { age: 7 * 24 * 3600, count: 50 },
  removeOnFail: { age: 30 * 24 * 3600 },
};
