import { InjectQueue } from '@nestjs/bullmq';
import { Injectable } from '@nestjs/common';
import { Queue } from 'bullmq';
import { Gauge } from 'prom-client';
import { MetricsService } from '../metrics/metrics.service';
import { QUEUE_NAMES } from './queue-names';

/** Queue depth per queue and state, read from Redis when /metrics is scraped. */
@Injectable()
export class QueueMetrics {
  constructor(
    metrics: MetricsService,
    @InjectQueue(QUEUE_NAMES.jiraSync) jiraSync: Queue,
    @InjectQueue(QUEUE_NAMES.notifications) notifications: Queue,
  ) {
    const queues = [jiraSync, notifications];
    new Gauge({
      name: 'queue_jobs',
      help: 'BullMQ jobs per queue and state.',
      labelNames: ['queue', 'state'] as const,
      registers: [metrics.registry],
      async collect() {
        for (const queue of queues) {
          const counts = await queue.getJobCounts('waiting', 'active', 'delayed', 'failed', 'prioritized');
          for (const [state, count] of Object.entries(counts)) this.set({ queue: queue.name, state }, count);
        }
      },
    });
  }
}
