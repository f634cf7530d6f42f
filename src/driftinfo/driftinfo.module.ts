import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '../audit/audit.module';
import { AnnouncementQueriesService } from './announcement-queries.service';
import { AnnouncementsController } from './announcements.controller';
import { AnnouncementsService } from './announcements.service';
import { AvailabilityController } from './availability.controller';
import { AvailabilityRegisterService } from './availability-register.service';
import { DriftAnnouncement } from './drift-announcement.entity';
import { DriftAnnouncementVersion } from './drift-announcement-version.entity';
import { OutageDeviationLink } from './outage-deviation-link.entity';
import { OutageLinksService } from './outage-links.service';
import { PublicStatusController } from './public-status.controller';
import { StatusBoardPages } from './status-board.pages';
import { StatusBoardService } from './status-board.service';
import { StatusPageController } from './status-page.controller';

/** Driftinformation (issue 23): outages and service windows, their publishing and the availability register. */
@Module({
  imports: [TypeOrmModule.forFeature([DriftAnnouncement, DriftAnnouncementVersion, OutageDeviationLink]), AuditModule],
  controllers: [AnnouncementsController, AvailabilityController, PublicStatusController, StatusPageController],
  exports: [StatusBoardService],
  providers: [
    StatusBoardService,
    StatusBoardPages,
    AnnouncementsService,
    AvailabilityRegisterService,
    AnnouncementQueriesService,
    OutageLinksService,
  ],
})
export class DriftinfoModule {}
