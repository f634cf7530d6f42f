import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DriftAnnouncement } from './drift-announcement.entity';
import { DriftAnnouncementVersion } from './drift-announcement-version.entity';
import { OutageDeviationLink } from './outage-deviation-link.entity';

/**
 * The worker side of driftinformation. It has no job yet (subscription mail and the serious-incident reminder come
 * next); it registers the entities so the worker's data source knows every table it may meet.
 */
@Module({
  imports: [TypeOrmModule.forFeature([DriftAnnouncement, DriftAnnouncementVersion, OutageDeviationLink])],
})
export class DriftinfoWorkerModule {}
