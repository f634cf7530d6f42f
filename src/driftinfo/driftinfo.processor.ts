import { Processor, WorkerHost } from '@nestjs/bullmq';
import { inJobSpan } from '../common/trace-context';
import { DRIFTINFO_QUEUE, DriftinfoJob } from '../queues/driftinfo.queue';
import { type JobOf, unknownJob } from '../queues/queue-jobs';
import { SeriousRemindersService } from './serious-reminders.service';

/** The one processor of the driftinfo queue; it only routes. */
@Processor(DRIFTINFO_QUEUE, { concurrency: 1 })
export class DriftinfoProcessor extends WorkerHost {
  constructor(private readonly reminders: SeriousRemindersService) {
    super();
  }

  process(job: JobOf<typeof DRIFTINFO_QUEUE>): Promise<unknown> {
    return inJobSpan(DRIFTINFO_QUEUE, job, () => this.route(job));
  }

  private async route(job: JobOf<typeof DRIFTINFO_QUEUE>): Promise<unknown> {
    switch (job.name) {
      case DriftinfoJob.SeriousReminders:
        return this.reminders.scan();
      default:
        throw unknownJob(DRIFTINFO_QUEUE, job);
    }
  }
}
