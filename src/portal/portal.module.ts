import { MiddlewareConsumer, Module, NestModule } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { urlencoded } from 'express';
import { DeclarationsModule } from '../declarations/declarations.module';
import { DeviationsModule } from '../deviations/deviations.module';
import { JiraModule } from '../jira/jira.module';
import { NotificationsModule } from '../notifications/notifications.module';
import { PartiesModule } from '../parties/parties.module';
import { DriftinfoModule } from '../driftinfo/driftinfo.module';
import { ReportsModule } from '../reports/reports.module';
import { SlaModule } from '../sla/sla.module';
import { AccessibilityController } from './accessibility.controller';
import { AnnouncementPages } from './announcement.pages';
import { AnnouncementPagesController } from './announcement-pages.controller';
import { DriftSubscriptionPages } from './drift-subscription.pages';
import { DriftSubscriptionPagesController } from './drift-subscription-pages.controller';
import { AccessibilityFeedbackService } from './accessibility-feedback.service';
import { AvailabilityPages } from './availability.pages';
import { AvailabilityPagesController } from './availability-pages.controller';
import { LoginController } from './login.controller';
import { PortalAccountPages } from './portal-account.pages';
import { PortalFormsService } from './portal-forms.service';
import { PortalGuard } from './portal.guard';
import { PortalLoginService } from './portal-login.service';
import { PortalMembershipsService } from './portal-memberships.service';
import { PortalSessionMiddleware } from './portal-session.middleware';
import { PortalSessionsService } from './portal-sessions.service';
import { DeviationActionsService } from './deviation-actions.service';
import { DeviationDetailPages } from './deviation-detail.pages';
import { DeviationListPages } from './deviation-list.pages';
import { DeviationPagesController } from './deviation-pages.controller';
import { DeviationReportService } from './deviation-report.service';
import { DeclarationCitationsPages } from './declaration-citations.pages';
import { DeclarationDetailPages } from './declaration-detail.pages';
import { DeclarationAutosaveService } from './declaration-autosave.service';
import { DeclarationFormsService } from './declaration-forms.service';
import { DeclarationListPages } from './declaration-list.pages';
import { DeclarationPagesController } from './declaration-pages.controller';

import { JiraFailuresPages } from './jira-failures.pages';
import { JiraPagesController } from './jira-pages.controller';
import { KpiPages } from './kpi.pages';
import { KpiPagesController } from './kpi-pages.controller';
import { NotificationPreferencesPages } from './notification-preferences.pages';
import { NotificationPreferencesPagesController } from './notification-preferences-pages.controller';
import { OutageLinkPages } from './outage-link.pages';
import { PartyAdminPages } from './party-admin.pages';
import { SavedFilter } from '../deviations/saved-filter.entity';
import { SavedFilterPages } from './saved-filter.pages';
import { SavedFiltersService } from './saved-filters.service';
import { PartyAdminPagesController } from './party-admin-pages.controller';
import { TriagePages } from './triage.pages';
import { TriagePagesController } from './triage-pages.controller';

const CONTROLLERS = [
  DeviationPagesController,
  LoginController,
  AccessibilityController,
  DeclarationPagesController,
  TriagePagesController,
  JiraPagesController,
  KpiPagesController,
  PartyAdminPagesController,
  NotificationPreferencesPagesController,
  AnnouncementPagesController,
  DriftSubscriptionPagesController,
  AvailabilityPagesController,
];

/** FORM_BODY_LIMIT: a page form is a few fields of text; evidence is uploaded as multipart, not through this parser. */
const FORM_BODY_LIMIT = '64kb';
/**
 * A declaration section's form posts two fields per yes/no question (the answer and its comment box, empty or not):
 * SSBTEK's miljö section posts 99, which the earlier limit of 50 answered 413. Templates are imported, so leave room;
 * FORM_BODY_LIMIT still bounds the body.
 */
const FORM_PARAMETER_LIMIT = 1000;

/**
 * The web portal: server-rendered pages for people of the parties, on the page stack (src/pages), calling the same
 * services as the API with the same Actor. Sessions come from an OpenID Connect login, not bearer tokens.
 */
@Module({
  imports: [
    TypeOrmModule.forFeature([SavedFilter]),
    PartiesModule,
    DeviationsModule,
    SlaModule,
    DeclarationsModule,
    JiraModule,
    ReportsModule,
    NotificationsModule,
    DriftinfoModule,
  ],
  controllers: CONTROLLERS,
  providers: [
    PortalSessionsService,
    PortalLoginService,
    PortalMembershipsService,
    PortalFormsService,
    PortalAccountPages,
    PortalGuard,
    AccessibilityFeedbackService,
    DeviationListPages,
    DeviationDetailPages,
    DeviationReportService,
    DeviationActionsService,
    OutageLinkPages,
    AnnouncementPages,
    AvailabilityPages,
    DriftSubscriptionPages,
    DeclarationListPages,
    DeclarationDetailPages,
    DeclarationCitationsPages,
    DeclarationFormsService,
    DeclarationAutosaveService,
    TriagePages,
    JiraFailuresPages,
    KpiPages,
    PartyAdminPages,
    NotificationPreferencesPages,
    SavedFiltersService,
    SavedFilterPages,
  ],
})
export class PortalModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    // Only the portal's forms are parsed as urlencoded; the API keeps answering such bodies as unsupported.
    consumer.apply(urlencoded({ extended: false, limit: FORM_BODY_LIMIT, parameterLimit: FORM_PARAMETER_LIMIT })).forRoutes(...CONTROLLERS);
    // Every route: the rate limiter asks for the session of any request that carries a session cookie.
    // `{*path}`, not `*path`: a wildcard needs a segment, so the start page (`/`) would go without its session and its
    // requests count against the address's anonymous budget (bench, issue 20: 429s on the start page under load).
    consumer.apply(PortalSessionMiddleware).forRoutes('{*path}');
  }
}
