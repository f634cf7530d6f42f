import { Module } from '@nestjs/common';
import { CORE_MODULES } from './core-modules';
import { DeclarationsWorkerModule } from './declarations/declarations-worker.module';
import { DriftinfoWorkerModule } from './driftinfo/driftinfo-worker.module';
import { JiraSyncModule } from './jira/jira-sync.module';
import { NotificationsWorkerModule } from './notifications/notifications-worker.module';
import { OutboxModule } from './outbox/outbox.module';
import { OutboxRelay } from './outbox/outbox-relay';
import { PrivacyWorkerModule } from './privacy/privacy-worker.module';
import { SlaWorkerModule } from './sla/sla-worker.module';

/**
 * The worker process: the same modules as the API without HTTP, plus what only the worker runs — the outbox relay,
 * the queue processors and the schedulers (Jira sync, notifications, SLA clocks, declaration reminders, retention).
 */
@Module({
  imports: [
    ...CORE_MODULES,
    OutboxModule,
    JiraSyncModule,
    NotificationsWorkerModule,
    SlaWorkerModule,
    DeclarationsWorkerModule,
    DriftinfoWorkerModule,
    PrivacyWorkerModule,
  ],
  providers: [OutboxRelay],
})
export class WorkerModule {}
