import type { JobsOptions } from 'bullmq';
import { QUEUE_NAMES } from './queue-names';

/** The contract of the `driftinfo` queue: job names, one payload per job, default options. */
export const DRIFTINFO_QUEUE = QUEUE_NAMES.driftinfo;

export enum DriftinfoJob {
  /** Remind SKR of serious outages that went without an update for DRIFTINFO_SERIOUS_REMINDER_MINUTES. */
  SeriousReminders = 'serious_reminders',
}

/** The scan reads everything from the database; it carries nothing. */
export type SeriousRemindersPayload = Record<string, never>;

/** The scheduler id: one repeating scan per installation, however many workers upsert it. */
export const SERIOUS_REMINDER_SCHEDULER = 'driftinfo-serious-reminders';

/** A failed scan is simply caught up by the next tick; a few quick retries cover a database blip. */
export const DRIFTINFO_JOB_OPTIONS: JobsOptions = {
  attempts: 3,
  backoff: { type: 'exponential', delay: 1000 },
  removeOnComplete: { age: 3600, count: 100 },
  removeOnFail: { age: 7 * 24 * 3600 },
};
