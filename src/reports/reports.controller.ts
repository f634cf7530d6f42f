import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiExtraModels, ApiOkResponse, ApiOperation, ApiTags, getSchemaPath } from '@nestjs/swagger';
import { type Actor as ActorType } from '../actor/actor';
import { Actor } from '../actor/actor.decorators';
import { ApiProblems } from '../common/api-responses';
import { WithHeaders } from '../common/response-headers';
import { KpiQueryDto, KpiRowDto } from './dto/kpi.dto';
import { toKpiCsv } from './kpi.csv';
import { KpiReportService } from './kpi-report.service';

@ApiTags('rapporter')
@ApiBearerAuth()
@Controller('api/v1/reports')
export class ReportsController {
  constructor(private readonly kpi: KpiReportService) {}

  @Get('kpi')
  @ApiProblems(404)
  @ApiExtraModels(KpiRowDto)
  @ApiOkResponse({
    content: {
      'application/json': { schema: { type: 'array', items: { $ref: getSchemaPath(KpiRowDto) } } },
      'text/csv': { schema: { type: 'string' } },
    },
  })
  @ApiOperation({ summary: 'Månadens nyckeltal per avtal och part', description: 'SKR ser alla parter, en part bara sig själv.' })
  async report(@Actor() actor: ActorType, @Query() query: KpiQueryDto): Promise<KpiRowDto[] | WithHeaders<string>> {
    const rows = await this.kpi.report(actor, query);
    if (query.format !== 'csv') return rows;
    return new WithHeaders(toKpiCsv(rows), {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="kpi-${query.month}.csv"`,
    });
  }
}
