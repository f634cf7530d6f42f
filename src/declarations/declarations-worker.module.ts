import { InjectQueue } from '@nestjs/bullmq';
import { Module, OnApplicationBootstrap } from '@nestjs/common';
import { Queue } from 'bullmq';
import { DeclarationRemindersService } from './declaration-reminders.service';
import { DeclarationsJob, DECLARATIONS_QUEUE, REMINDER_SCAN_INTERVAL_MS, REMINDER_SCAN_SCHEDULER } from '../queues/declarations.queue';
import { DeclarationsModule } from './declarations.module';
import { DeclarationsProcessor } from './declarations.processor';

/** The worker side of declarations: the repeating reservation-reminder scan and its processor. */
@Module({
  imports: [DeclarationsModule],
  providers: [DeclarationRemindersService, DeclarationsProcessor],
})
export class DeclarationsWorkerModule implements OnApplicationBootstrap {
  constructor(@InjectQueue(DECLARATIONS_QUEUE) private readonly queue: Queue) {}

  /** One repeating scan for the whole installation (a job scheduler is upserted by id). */
  async onApplicationBootstrap(): Promise<void> {
    await this.queue.upsertJobScheduler(
      REMINDER_SCAN_SCHEDULER,
      { every: REMINDER_SCAN_INTERVAL_MS },
      { name: DeclarationsJob.Reminders, data: {} },
    );
  }
}
