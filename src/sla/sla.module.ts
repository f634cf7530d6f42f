import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { Agreement } from './agreement.entity';
import { SlaAlert } from './sla-alert.entity';
import { AuditModule } from '../audit/audit.module';
import { DeviationsModule } from '../deviations/deviations.module';
import { AgreementsController } from './agreements.controller';
import { AgreementsService } from './agreements.service';
import { KpiReportService } from './kpi-report.service';
import { OverviewController } from './overview.controller';
import { OverviewService } from './overview.service';
import { ReportsController } from './reports.controller';
import { SlaController } from './sla.controller';
import { SlaService } from './sla.service';

/** Agreements, SLA clocks, the monthly KPI report and the status overview, in the API. */
@Module({
  // Registered here so the Party → Agreement relation resolves in every process that loads this module.
  imports: [TypeOrmModule.forFeature([Agreement, SlaAlert]), DeviationsModule, AuditModule],
  controllers: [AgreementsController, SlaController, ReportsController, OverviewController],
  providers: [AgreementsService, SlaService, KpiReportService, OverviewService],
})
export class SlaModule {}
