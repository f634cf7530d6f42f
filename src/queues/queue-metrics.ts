import { getQueueToken } from '@nestjs/bullmq';
import { Injectable } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import type { Queue } from 'bullmq';
import { Gauge } from 'prom-client';
import { MetricsService } from '../metrics/metrics.service';
import { QUEUE_NAMES } from './queue-names';

/** Queue depth per queue and state, read from Redis when /metrics is scraped — every queue in QUEUE_NAMES. */
@Injectable()
export class QueueMetrics {
  constructor(metrics: MetricsService, moduleRef: ModuleRef) {
    // Looked up by name, so a queue added to QUEUE_NAMES (and registered in QueuesModule) is counted without more
    // code; looked up at the first scrape, because the queues are not yet built when this is constructed.
    let found: Queue[] | undefined;
    const queues = (): Queue[] => {
      if (found) return found;
      const list = Object.values(QUEUE_NAMES).map((name) => moduleRef.get<Queue | null>(getQueueToken(name), { strict: false }));
      const ready = list.filter((queue): queue is Queue => queue !== null);
      if (ready.length === list.length) found = ready;
      return ready;
    };
    new Gauge({
      name: 'queue_jobs',
      help: 'BullMQ jobs per queue and state.',
      labelNames: ['queue', 'state'] as const,
      registers: [metrics.registry],
      async collect() {
        for (const queue of queues()) {
          const counts = await queue.getJobCounts('waiting', 'active', 'delayed', 'failed', 'prioritized');
          for (const [state, count] of Object.entries(counts)) this.set({ queue: queue.name, state }, count);
        }
      },
    });
  }
}
