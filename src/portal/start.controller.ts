import { Controller, Get, UseGuards, UseInterceptors } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Actor } from '../actor/actor.decorators';
import type { Actor as ActorType } from '../actor/actor';
import { Public } from '../common/public.decorator';
import { PageInterceptor } from '../pages/page.interceptor';
import { HtmlPage } from '../pages/page-renderer';
import { Page, type PortalPage } from './portal-page.decorator';
import { PortalGuard } from './portal.guard';
import { StartPageService } from './start-page.service';

/** The start page: what needs the person and their party. */
@ApiExcludeController()
@Public()
@UseGuards(PortalGuard)
@UseInterceptors(PageInterceptor)
@Controller()
export class StartController {
  constructor(private readonly start: StartPageService) {}

  @Get()
  async page(@Page() page: PortalPage, @Actor() actor: ActorType): Promise<HtmlPage> {
    return this.start.render(page, actor);
  }
}
