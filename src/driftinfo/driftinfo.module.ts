import { MiddlewareConsumer, Module, NestModule, RequestMethod } from '@nestjs/common';
import { urlencoded } from 'express';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '../audit/audit.module';
import { NotificationsModule } from '../notifications/notifications.module';
import { AnnouncementAccessService } from './announcement-access.service';
import { AnnouncementHistoryService } from './announcement-history.service';
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
import { STATUS_PAGE_PATH, StatusBoardPages } from './status-board.pages';
import { StatusBoardService } from './status-board.service';
import { StatusPageController } from './status-page.controller';
import { SubscriptionController } from './subscription.controller';
import { SubscriptionPages } from './subscription.pages';
import { SubscriptionPagesController } from './subscription-pages.controller';

/** Driftinformation (issue 23): outages and service windows, their publishing and the availability register. */
@Module({
  imports: [TypeOrmModule.forFeature([DriftAnnouncement, DriftAnnouncementVersion, OutageDeviationLink]), AuditModule, NotificationsModule],
  controllers: [
    AnnouncementsController,
    AvailabilityController,
    PublicStatusController,
    StatusPageController,
    SubscriptionController,
    SubscriptionPagesController,
  ],
  exports: [StatusBoardService, OutageLinksService, AnnouncementsService, AnnouncementQueriesService, AvailabilityRegisterService],
  providers: [
    StatusBoardService,
    StatusBoardPages,
    AnnouncementsService,
    AnnouncementAccessService,
    AnnouncementHistoryService,
    AvailabilityRegisterService,
    AnnouncementQueriesService,
    OutageLinksService,
    SubscriptionPages,
  ],
})
export class DriftinfoModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    // The one-click unsubscribe and the subscription pages' forms post urlencoded bodies (RFC 8058: `List-Unsubscribe=One-Click`).
    consumer.apply(urlencoded({ extended: false, limit: 1024, parameterLimit: 5 })).forRoutes(SubscriptionPagesController);
    // The status page's subscribe form: an address, two boxes and one box per bastjänst (about a dozen today).
    consumer
      .apply(urlencoded({ extended: false, limit: 4096, parameterLimit: 60 }))
      .forRoutes({ path: `${STATUS_PAGE_PATH.slice(1)}/prenumeration`, method: RequestMethod.POST });
  }
}
