import { Processor, WorkerHost } from '@nestjs/bullmq';
import { DeclarationRemindersService } from './declaration-reminders.service';
import { DeclarationsJob, DECLARATIONS_QUEUE } from '../queues/declarations.queue';
import { type JobOf, unknownJob } from '../queues/queue-jobs';
import { inJobSpan } from '../common/trace-context';

/** The one processor of the declarations queue; it only routes. */
@Processor(DECLARATIONS_QUEUE, { concurrency: 1 })
export class DeclarationsProcessor extends WorkerHost {
  constructor(private readonly reminders: DeclarationRemindersService) {
    super();
  }

  /** Each job runs as a span of the trace of the change that caused it (src/common/trace-context.ts). */
  process(job: JobOf<typeof DECLARATIONS_QUEUE>): Promise<{ reminded: number }> {
    return inJobSpan(DECLARATIONS_QUEUE, job, () => this.route(job));
  }

  private async route(job: JobOf<typeof DECLARATIONS_QUEUE>): Promise<{ reminded: number }> {
    switch (job.name) {
      case DeclarationsJob.Reminders:
        return this.reminders.scan();
      default:
        throw unknownJob(DECLARATIONS_QUEUE, job);
    }
  }
}
