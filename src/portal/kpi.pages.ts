import { Injectable } from '@nestjs/common';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import type { Actor } from '../actor/actor';
import { Clock } from '../common/clock';
import { HtmlPage, PageRenderer } from '../pages/page-renderer';
import { KpiQueryDto, type KpiRowDto } from '../reports/dto/kpi.dto';
import { KpiReportService } from '../reports/kpi-report.service';
import { monthOfPage } from './month-query';
import type { PortalPage } from './portal-page.decorator';
import { barChart } from './svg-chart';

const VIEWS = ['ansvarig', 'rapporterad'] as const;

/** The KPI page: a month's report (the API's), by responsible or by reporting party, as SVG charts and as a table. */
@Injectable()
export class KpiPages {
  constructor(
    private readonly renderer: PageRenderer,
    private readonly kpi: KpiReportService,
    private readonly clock: Clock,
  ) {}

  async report(page: PortalPage, actor: Actor): Promise<HtmlPage> {
    const month = monthOfPage(page, this.clock.now());
    const view = VIEWS.find((candidate) => candidate === page.query.view) ?? 'ansvarig';
    const query = plainToInstance(KpiQueryDto, { month, view });
    const invalid = (await validate(query, { whitelist: true })).length > 0;
    const rows: KpiRowDto[] = invalid ? [] : await this.kpi.report(actor, query);
    const labels = rows.map((row) => `${row.partyName} (${row.agreementCode})`);
    return this.renderer.render(
      '/portal/views/skr/kpi',
      {
        month,
        view,
        views: VIEWS,
        invalid,
        rows,
        charts: [
          {
            name: 'received',
            series: ['total'],
            chart: barChart(
              labels,
              rows.map((row) => [row.received.total]),
            ),
          },
          {
            name: 'solved',
            series: ['within', 'outside'],
            chart: barChart(
              labels,
              rows.map((row) => [row.solved.withinTarget, row.solved.outsideTarget]),
            ),
          },
          {
            name: 'backlog',
            series: ['total'],
            chart: barChart(
              labels,
              rows.map((row) => [row.backlog.total]),
            ),
          },
        ],
      },
      page.context,
    );
  }
}
