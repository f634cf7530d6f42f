import type { JobsOptions } from 'bullmq';
import { QUEUE_NAMES } from './queue-names';

/** The contract of the `sla` queue: job names, one payload per job, default options. */
export const SLA_QUEUE = QUEUE_NAMES.sla;

export enum SlaJob {
  /** Read the clocks of every open deviation and raise the 75 % and breach alerts not yet raised. */
  Scan = 'scan',
}

/** The scan reads everything from the database; it carries nothing. */
export type ScanPayload = Record<string, never>;

/** How often the scan runs. A minute keeps a 10-minute LEFI response target warned well before it breaks. */
export const SLA_SCAN_INTERVAL_MS = 60_000;

/** The scheduler id: one repeating scan per installation, however many workers upsert it. */
export const SLA_SCAN_SCHEDULER = 'sla-scan';

/** A failed scan is simply retried by the next tick; a few quick retries cover a database blip. */
export const SLA_JOB_OPTIONS: JobsOptions = {
  attempts: 3,
  backoff: { type: 'exponential', delay: 1000 },
  removeOnComplete: { age: 3600, count: 100 },
  removeOnFail: { age: 7 * 24 * 3600 },
};
