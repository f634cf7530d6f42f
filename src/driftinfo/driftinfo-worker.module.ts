import { InjectQueue } from '@nestjs/bullmq';
import { Module, OnApplicationBootstrap } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { Queue } from 'bullmq';
import { AppConfig } from '../config/app-config';
import { NotificationsModule } from '../notifications/notifications.module';
import { DRIFTINFO_QUEUE, DriftinfoJob, SERIOUS_REMINDER_SCHEDULER } from '../queues/driftinfo.queue';
import { DriftAnnouncement } from './drift-announcement.entity';
import { DriftAnnouncementVersion } from './drift-announcement-version.entity';
import { DriftinfoProcessor } from './driftinfo.processor';
import { OutageDeviationLink } from './outage-deviation-link.entity';
import { SeriousRemindersService } from './serious-reminders.service';

/**
 * The worker side of driftinformation: the repeating serious-incident reminder scan. Subscribers' e-mail goes through
 * the notifications queue like every other notification.
 */
@Module({
  imports: [TypeOrmModule.forFeature([DriftAnnouncement, DriftAnnouncementVersion, OutageDeviationLink]), NotificationsModule],
  providers: [SeriousRemindersService, DriftinfoProcessor],
})
export class DriftinfoWorkerModule implements OnApplicationBootstrap {
  constructor(
    @InjectQueue(DRIFTINFO_QUEUE) private readonly queue: Queue,
    private readonly config: AppConfig,
  ) {}

  /** One repeating scan for the whole installation, however many workers run (a job scheduler is upserted by id). */
  async onApplicationBootstrap(): Promise<void> {
    await this.queue.upsertJobScheduler(
      SERIOUS_REMINDER_SCHEDULER,
      { every: this.config.DRIFTINFO_REMINDER_SCAN_MS },
      { name: DriftinfoJob.SeriousReminders, data: {} },
    );
  }
}
