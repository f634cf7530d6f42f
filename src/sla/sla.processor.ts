import { Processor, WorkerHost } from '@nestjs/bullmq';
import { Job, UnrecoverableError } from 'bullmq';
import { SlaAlertsService, type ScanResult } from './sla-alerts.service';
import { SlaJob, SLA_QUEUE } from '../queues/sla.queue';

/** The one processor of the sla queue; it only routes. */
@Processor(SLA_QUEUE, { concurrency: 1 })
export class SlaProcessor extends WorkerHost {
  constructor(private readonly alerts: SlaAlertsService) {
    super();
  }

  async process(job: Job): Promise<ScanResult> {
    switch (job.name) {
      case SlaJob.Scan:
        return this.alerts.scan();
      default:
        throw new UnrecoverableError(`unknown sla job ${job.name}`);
    }
  }
}
