import { type Job, UnrecoverableError } from 'bullmq';
import type { TraceOrigin } from '../common/trace-context';
import { DeclarationsJob, type RemindersPayload } from './declarations.queue';
import { DriftinfoJob, type SeriousRemindersPayload } from './driftinfo.queue';
import { JiraSyncJob, type PullIssuePayload, type PushDeviationPayload, type ReconcilePayload } from './jira-sync.queue';
import { type ConfirmSubscriptionPayload, type DeliverPayload, type InvitePayload, NotificationsJob } from './notifications.queue';
import { QUEUE_NAMES, type QueueName } from './queue-names';
import { type CleanupPayload, RetentionJob } from './retention.queue';
import { type ScanPayload, SlaJob } from './sla.queue';

/**
 * Every job of every queue, by queue and job name, with the payload that job carries: the one table that emitting
 * (the outbox) and processing are typed by, so a job with another job's payload does not compile.
 */
export interface QueuePayloads {
  [QUEUE_NAMES.jiraSync]: {
    [JiraSyncJob.PushDeviation]: PushDeviationPayload;
    [JiraSyncJob.PullIssue]: PullIssuePayload;
    [JiraSyncJob.Reconcile]: ReconcilePayload;
  };
  [QUEUE_NAMES.notifications]: {
    [NotificationsJob.Deliver]: DeliverPayload;
    [NotificationsJob.Invite]: InvitePayload;
    [NotificationsJob.ConfirmSubscription]: ConfirmSubscriptionPayload;
  };
  [QUEUE_NAMES.sla]: { [SlaJob.Scan]: ScanPayload };
  [QUEUE_NAMES.declarations]: { [DeclarationsJob.Reminders]: RemindersPayload };
  [QUEUE_NAMES.retention]: { [RetentionJob.Cleanup]: CleanupPayload };
  [QUEUE_NAMES.driftinfo]: { [DriftinfoJob.SeriousReminders]: SeriousRemindersPayload };
}

type JobName<Q extends QueueName> = keyof QueuePayloads[Q] & string;

/** A job to emit on queue Q: its name and the payload that name carries. */
export type QueueJob<Q extends QueueName = QueueName> = Q extends QueueName
  ? { [N in JobName<Q>]: { queue: Q; jobName: N; payload: QueuePayloads[Q][N] } }[JobName<Q>]
  : never;

/**
 * Beside its ids, a job the outbox relay made carries where it came from: the trace context and request id of the
 * change (src/common/trace-context.ts). Scheduled jobs have none.
 */
export interface JobOrigin {
  origin?: TraceOrigin;
}

/** A BullMQ job of queue Q as its processor receives it: `switch (job.name)` narrows `job.data` to that job's payload. */
export type JobOf<Q extends QueueName> = { [N in JobName<Q>]: Job<QueuePayloads[Q][N] & JobOrigin, unknown, N> }[JobName<Q>];

/**
 * The refusal of a job whose name no case of its processor handles (Redis may hold a job of another release): not
 * retried. `job` is `never` where the switch covers every name, so the compiler proves the rest are handled.
 */
export function unknownJob(queue: QueueName, job: { name: string }): UnrecoverableError {
  return new UnrecoverableError(`unknown ${queue} job ${job.name}`);
}
