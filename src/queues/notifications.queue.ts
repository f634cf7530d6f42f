import type { JobsOptions } from 'bullmq';
import { QUEUE_NAMES } from './queue-names';

/** The contract of the `notifications` queue. */
export const NOTIFICATIONS_QUEUE = QUEUE_NAMES.notifications;

export enum NotificationsJob {
  /** Deliver one notification event (e-mail and party webhooks) to its recipients. */
  Deliver = 'deliver',
  /** Mail an invitation's one-time secret to the invited address. */
  Invite = 'invite',
  /** Handle a public driftinformation subscribe request: a pending subscription and its confirmation e-mail, or nothing. */
  ConfirmSubscription = 'confirm_subscription',
}

/**
 * The event's id only: the job re-reads the event and its delivery rows, which say what is still to send. The same
 * job serves the first delivery, retries and replays (a replay puts a delivery row back to `väntar`).
 */
export interface DeliverPayload {
  eventId: string;
}

/**
 * The invitation's id only: the job makes the secret when it mails it (only its hash is stored), and does nothing
 * for an invitation that is meanwhile accepted, revoked or expired. A retry makes a new secret; the last mail wins.
 */
export interface InvitePayload {
  invitationId: string;
}

/**
 * The subscribe request's id only: the worker reads the address from it, so the API's answer does not depend on the
 * address's state (no enumeration, not even by timing). A retry makes a new confirmation token; the last mail wins.
 */
export interface ConfirmSubscriptionPayload {
  requestId: string;
}

/**
 * An SMTP or endpoint outage retries with exponential backoff (2 s doubling, with jitter: about an hour over 12
 * attempts) without sending anything twice; after the last attempt what is still unsent is recorded as failed,
 * for SKR to see and replay.
 */
export const NOTIFICATIONS_JOB_OPTIONS: JobsOptions = {
  attempts: 12,
  backoff: { type: 'exponential', delay: 2000, jitter: 0.2 },
  removeOnComplete: { age: 3600, count: 5000 },
  removeOnFail: { age: 14 * 24 * 3600 },
};

/** Outbox job key (entity and intent); the relay makes the job id of it (outboxJobId), so each emit or replay is its own job. */
export const deliverJobKey = (eventId: string) => `notify_${eventId}`;

/** Outbox job key of an invitation's mail. */
export const inviteJobKey = (invitationId: string) => `invite_${invitationId}`;

/** Outbox job key of a subscribe request's confirmation. */
export const confirmSubscriptionJobKey = (requestId: string) => `subscribe_${requestId}`;
