import { Processor, WorkerHost } from '@nestjs/bullmq';
import { SlaAlertsService, type ScanResult } from './sla-alerts.service';
import { type JobOf, unknownJob } from '../queues/queue-jobs';
import { SlaJob, SLA_QUEUE } from '../queues/sla.queue';

/** The one processor of the sla queue; it only routes. */
@Processor(SLA_QUEUE, { concurrency: 1 })
export class SlaProcessor extends WorkerHost {
  constructor(private readonly alerts: SlaAlertsService) {
    super();
  }

  async process(job: JobOf<typeof SLA_QUEUE>): Promise<ScanResult> {
    switch (job.name) {
      case SlaJob.Scan:
        return this.alerts.scan();
      default:
        throw unknownJob(SLA_QUEUE, job);
    }
  }
}
