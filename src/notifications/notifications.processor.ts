import { OnWorkerEvent, Processor, WorkerHost } from '@nestjs/bullmq';
import { Logger } from '@nestjs/common';
import { DelayedError, Job, UnrecoverableError } from 'bullmq';
import { TAKEOVER_WORKER_OPTIONS } from '../queues/queue-names';
import { DeliveryInFlightError, NotificationDeliveryService } from './notification-delivery.service';
import { DeliverPayload, InvitePayload, NotificationsJob, NOTIFICATIONS_QUEUE } from '../queues/notifications.queue';
import { InvitationMailService } from './invitation-mail.service';

/** How long a job waits while another worker is sending part of its event. */
const IN_FLIGHT_DELAY_MS = 5_000;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

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
  ) {
    super();
  }

  async process(job: Job, token?: string): Promise<unknown> {
    switch (job.name) {
      case NotificationsJob.Deliver: {
        const { eventId } = job.data as Partial<DeliverPayload>;
        if (typeof eventId !== 'string' || !UUID.test(eventId)) throw new UnrecoverableError(`notifications job ${job.id} has no event id`);
        try {
          return await this.delivery.deliver(eventId);
        } catch (error) {
          if (error instanceof DeliveryInFlightError) return this.delay(job, token, IN_FLIGHT_DELAY_MS);
          throw error;
        }
      }
      case NotificationsJob.Invite: {
        const { invitationId } = job.data as Partial<InvitePayload>;
        if (typeof invitationId !== 'string' || !UUID.test(invitationId)) {
          throw new UnrecoverableError(`notifications job ${job.id} has no invitation id`);
        }
        return this.invitationMail.send(invitationId);
      }
      default:
        throw new UnrecoverableError(`unknown notifications job ${job.name}`);
    }
  }

  @OnWorkerEvent('failed')
  async onFailed(job: Job | undefined, error: Error): Promise<void> {
    if (!job) return;
    const finalAttempt = job.attemptsMade >= (job.opts.attempts ?? 1) || error instanceof UnrecoverableError;
    this.logger.warn({ jobId: job.id, attemptsMade: job.attemptsMade, finalAttempt, err: error.message }, 'notifications job failed');
    const eventId = (job.data as Partial<DeliverPayload>).eventId;
    if (finalAttempt && typeof eventId === 'string' && UUID.test(eventId)) await this.delivery.giveUp(eventId, error.message);
  }

  /** Re-schedules the job without counting an attempt (BullMQ's DelayedError contract). */
  private async delay(job: Job, token: string | undefined, ms: number): Promise<never> {
    await job.moveToDelayed(Date.now() + ms, token);
    throw new DelayedError();
  }
}
