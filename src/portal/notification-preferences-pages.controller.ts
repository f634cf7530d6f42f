import { Controller, Get, Post, Redirect, UseGuards, UseInterceptors } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Actor as ActorType } from '../actor/actor';
import { Actor, Roles } from '../actor/actor.decorators';
import { PARTY_ROLES } from '../actor/role';
import { Public } from '../common/public.decorator';
import { PageInterceptor, SeeOther } from '../pages/page.interceptor';
import { HtmlPage } from '../pages/page-renderer';
import { NotificationPreferencesPages } from './notification-preferences.pages';
import { PortalFormsService } from './portal-forms.service';
import { Form } from '../pages/page-form.decorator';
import { Page, type PortalPage } from './portal-page.decorator';
import { PortalGuard } from './portal.guard';

/** A party member's notification preferences; SKR has none (it is no party), as on the API. */
@ApiExcludeController()
@Public()
@UseGuards(PortalGuard)
@UseInterceptors(PageInterceptor)
@Roles(...PARTY_ROLES)
@Controller('notifications')
export class NotificationPreferencesPagesController {
  constructor(
    private readonly preferences: NotificationPreferencesPages,
    private readonly forms: PortalFormsService,
  ) {}

  @Get()
  async form(@Page() page: PortalPage, @Actor() actor: ActorType): Promise<HtmlPage> {
    return this.preferences.form(page, actor);
  }

  @Post()
  @Redirect()
  async save(@Page() page: PortalPage, @Actor() actor: ActorType, @Form() form: Record<string, unknown>): Promise<SeeOther> {
    return this.forms.answer(page, 'notification-preferences', {}, await this.preferences.save(actor, form), '/notifications');
  }
}
