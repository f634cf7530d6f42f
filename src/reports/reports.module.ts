import { Module } from '@nestjs/common';
import { PartiesModule } from '../parties/parties.module';
import { SlaModule } from '../sla/sla.module';
import { KpiReportService } from './kpi-report.service';
import { OverviewController } from './overview.controller';
import { OverviewService } from './overview.service';
import { ReportsController } from './reports.controller';

/** Views across areas: the monthly KPI report and the status overview per party. */
@Module({
  imports: [SlaModule, PartiesModule],
  controllers: [ReportsController, OverviewController],
  providers: [KpiReportService, OverviewService],
  exports: [KpiReportService],
})
export class ReportsModule {}
