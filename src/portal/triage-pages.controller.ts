import { Controller, Get, Param, Post, Redirect, UseGuards, UseInterceptors } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Actor as ActorType } from '../actor/actor';
import { Actor, Roles } from '../actor/actor.decorators';
import { SKR_ROLES } from '../actor/role';
import { Public } from '../common/public.decorator';
import { UuidPipe } from '../common/uuid.pipe';
import { PageInterceptor, SeeOther } from '../pages/page.interceptor';
import { HtmlPage } from '../pages/page-renderer';
import { PortalFormsService } from './portal-forms.service';
import { Form } from '../pages/page-form.decorator';
import { Page, type PortalPage } from './portal-page.decorator';
import { PortalGuard } from './portal.guard';
import { TriagePages } from './triage.pages';

/** SKR's triage pages: deviations awaiting a responsible party (bulk assign) and the choice on one deviation. */
@ApiExcludeController()
@Public()
@UseGuards(PortalGuard)
@UseInterceptors(PageInterceptor)
@Roles(...SKR_ROLES)
@Controller()
export class TriagePagesController {
  constructor(
    private readonly triage: TriagePages,
    private readonly forms: PortalFormsService,
  ) {}

  @Get('skr/triage')
  async list(@Page() page: PortalPage, @Actor() actor: ActorType): Promise<HtmlPage> {
    return this.triage.triage(page, actor);
  }

  @Post('skr/triage')
  @Redirect()
  async assign(@Page() page: PortalPage, @Actor() actor: ActorType, @Form() form: Record<string, unknown>): Promise<SeeOther> {
    return this.forms.answer(page, 'triage', form, await this.triage.assign(actor, form), '/skr/triage');
  }

  @Post('deviations/:id/responsible-party')
  @Redirect()
  async assignOne(
    @Page() page: PortalPage,
    @Actor() actor: ActorType,
    @Param('id', UuidPipe) id: string,
    @Form() form: Record<string, unknown>,
  ): Promise<SeeOther> {
    return this.forms.answer(page, `deviation:${id}`, form, await this.triage.assignOne(actor, id, form), `/deviations/${id}`);
  }
}
