import { Controller, Get, Param, Post, Redirect, UseGuards, UseInterceptors } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Actor as ActorType } from '../actor/actor';
import { Actor, Roles } from '../actor/actor.decorators';
import { Public } from '../common/public.decorator';
import { UuidPipe } from '../common/uuid.pipe';
import { ANNOUNCEMENT_WRITERS } from '../driftinfo/announcement-access.service';
import { Form } from '../pages/page-form.decorator';
import { HtmlPage } from '../pages/page-renderer';
import { PageInterceptor, SeeOther } from '../pages/page.interceptor';
import { SameOriginFormGuard } from '../pages/same-origin-form.guard';
import { ANNOUNCEMENTS_PATH, AnnouncementPages, formOf } from './announcement.pages';
import { PortalFormsService } from './portal-forms.service';
import { Page, type PortalPage } from './portal-page.decorator';
import { PortalGuard } from './portal.guard';

/**
 * Publishing driftinformation from the portal, for the roles the API's announcement writers have; what each may
 * announce is the API's owner rule. Forms carry the session's token and must come from our own pages.
 */
@ApiExcludeController()
@Public()
@UseGuards(PortalGuard)
@UseInterceptors(PageInterceptor)
@Roles(...ANNOUNCEMENT_WRITERS)
@Controller('announcements')
export class AnnouncementPagesController {
  constructor(
    private readonly announcements: AnnouncementPages,
    private readonly forms: PortalFormsService,
  ) {}

  @Get()
  list(@Page() page: PortalPage, @Actor() actor: ActorType): Promise<HtmlPage> {
    return this.announcements.list(page, actor);
  }

  @Get('new')
  newForm(@Page() page: PortalPage, @Actor() actor: ActorType): Promise<HtmlPage> {
    return this.announcements.newForm(page, actor);
  }

  @Post()
  @UseGuards(SameOriginFormGuard)
  @Redirect()
  async publish(@Page() page: PortalPage, @Actor() actor: ActorType, @Form() form: Record<string, unknown>): Promise<SeeOther> {
    return this.forms.answer(page, formOf('new'), form, await this.announcements.publish(actor, form), `${ANNOUNCEMENTS_PATH}/new`);
  }

  @Get(':announcementId')
  edit(@Page() page: PortalPage, @Actor() actor: ActorType, @Param('announcementId', UuidPipe) id: string): Promise<HtmlPage> {
    return this.announcements.edit(page, actor, id);
  }

  @Post(':announcementId')
  @UseGuards(SameOriginFormGuard)
  @Redirect()
  async update(
    @Page() page: PortalPage,
    @Actor() actor: ActorType,
    @Param('announcementId', UuidPipe) id: string,
    @Form() form: Record<string, unknown>,
  ): Promise<SeeOther> {
    return this.forms.answer(page, formOf(id), form, await this.announcements.update(actor, id, form), `${ANNOUNCEMENTS_PATH}/${id}`);
  }

  @Post(':announcementId/resolve')
  @UseGuards(SameOriginFormGuard)
  @Redirect()
  async resolve(
    @Page() page: PortalPage,
    @Actor() actor: ActorType,
    @Param('announcementId', UuidPipe) id: string,
    @Form() form: Record<string, unknown>,
  ): Promise<SeeOther> {
    return this.forms.answer(page, formOf(id), form, await this.announcements.resolve(actor, id, form), `${ANNOUNCEMENTS_PATH}/${id}`);
  }

  @Post(':announcementId/cancel')
  @UseGuards(SameOriginFormGuard)
  @Redirect()
  async cancel(
    @Page() page: PortalPage,
    @Actor() actor: ActorType,
    @Param('announcementId', UuidPipe) id: string,
    @Form() form: Record<string, unknown>,
  ): Promise<SeeOther> {
    return this.forms.answer(page, formOf(id), form, await this.announcements.cancel(actor, id, form), `${ANNOUNCEMENTS_PATH}/${id}`);
  }
}
