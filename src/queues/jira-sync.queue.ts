import type { JobsOptions } from 'bullmq';
import { QUEUE_NAMES } from './queue-names';

/** The contract of the `jira-sync` queue: job names, one payload per job, default options. */
export const JIRA_SYNC_QUEUE = QUEUE_NAMES.jiraSync;

export enum JiraSyncJob {
  /** Bring the Jira issue of a deviation up to date: create it when missing, then fields, comments, attachments. */
  PushDeviation = 'push-deviation',
  /** Re-read an issue from Jira after a webhook and apply what SKR changed there. */
  PullIssue = 'pull-issue',
  /** Sweep issues updated since the watermark, repairing lost webhooks. */
  Reconcile = 'reconcile',
}

export interface PushDeviationPayload {
  deviationId: string;
}

export interface PullIssuePayload {
  issueId: string;
  /** The webhook delivery that caused it (for logs); the job reads the issue's current state, not the delta. */
  deliveryId?: string;
}

export type ReconcilePayload = Record<string, never>;

/**
 * Transient failures (5xx, network) retry with exponential backoff (attempts and first delay from the configuration); Retry-After is honoured by delaying the
 * job without spending an attempt. Completed jobs are dropped quickly: PostgreSQL keeps the sync state.
 */
export const jiraSyncJobOptions = (attempts: number, firstRetryDelayMs: number): JobsOptions => ({
  attempts,
  backoff: { type: 'exponential', delay: firstRetryDelayMs },
  removeOnComplete: { age: 3600, count: 5000 },
  removeOnFail: { age: 14 * 24 * 3600 },
});

/** Outbox job keys (entity and intent); the relay makes the job id of it (outboxJobId). */
export const pushJobKey = (deviationId: string) => `push_${deviationId}`;
export const pullJobKey = (issueId: string) => `pull_${issueId}`;
/** The sweep a changed API token asks for while the integration is paused: it resumes once Jira accepts the token. */
export const TOKEN_CHANGED_SWEEP_KEY = 'reconcile_token-changed';
/**
 * The delayed pull that ends a held Jira comment's hold: one per issue and release time, so the many comments of one
 * pass share a job and a pass repeated before the release adds none.
 */
export const releaseJobId = (issueId: string, at: Date) => `release_${issueId}_${at.getTime()}`;
