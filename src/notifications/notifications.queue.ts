import type { JobsOptions } from 'bullmq';
import { QUEUE_NAMES } from '../queues/queue-names';

/** The contract of the `notifications` queue. */
export const NOTIFICATIONS_QUEUE = QUEUE_NAMES.notifications;

export enum NotificationsJob {
  /** Deliver one notification event (e-mail and party webhooks) to its recipients. */
  Deliver = 'deliver',
}

export interface DeliverPayload {
  eventId: string;
}

export const NOTIFICATIONS_JOB_OPTIONS: JobsOptions = {
  attempts: 10,
  backoff: { type: 'exponential', delay: 2000 },
  removeOnComplete: { age: 3600, count: 5000 },
  removeOnFail: { age: 14 * 24 * 3600 },
};
