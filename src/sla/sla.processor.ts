import { Processor, WorkerHost } from '@nestjs/bullmq';
import { Gauge } from 'prom-client';
import { MetricsService } from '../metrics/metrics.service';
import { SlaAlertsService, type ScanResult } from './sla-alerts.service';
import { type JobOf, unknownJob } from '../queues/queue-jobs';
import { SlaJob, SLA_QUEUE } from '../queues/sla.queue';
import { inJobSpan } from '../common/trace-context';

/** The one processor of the sla queue; it only routes. */
@Processor(SLA_QUEUE, { concurrency: 1 })
export class SlaProcessor extends WorkerHost {
  /** An alert rule fires when this stops moving: no scan means no SLA warnings, silently. */
  private readonly lastScan: Gauge;

  constructor(
    private readonly alerts: SlaAlertsService,
    metrics: MetricsService,
  ) {
    super();
    this.lastScan = new Gauge({
      name: 'sla_scan_last_success_timestamp_seconds',
      help: 'When the SLA scan last completed (Unix time, seconds).',
      registers: [metrics.registry],
    });
  }

  /** Each job runs as a span of the trace of the change that caused it (src/common/trace-context.ts). */
  process(job: JobOf<typeof SLA_QUEUE>): Promise<ScanResult> {
    return inJobSpan(SLA_QUEUE, job, () => this.route(job));
  }

  private async route(job: JobOf<typeof SLA_QUEUE>): Promise<ScanResult> {
    switch (job.name) {
      case SlaJob.Scan: {
        const result = await this.alerts.scan();
        this.lastScan.set(Date.now() / 1000);
        return result;
      }
      default:
        throw unknownJob(SLA_QUEUE, job);
    }
  }
}
