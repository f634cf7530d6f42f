import { OnWorkerEvent, Processor, WorkerHost } from '@nestjs/bullmq';
import { Logger } from '@nestjs/common';
import { DelayedError, UnrecoverableError, Worker } from 'bullmq';
import { Counter } from 'prom-client';
import { MetricsService } from '../metrics/metrics.service';
import { TAKEOVER_WORKER_OPTIONS } from '../queues/queue-names';
import { JiraSyncState } from './jira-link.entity';
import { JiraSyncJob, JIRA_SYNC_QUEUE } from '../queues/jira-sync.queue';
import { type JobOf, unknownJob } from '../queues/queue-jobs';
import { JiraPullService } from './jira-pull.service';
import { JiraPushService } from './jira-push.service';
import { JiraReconcileService } from './jira-reconcile.service';
import { JiraSyncStateService } from './jira-sync-state.service';
import { AwaitingAddOutcomeError, AwaitingSearchIndexError, DeviationBusyError, IntegrationPausedError } from './jira-sync.errors';
import { JiraCallError, JiraMappingError } from './jira.errors';
import { inJobSpan } from '../common/trace-context';

/** How long a job waits when its deviation is busy, or while the integration is paused. */
const BUSY_DELAY_MS = 250;
const PAUSED_DELAY_MS = 60_000;
/**
 * Jira rounds Retry-After down to whole seconds, so "0" means "within the second". A tenth of a second is about when
 * a per-second window frees its next slot: shorter hammers Jira, longer leaves its budget unused.
 */
const RATE_LIMIT_MIN_WAIT_MS = 100;

/** A jira-sync job as the queue contract has it: its name says which payload it carries. */
type JiraSyncQueueJob = JobOf<typeof JIRA_SYNC_QUEUE>;

/**
 * The one processor of the jira-sync queue. It only routes jobs and turns failures into BullMQ's vocabulary:
 * a wait (Retry-After, busy deviation, paused integration) delays the job without spending an attempt; a permanent
 * failure is recorded on the deviation and not retried.
 */
@Processor(JIRA_SYNC_QUEUE, { concurrency: 8, ...TAKEOVER_WORKER_OPTIONS })
export class JiraSyncProcessor extends WorkerHost {
  private readonly logger = new Logger(JiraSyncProcessor.name);

  private readonly failures: Counter;

  constructor(
    private readonly push: JiraPushService,
    private readonly pull: JiraPullService,
    private readonly sweep: JiraReconcileService,
    private readonly state: JiraSyncStateService,
    metrics: MetricsService,
  ) {
    super();
    this.failures = new Counter({
      name: 'jira_sync_failures_total',
      help: 'jira-sync jobs that failed, by job and whether it was the final attempt.',
      labelNames: ['job', 'final'] as const,
      registers: [metrics.registry],
    });
  }

  /** Each job runs as a span of the trace of the change that caused it (src/common/trace-context.ts). */
  process(job: JiraSyncQueueJob, token?: string): Promise<unknown> {
    return inJobSpan(JIRA_SYNC_QUEUE, job, () => this.route(job, token));
  }

  private async route(job: JiraSyncQueueJob, token?: string): Promise<unknown> {
    try {
      switch (job.name) {
        case JiraSyncJob.PushDeviation:
          return await this.push.pushDeviation(job.data.deviationId);
        case JiraSyncJob.PullIssue:
          return await this.pull.pullIssue(job.data.issueId);
        case JiraSyncJob.Reconcile:
          return await this.sweep.reconcile();
        default:
          throw unknownJob(JIRA_SYNC_QUEUE, job);
      }
    } catch (error) {
      return this.handleFailure(job, token, error);
    }
  }

  /** After the last attempt the failure is left where SKR looks for it. */
  @OnWorkerEvent('failed')
  async onFailed(job: JiraSyncQueueJob | undefined, error: Error): Promise<void> {
    if (!job) return;
    const finalAttempt = job.attemptsMade >= (job.opts.attempts ?? 1) || error instanceof UnrecoverableError;
    const deviationId = deviationOf(job);
    this.failures.inc({ job: job.name, final: String(finalAttempt) });
    if (finalAttempt && deviationId) {
      // A job that spent its whole budget on transient failures outlasted an outage, not a fault of the deviation: it
      // stays waiting, with the reason, and the sweep pushes it again on the worker's own schedule once Jira answers.
      const transient = error instanceof JiraCallError && error.kind === 'transient';
      const reason = transient ? `${error.message} (gave up after ${job.attemptsMade} attempts; the sweep retries)` : error.message;
      await this.state.recordFailure(deviationId, transient ? JiraSyncState.Waiting : JiraSyncState.Failed, reason);
    }
    this.logger.warn(
      { jobId: job.id, job: job.name, attemptsMade: job.attemptsMade, finalAttempt, err: error.message },
      'jira sync job failed',
    );
  }

  private async handleFailure(job: JiraSyncQueueJob, token: string | undefined, error: unknown): Promise<never> {
    const deviationId = deviationOf(job);
    // Before the plain busy case: it is one, with a known wait instead of a poll (each poll re-reads the issue in Jira).
    if (error instanceof AwaitingAddOutcomeError) return this.delay(job, token, error.waitMs);
    if (error instanceof DeviationBusyError) return this.delay(job, token, BUSY_DELAY_MS);
    if (error instanceof IntegrationPausedError) return this.delay(job, token, PAUSED_DELAY_MS);
    if (error instanceof AwaitingSearchIndexError) return this.delay(job, token, error.waitMs);
    if (error instanceof JiraMappingError) {
      if (deviationId) await this.state.recordFailure(deviationId, JiraSyncState.Failed, error.message);
      throw new UnrecoverableError(error.message);
    }
    if (error instanceof JiraCallError) {
      switch (error.kind) {
        case 'rate_limited':
          return this.rateLimited(Math.max(error.retryAfterMs ?? 1000, RATE_LIMIT_MIN_WAIT_MS));
        case 'auth':
        case 'forbidden':
          // Neither is one deviation's trouble: every call would fail the same way until SKR fixes the account.
          await this.state.pause(error.message);
          return this.delay(job, token, PAUSED_DELAY_MS);
        case 'permanent':
          if (deviationId) await this.state.recordFailure(deviationId, JiraSyncState.Failed, error.message);
          throw new UnrecoverableError(error.message);
        case 'transient':
          if (deviationId) await this.state.recordFailure(deviationId, JiraSyncState.Waiting, error.message);
          throw error;
      }
    }
    throw error;
  }

  /**
   * Jira's limit is Jira's, not one job's: the whole queue (every worker) holds off for the wait Jira asked for, and
   * the job goes back to the queue without spending an attempt. Delaying only this job let the other seven
   * concurrent jobs run into the same limit — thousands of 429s per 150 issues in the bench.
   */
  private async rateLimited(ms: number): Promise<never> {
    await this.worker.rateLimit(ms);
    throw Worker.RateLimitError();
  }

  /** Re-schedules the job without counting an attempt (BullMQ's DelayedError contract). */
  private async delay(job: JiraSyncQueueJob, token: string | undefined, ms: number): Promise<never> {
    await job.moveToDelayed(Date.now() + ms, token);
    throw new DelayedError();
  }
}

/** The deviation a job's failure is recorded on: only a push names one (a pull learns its deviation from the issue). */
function deviationOf(job: JiraSyncQueueJob): string | undefined {
  return job.name === JiraSyncJob.PushDeviation ? job.data.deviationId : undefined;
}
