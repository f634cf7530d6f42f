import type { JobsOptions } from 'bullmq';
import { QUEUE_NAMES } from './queue-names';

/** The contract of the `declarations` queue: job names, payloads, default options and the schedule. */
export const DECLARATIONS_QUEUE = QUEUE_NAMES.declarations;

export enum DeclarationsJob {
  /** Remind parties whose "godkänd med förbehåll" date is near; each review round is reminded once. */
  Reminders = 'reminders',
}

/** The scan reads everything from the database; it carries nothing. */
export type RemindersPayload = Record<string, never>;

/** Dates are whole days, so an hourly scan reminds on the right morning without running all the time. */
export const REMINDER_SCAN_INTERVAL_MS = 60 * 60_000;

/** The scheduler id: one repeating scan per installation, however many workers upsert it. */
export const REMINDER_SCAN_SCHEDULER = 'declaration-reminders';

/**
 * How many days before the agreed date the party is reminded. A week leaves time to re-test and resubmit before
 * the date, and is short enough that the reminder is not forgotten by then.
 */
export const REMINDER_LEAD_DAYS = 7;

/** A failed scan is retried by the next tick; a few quick retries cover a database blip. */
export const DECLARATIONS_JOB_OPTIONS: JobsOptions = {
  attempts: 3,
  backoff: { type: 'exponential', delay: 1000 },
  removeOnComplete: { age: 3600, count: 100 },
  removeOnFail: { age: 7 * 24 * 3600 },
};
