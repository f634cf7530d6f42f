import { Module } from '@nestjs/common';
import { AuditModule } from './audit/audit.module';
import { AuthModule } from './auth/auth.module';
import { CORE_MODULES } from './core-modules';
import { DeclarationsModule } from './declarations/declarations.module';
import { DeviationsModule } from './deviations/deviations.module';
import { DriftinfoModule } from './driftinfo/driftinfo.module';
import { HealthModule } from './health/health.module';
import { JiraModule } from './jira/jira.module';
import { NotificationsModule } from './notifications/notifications.module';
import { PagesModule } from './pages/pages.module';
import { PartiesModule } from './parties/parties.module';
import { QueueDashboardModule } from './queue-dashboard/queue-dashboard.module';
import { PrivacyModule } from './privacy/privacy.module';
import { PortalModule } from './portal/portal.module';
import { ReportsModule } from './reports/reports.module';
import { SlaModule } from './sla/sla.module';

/** The API process. */
@Module({
  imports: [
    ...CORE_MODULES,
    HealthModule,
    AuthModule,
    PartiesModule,
    AuditModule,
    DeviationsModule,
    JiraModule,
    DeclarationsModule,
    NotificationsModule,
    SlaModule,
    ReportsModule,
    DriftinfoModule,
    QueueDashboardModule,
    PrivacyModule,
    PagesModule,
    PortalModule,
  ],
})
export class AppModule {}
