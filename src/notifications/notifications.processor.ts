import { OnWorkerEvent, Processor, WorkerHost } from '@nestjs/bullmq';
import { Job, UnrecoverableError } from 'bullmq';
import { NotificationDeliveryService } from './notification-delivery.service';
import { DeliverPayload, NotificationsJob, NOTIFICATIONS_QUEUE } from './notifications.queue';

/** The one processor of the notifications queue: routes jobs; the service does the work. */
@Processor(NOTIFICATIONS_QUEUE, { concurrency: 4 })
export class NotificationsProcessor extends WorkerHost {
  constructor(private readonly delivery: NotificationDeliveryService) {
    super();
  }

  async process(job: Job): Promise<unknown> {
    switch (job.name) {
      case NotificationsJob.Deliver:
        return this.delivery.deliver((job.data as DeliverPayload).eventId);
      default:
        throw new UnrecoverableError(`unknown notifications job ${job.name}`);
    }
  }

  @OnWorkerEvent('failed')
  async onFailed(job: Job | undefined, error: Error): Promise<void> {
    if (!job || (job.attemptsMade < (job.opts.attempts ?? 1) && !(error instanceof UnrecoverableError))) return;
    await this.delivery.giveUp((job.data as DeliverPayload).eventId, error.message);
  }
}
