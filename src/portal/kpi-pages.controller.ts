import { Controller, Get, UseGuards, UseInterceptors } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Actor as ActorType } from '../actor/actor';
import { Actor, Roles } from '../actor/actor.decorators';
import { SKR_ROLES } from '../actor/role';
import { Public } from '../common/public.decorator';
import { PageInterceptor } from '../pages/page.interceptor';
import { HtmlPage } from '../pages/page-renderer';
import { KpiPages } from './kpi.pages';
import { Page, type PortalPage } from './portal-page.decorator';
import { PortalGuard } from './portal.guard';

/** SKR's KPI page: the month's report per party, charts and table. */
@ApiExcludeController()
@Public()
@UseGuards(PortalGuard)
@UseInterceptors(PageInterceptor)
@Roles(...SKR_ROLES)
@Controller('skr/kpi')
export class KpiPagesController {
  constructor(private readonly kpi: KpiPages) {}

  @Get()
  async report(@Page() page: PortalPage, @Actor() actor: ActorType): Promise<HtmlPage> {
    return this.kpi.report(page, actor);
  }
}
