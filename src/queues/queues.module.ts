import { BullModule } from '@nestjs/bullmq';
import { Global, Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { AppConfig } from '../config/app-config';
import { ClosingWorker } from './closing-worker';
import { DECLARATIONS_JOB_OPTIONS } from './declarations.queue';
import { DRIFTINFO_JOB_OPTIONS } from './driftinfo.queue';
import { jiraSyncJobOptions } from './jira-sync.queue';
import { NOTIFICATIONS_JOB_OPTIONS } from './notifications.queue';
import { RETENTION_JOB_OPTIONS } from './retention.queue';
import { SLA_JOB_OPTIONS } from './sla.queue';
import { QUEUE_NAMES } from './queue-names';
import { QueueErrors } from './queue-errors';
import { QueueMetrics } from './queue-metrics';

// Every consumer @nestjs/bullmq creates is one whose shutdown cannot hang on an unreachable Redis (closing-worker.ts).
BullModule.workerClass = ClosingWorker;

/** The BullMQ connection (one Redis, one key prefix) and every queue with its default job options. */
@Global()
@Module({
  imports: [
    DiscoveryModule,
    BullModule.forRootAsync({
      inject: [AppConfig],
      useFactory: (config: AppConfig) => ({
        connection: { url: config.REDIS_URL, maxRetriesPerRequest: null },
        prefix: config.QUEUE_PREFIX,
      }),
    }),
    BullModule.registerQueueAsync({
      name: QUEUE_NAMES.jiraSync,
      inject: [AppConfig],
      useFactory: (config: AppConfig) => ({
        defaultJobOptions: jiraSyncJobOptions(config.JIRA_RETRY_ATTEMPTS, config.JIRA_RETRY_BASE_DELAY_MS),
      }),
    }),
    BullModule.registerQueue(
      { name: QUEUE_NAMES.notifications, defaultJobOptions: NOTIFICATIONS_JOB_OPTIONS },
      { name: QUEUE_NAMES.sla, defaultJobOptions: SLA_JOB_OPTIONS },
      { name: QUEUE_NAMES.declarations, defaultJobOptions: DECLARATIONS_JOB_OPTIONS },
      { name: QUEUE_NAMES.retention, defaultJobOptions: RETENTION_JOB_OPTIONS },
      { name: QUEUE_NAMES.driftinfo, defaultJobOptions: DRIFTINFO_JOB_OPTIONS },
    ),
  ],
  providers: [QueueMetrics, QueueErrors],
  exports: [BullModule],
})
export class QueuesModule {}
