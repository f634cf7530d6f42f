import { Controller, Get, Post, Redirect, UseGuards, UseInterceptors } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Actor as ActorType } from '../actor/actor';
import { Actor, Roles } from '../actor/actor.decorators';
import { Role, SKR_ROLES } from '../actor/role';
import { Public } from '../common/public.decorator';
import { PageInterceptor, SeeOther } from '../pages/page.interceptor';
import { HtmlPage } from '../pages/page-renderer';
import { JiraFailuresPages } from './jira-failures.pages';
import { PortalFormsService } from './portal-forms.service';
import { Form } from '../pages/page-form.decorator';
import { Page, type PortalPage } from './portal-page.decorator';
import { PortalGuard } from './portal.guard';

/** SKR's Jira sync failures: the list, replay (one, or all that match) and the decision on a deleted issue (SKR admin). */
@ApiExcludeController()
@Public()
@UseGuards(PortalGuard)
@UseInterceptors(PageInterceptor)
@Roles(...SKR_ROLES)
@Controller('skr/jira')
export class JiraPagesController {
  constructor(
    private readonly jira: JiraFailuresPages,
    private readonly forms: PortalFormsService,
  ) {}

  @Get()
  async failures(@Page() page: PortalPage, @Actor() actor: ActorType): Promise<HtmlPage> {
    return this.jira.failures(page, actor);
  }

  @Post('replay')
  @Redirect()
  async replay(@Page() page: PortalPage, @Actor() actor: ActorType, @Form() form: { deviationId?: unknown }): Promise<SeeOther> {
    return this.forms.answer(page, 'jira', {}, await this.jira.replay(actor, form.deviationId), '/skr/jira');
  }

  @Post('replay-matching')
  @Redirect()
  async replayMatching(@Page() page: PortalPage, @Actor() actor: ActorType, @Form() form: Record<string, unknown>): Promise<SeeOther> {
    return this.forms.answer(page, 'jira', form, await this.jira.replayMatching(actor, form), '/skr/jira');
  }

  @Post('deleted')
  @Roles(Role.SkrAdmin)
  @Redirect()
  async decide(@Page() page: PortalPage, @Actor() actor: ActorType, @Form() form: Record<string, unknown>): Promise<SeeOther> {
    return this.forms.answer(page, 'jira', {}, await this.jira.decide(actor, form), '/skr/jira');
  }
}
