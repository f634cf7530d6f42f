import { getQueueToken, WorkerHost } from '@nestjs/bullmq';
import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { DiscoveryService, ModuleRef } from '@nestjs/core';
import type { Queue } from 'bullmq';
import { QUEUE_NAMES } from './queue-names';

/**
 * Listens to the `error` event of every queue and every processor's worker. Without a listener BullMQ prints each
 * one to stderr with its stack trace, outside the structured log — a Redis restart printed a burst of connection
 * resets, and a job whose lock lapsed meanwhile a "Missing lock" — although ioredis reconnects by itself, commands
 * wait for it, and a stalled job is run again. A warning is all such an error needs.
 */
@Injectable()
export class QueueErrors implements OnApplicationBootstrap {
  private readonly logger = new Logger('Queues');

  constructor(
    private readonly moduleRef: ModuleRef,
    private readonly discovery: DiscoveryService,
  ) {}

  onApplicationBootstrap(): void {
    for (const name of Object.values(QUEUE_NAMES)) {
      const queue = this.moduleRef.get<Queue | null>(getQueueToken(name), { strict: false });
      queue?.on('error', (error: Error) => this.logger.warn({ queue: name, err: error.message }, 'queue error'));
    }
    // The worker process's processors; the API has none.
    for (const { instance } of this.discovery.getProviders()) {
      if (!(instance instanceof WorkerHost)) continue;
      const worker = instance.worker;
      worker.on('error', (error: Error) => this.logger.warn({ queue: worker.name, err: error.message }, 'queue worker error'));
    }
  }
}
