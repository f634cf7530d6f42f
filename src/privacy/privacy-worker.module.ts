import { InjectQueue } from '@nestjs/bullmq';
import { Module, OnApplicationBootstrap } from '@nestjs/common';
import { Queue } from 'bullmq';
import { RETENTION_CLEANUP_INTERVAL_MS, RETENTION_CLEANUP_SCHEDULER, RETENTION_QUEUE, RetentionJob } from '../queues/retention.queue';
import { StorageModule } from '../storage/storage.module';
import { ClosedDeviationsService } from './closed-deviations.service';
import { RetentionProcessor } from './retention.processor';
import { RetentionService } from './retention.service';

/** The worker side of personal data: the repeating retention cleanup and its processor. */
@Module({
  imports: [StorageModule],
  providers: [RetentionService, ClosedDeviationsService, RetentionProcessor],
})
export class PrivacyWorkerModule implements OnApplicationBootstrap {
  constructor(@InjectQueue(RETENTION_QUEUE) private readonly queue: Queue) {}

  /** One repeating cleanup for the whole installation, however many workers run (a job scheduler is upserted by id). */
  async onApplicationBootstrap(): Promise<void> {
    await this.queue.upsertJobScheduler(
      RETENTION_CLEANUP_SCHEDULER,
      { every: RETENTION_CLEANUP_INTERVAL_MS },
      { name: RetentionJob.Cleanup, data: {} },
    );
  }
}
