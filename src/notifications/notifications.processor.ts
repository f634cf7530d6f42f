import { OnWorkerEvent, Processor, WorkerHost } from '@nestjs/bullmq';
import { Logger } from '@nestjs/common';
import { isUuid } from '../common/uuid';
import { DelayedError, UnrecoverableError } from 'bullmq';
import { TAKEOVER_WORKER_OPTIONS } from '../queues/queue-names';
import { DeliveryDeferredError, DeliveryInFlightError, NotificationDeliveryService } from './notification-delivery.service';
import { NotificationsJob, NOTIFICATIONS_QUEUE } from '../queues/notifications.queue';
import { type JobOf, unknownJob } from '../queues/queue-jobs';
import { DriftSubscribeMailService } from './drift-subscribe-mail.service';
import { InvitationMailService } from './invitation-mail.service';
import { inJobSpan } from '../common/trace-context';

/** How long a job waits while another worker is sending part of its event. */
const IN_FLIGHT_DELAY_MS = 5_000;

type NotificationsJobOf = JobOf<typeof NOTIFICATIONS_QUEUE>;

/** A payload's id when it is one: the type says what producers send, but Redis may hold anything. */
const idOf = (value: unknown): string | null => (typeof value === 'string' && isUuid(value) ? value : null);

/** The event a deliver job is for; an invitation job has none. */
const eventIdOf = (job: NotificationsJobOf): string | null => (job.name === NotificationsJob.Deliver ? idOf(job.data.eventId) : null);

/**
 * The one processor of the notifications queue: routes jobs, and turns outcomes into BullMQ's vocabulary. Transient
 * failures are thrown and retried with the queue's backoff; after the last attempt the unsent deliveries are
 * recorded as failed, where SKR sees them.
 */
@Processor(NOTIFICATIONS_QUEUE, { concurrency: 4, ...TAKEOVER_WORKER_OPTIONS })
export class NotificationsProcessor extends WorkerHost {
  private readonly logger = new Logger(NotificationsProcessor.name);

  constructor(
    private readonly delivery: NotificationDeliveryService,
    private readonly invitationMail: InvitationMailService,
    private readonly subscribeMail: DriftSubscribeMailService,
  ) {
    super();
  }

  /** Each job runs as a span of the trace of the change that caused it (src/common/trace-context.ts). */
  process(job: NotificationsJobOf, token?: string): Promise<unknown> {
    return inJobSpan(NOTIFICATIONS_QUEUE, job, () => this.route(job, token));
  }

  private async route(job: NotificationsJobOf, token?: string): Promise<unknown> {
    switch (job.name) {
      case NotificationsJob.Deliver: {
        const eventId = eventIdOf(job);
        if (!eventId) throw new UnrecoverableError(`notifications job ${job.id} has no event id`);
        try {
          return await this.delivery.deliver(eventId);
        } catch (error) {
          if (error instanceof DeliveryInFlightError) return this.delay(job, token, IN_FLIGHT_DELAY_MS);
          if (error instanceof DeliveryDeferredError) return this.delay(job, token, Math.max(error.until.getTime() - Date.now(), 1_000));
          throw error;
        }
      }
      case NotificationsJob.Invite: {
        const invitationId = idOf(job.data.invitationId);
        if (!invitationId) throw new UnrecoverableError(`notifications job ${job.id} has no invitation id`);
        return this.invitationMail.send(invitationId);
      }
      case NotificationsJob.ConfirmSubscription: {
        const requestId = idOf(job.data.requestId);
        if (!requestId) throw new UnrecoverableError(`notifications job ${job.id} has no subscribe request id`);
        return this.subscribeMail.handle(requestId);
      }
      default:
        throw unknownJob(NOTIFICATIONS_QUEUE, job);
    }
  }

  @OnWorkerEvent('failed')
  async onFailed(job: NotificationsJobOf | undefined, error: Error): Promise<void> {
    if (!job) return;
    const finalAttempt = job.attemptsMade >= (job.opts.attempts ?? 1) || error instanceof UnrecoverableError;
    this.logger.warn({ jobId: job.id, attemptsMade: job.attemptsMade, finalAttempt, err: error.message }, 'notifications job failed');
    const eventId = eventIdOf(job);
    if (finalAttempt && eventId) await this.delivery.giveUp(eventId, error.message);
  }

  /** Re-schedules the job without counting an attempt (BullMQ's DelayedError contract). */
  private async delay(job: NotificationsJobOf, token: string | undefined, ms: number): Promise<never> {
    await job.moveToDelayed(Date.now() + ms, token);
    throw new DelayedError();
  }
}
