import { Processor, WorkerHost } from '@nestjs/bullmq';
import { type JobOf, unknownJob } from '../queues/queue-jobs';
import { RETENTION_QUEUE, RetentionJob } from '../queues/retention.queue';
import { type CleanupResult, RetentionService } from './retention.service';

/** The one processor of the retention queue; it only routes. */
@Processor(RETENTION_QUEUE, { concurrency: 1 })
export class RetentionProcessor extends WorkerHost {
  constructor(private readonly retention: RetentionService) {
    super();
  }

  async process(job: JobOf<typeof RETENTION_QUEUE>): Promise<CleanupResult> {
    switch (job.name) {
      case RetentionJob.Cleanup:
        return this.retention.cleanup();
      default:
        throw unknownJob(RETENTION_QUEUE, job);
    }
  }
}
