import { Controller, Get, Post, Query, Redirect, UseGuards, UseInterceptors } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Public } from '../common/public.decorator';
import { PageInterceptor, SeeOther } from '../pages/page.interceptor';
import { HtmlPage } from '../pages/page-renderer';
import { PortalAccountPages } from './portal-account.pages';
import { PortalFormsService } from './portal-forms.service';
import { PortalLoginService } from './portal-login.service';
import { PortalMembershipsService } from './portal-memberships.service';
import { Form } from '../pages/page-form.decorator';
import { Page, type PortalPage } from './portal-page.decorator';
import { PageFor, PortalGuard } from './portal.guard';
import { PortalSessionsService } from './portal-sessions.service';

/** Login, logout, the party picker and accepting an invitation. */
@ApiExcludeController()
@Public()
@UseGuards(PortalGuard)
@UseInterceptors(PageInterceptor)
@Controller()
export class LoginController {
  constructor(
    private readonly login: PortalLoginService,
    private readonly sessions: PortalSessionsService,
    private readonly memberships: PortalMembershipsService,
    private readonly forms: PortalFormsService,
    private readonly pages: PortalAccountPages,
  ) {}

  @Get('login')
  @PageFor('anyone')
  @Redirect()
  async start(@Query('returnTo') returnTo: unknown): Promise<SeeOther> {
    const step = await this.login.start(returnTo);
    return new SeeOther(step.location, [this.sessions.cookie(step.sessionId)]);
  }

  @Get('login/callback')
  @PageFor('anyone')
  @Redirect()
  async callback(@Page() page: PortalPage): Promise<SeeOther> {
    const step = await this.login.finish(page.sessionId, page.session, page.query);
    return new SeeOther(step.location, [this.sessions.cookie(step.sessionId)]);
  }

  @Post('logout')
  @PageFor('person')
  @Redirect()
  async logout(@Page() page: PortalPage): Promise<SeeOther> {
    return new SeeOther(await this.login.logout(page.sessionId, page.session), [this.sessions.clearingCookie()]);
  }

  @Get('choose-party')
  @PageFor('person')
  async choosePage(@Page() page: PortalPage): Promise<HtmlPage> {
    return this.pages.choose(page);
  }

  @Post('choose-party')
  @PageFor('person')
  @Redirect()
  async choose(@Page() page: PortalPage, @Form() form: { partyId?: unknown }): Promise<SeeOther> {
    return this.forms.answer(
      page,
      'choose',
      form,
      await this.memberships.choose(page.sessionId!, page.session!, form.partyId),
      '/choose-party',
    );
  }

  @Get('invitations/accept')
  @PageFor('person')
  async invitationPage(@Page() page: PortalPage, @Query('code') code: unknown): Promise<HtmlPage> {
    return this.pages.invitation(page, code);
  }

  @Post('invitations/accept')
  @PageFor('person')
  @Redirect()
  async acceptInvitation(@Page() page: PortalPage, @Form() form: { code?: unknown }): Promise<SeeOther> {
    const outcome = await this.memberships.acceptInvitation(page.sessionId!, page.session!, form.code);
    return this.forms.answer(page, 'invitation', form, outcome, '/invitations/accept');
  }
}
