import { InjectQueue } from '@nestjs/bullmq';
import { Module, OnApplicationBootstrap } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { Queue } from 'bullmq';
import { SlaAlert } from './sla-alert.entity';
import { AuditModule } from '../audit/audit.module';
import { DeviationsModule } from '../deviations/deviations.module';
import { PartiesModule } from '../parties/parties.module';
import { SlaAlertsService } from './sla-alerts.service';
import { SlaJob, SLA_QUEUE, SLA_SCAN_INTERVAL_MS, SLA_SCAN_SCHEDULER } from '../queues/sla.queue';
import { SlaProcessor } from './sla.processor';
import { SlaService } from './sla.service';

/** The worker side of the SLA clocks: the repeating alert scan and its processor. */
@Module({
  imports: [TypeOrmModule.forFeature([SlaAlert]), DeviationsModule, PartiesModule, AuditModule],
  providers: [SlaService, SlaAlertsService, SlaProcessor],
})
export class SlaWorkerModule implements OnApplicationBootstrap {
  constructor(@InjectQueue(SLA_QUEUE) private readonly queue: Queue) {}

  /** One repeating scan for the whole installation, however many workers run (a job scheduler is upserted by id). */
  async onApplicationBootstrap(): Promise<void> {
    await this.queue.upsertJobScheduler(SLA_SCAN_SCHEDULER, { every: SLA_SCAN_INTERVAL_MS }, { name: SlaJob.Scan, data: {} });
  }
}
