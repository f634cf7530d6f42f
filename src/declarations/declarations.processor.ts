import { Processor, WorkerHost } from '@nestjs/bullmq';
import { Job, UnrecoverableError } from 'bullmq';
import { DeclarationRemindersService } from './declaration-reminders.service';
import { DeclarationsJob, DECLARATIONS_QUEUE } from '../queues/declarations.queue';

/** The one processor of the declarations queue; it only routes. */
@Processor(DECLARATIONS_QUEUE, { concurrency: 1 })
export class DeclarationsProcessor extends WorkerHost {
  constructor(private readonly reminders: DeclarationRemindersService) {
    super();
  }

  async process(job: Job): Promise<{ reminded: number }> {
    switch (job.name) {
      case DeclarationsJob.Reminders:
        return this.reminders.scan();
      default:
        throw new UnrecoverableError(`unknown declarations job ${job.name}`);
    }
  }
}
