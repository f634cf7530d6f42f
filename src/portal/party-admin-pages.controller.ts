import { Controller, Get, Post, Redirect, UseGuards, UseInterceptors } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Actor as ActorType } from '../actor/actor';
import { Actor, Roles } from '../actor/actor.decorators';
import { Role } from '../actor/role';
import { Public } from '../common/public.decorator';
import { PageInterceptor, SeeOther } from '../pages/page.interceptor';
import { HtmlPage } from '../pages/page-renderer';
import { PartyAdminPages } from './party-admin.pages';
import { PortalFormsService } from './portal-forms.service';
import { Form } from '../pages/page-form.decorator';
import { Page, type PortalPage } from './portal-page.decorator';
import { PortalGuard } from './portal.guard';

/** The party admin's pages: users and invitations, webhooks. Only a party's admin, as on the API. */
@ApiExcludeController()
@Public()
@UseGuards(PortalGuard)
@UseInterceptors(PageInterceptor)
@Roles(Role.Admin)
@Controller('admin')
export class PartyAdminPagesController {
  constructor(
    private readonly admin: PartyAdminPages,
    private readonly forms: PortalFormsService,
  ) {}

  @Get('users')
  async users(@Page() page: PortalPage, @Actor() actor: ActorType): Promise<HtmlPage> {
    return this.admin.users(page, actor);
  }

  @Post('invitations')
  @Redirect()
  async invite(@Page() page: PortalPage, @Actor() actor: ActorType, @Form() form: Record<string, unknown>): Promise<SeeOther> {
    return this.forms.answer(page, 'admin-users', form, await this.admin.invite(actor, form), '/admin/users');
  }

  @Post('invitations/revoke')
  @Redirect()
  async revoke(@Page() page: PortalPage, @Actor() actor: ActorType, @Form() form: { invitationId?: unknown }): Promise<SeeOther> {
    return this.forms.answer(page, 'admin-users', {}, await this.admin.revoke(actor, form.invitationId), '/admin/users');
  }

  @Get('webhooks')
  async webhooks(@Page() page: PortalPage, @Actor() actor: ActorType): Promise<HtmlPage> {
    return this.admin.webhookList(page, actor);
  }

  @Post('webhooks')
  @Redirect()
  async addWebhook(@Page() page: PortalPage, @Actor() actor: ActorType, @Form() form: Record<string, unknown>): Promise<SeeOther> {
    return this.forms.answer(page, 'admin-webhooks', form, await this.admin.addWebhook(page, actor, form), '/admin/webhooks');
  }

  @Post('webhooks/rotate-secret')
  @Redirect()
  async rotateSecret(@Page() page: PortalPage, @Actor() actor: ActorType, @Form() form: { webhookId?: unknown }): Promise<SeeOther> {
    return this.forms.answer(page, 'admin-webhooks', {}, await this.admin.rotateSecret(page, actor, form.webhookId), '/admin/webhooks');
  }

  @Post('webhooks/delete')
  @Redirect()
  async deleteWebhook(@Page() page: PortalPage, @Actor() actor: ActorType, @Form() form: { webhookId?: unknown }): Promise<SeeOther> {
    return this.forms.answer(page, 'admin-webhooks', {}, await this.admin.deleteWebhook(actor, form.webhookId), '/admin/webhooks');
  }
}
