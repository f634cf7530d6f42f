import { Controller, Get, Post, Redirect, UseGuards, UseInterceptors } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Actor as ActorType } from '../actor/actor';
import { Actor, Roles } from '../actor/actor.decorators';
import { PARTY_ROLES } from '../actor/role';
import { Public } from '../common/public.decorator';
import { Form } from '../pages/page-form.decorator';
import { HtmlPage } from '../pages/page-renderer';
import { PageInterceptor, SeeOther } from '../pages/page.interceptor';
import { SameOriginFormGuard } from '../pages/same-origin-form.guard';
import { DRIFT_SUBSCRIPTION_PATH, DriftSubscriptionPages } from './drift-subscription.pages';
import { PortalFormsService } from './portal-forms.service';
import { Page, type PortalPage } from './portal-page.decorator';
import { PortalGuard } from './portal.guard';

/** A party member's e-mail about driftinformation, per bastjänst; SKR has none (it is no party), as on the API. */
@ApiExcludeController()
@Public()
@UseGuards(PortalGuard)
@UseInterceptors(PageInterceptor)
@Roles(...PARTY_ROLES)
@Controller('notifications/driftinformation')
export class DriftSubscriptionPagesController {
  constructor(
    private readonly subscription: DriftSubscriptionPages,
    private readonly forms: PortalFormsService,
  ) {}

  @Get()
  form(@Page() page: PortalPage, @Actor() actor: ActorType): Promise<HtmlPage> {
    return this.subscription.form(page, actor);
  }

  @Post()
  @UseGuards(SameOriginFormGuard)
  @Redirect()
  async save(@Page() page: PortalPage, @Actor() actor: ActorType, @Form() form: Record<string, unknown>): Promise<SeeOther> {
    return this.forms.answer(page, 'drift-subscription', form, await this.subscription.save(actor, form), DRIFT_SUBSCRIPTION_PATH);
  }
}
