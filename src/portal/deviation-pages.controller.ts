import { Controller, Get, Header, HttpCode, Param, Post, Redirect, Req, StreamableFile, UseGuards, UseInterceptors } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request } from 'express';
import type { Actor as ActorType } from '../actor/actor';
import { Actor, Roles } from '../actor/actor.decorators';
import { Role } from '../actor/role';
import { Public } from '../common/public.decorator';
import type { WithHeaders } from '../common/response-headers';
import { UuidPipe } from '../common/uuid.pipe';
import { PageInterceptor, SeeOther } from '../pages/page.interceptor';
import { HtmlPage } from '../pages/page-renderer';
import type { AutosaveAnswer } from './autosave-answer';
import { DeviationActionsService } from './deviation-actions.service';
import { DeviationDetailPages } from './deviation-detail.pages';
import { DeviationListPages } from './deviation-list.pages';
import { DeviationReportService } from './deviation-report.service';
import type { EvidenceUploadAnswer } from './evidence-upload-answer';
import { OUTAGE_LINKERS, OutageLinkPages } from './outage-link.pages';
import { PortalFormsService } from './portal-forms.service';
import { Form } from '../pages/page-form.decorator';
import { Page, type PortalPage } from './portal-page.decorator';
import { PortalGuard, StreamedForm } from './portal.guard';
import { SavedFilterPages } from './saved-filter.pages';

const REPORTERS = [Role.Reporter, Role.Admin];

/** The deviation pages: start, list, report, detail and what a party does on a deviation. */
@ApiExcludeController()
@Public()
@UseGuards(PortalGuard)
@UseInterceptors(PageInterceptor)
@Controller()
export class DeviationPagesController {
  constructor(
    private readonly lists: DeviationListPages,
    private readonly details: DeviationDetailPages,
    private readonly reports: DeviationReportService,
    private readonly actions: DeviationActionsService,
    private readonly forms: PortalFormsService,
    private readonly savedFilters: SavedFilterPages,
    private readonly outageLinks: OutageLinkPages,
  ) {}

  @Get()
  async start(@Page() page: PortalPage, @Actor() actor: ActorType): Promise<HtmlPage> {
    return this.lists.start(page, actor);
  }

  @Get('deviations')
  async list(@Page() page: PortalPage, @Actor() actor: ActorType): Promise<HtmlPage> {
    return this.lists.list(page, actor);
  }

  @Post('deviations/filters')
  @Redirect()
  async saveFilter(@Page() page: PortalPage, @Actor() actor: ActorType, @Form() form: Record<string, unknown>): Promise<SeeOther> {
    return this.forms.answer(page, 'saved-filters', form, await this.savedFilters.save(actor, form), this.savedFilters.back(form));
  }

  @Post('deviations/filters/delete')
  @Redirect()
  async deleteFilter(@Page() page: PortalPage, @Actor() actor: ActorType, @Form() form: { filterId?: unknown }): Promise<SeeOther> {
    return this.forms.answer(page, 'saved-filters', {}, await this.savedFilters.remove(actor, form.filterId), '/deviations');
  }

  @Get('deviations/new')
  @Roles(...REPORTERS)
  async reportForm(@Page() page: PortalPage, @Actor() actor: ActorType): Promise<HtmlPage> {
    return this.reports.form(page, actor);
  }

  @Post('deviations')
  @Roles(...REPORTERS)
  @Redirect()
  async report(@Page() page: PortalPage, @Actor() actor: ActorType, @Form() form: Record<string, unknown>): Promise<SeeOther> {
    return this.forms.answer(page, 'report', form, await this.reports.report(actor, form), this.reports.back(form));
  }

  /** The report form's autosave (portal.js): JSON for the script, with the same session, token and roles as the form. */
  @Post('deviations/drafts')
  @Roles(...REPORTERS)
  @HttpCode(200)
  @Header('Cache-Control', 'no-store')
  async saveDraft(@Page() page: PortalPage, @Actor() actor: ActorType, @Form() form: Record<string, unknown>): Promise<AutosaveAnswer> {
    return this.reports.saveDraft(page, actor, form);
  }

  @Get('deviations/:id')
  async detail(@Page() page: PortalPage, @Actor() actor: ActorType, @Param('id', UuidPipe) id: string): Promise<HtmlPage> {
    return this.details.detail(page, actor, id);
  }

  @Post('deviations/:id/comments')
  @Roles(...REPORTERS)
  @Redirect()
  async comment(
    @Page() page: PortalPage,
    @Actor() actor: ActorType,
    @Param('id', UuidPipe) id: string,
    @Form() form: { text?: unknown },
  ): Promise<SeeOther> {
    return this.forms.answer(page, `deviation:${id}`, form, await this.actions.comment(actor, id, form.text), `/deviations/${id}`);
  }

  @Post('deviations/:id/withdraw')
  @Roles(...REPORTERS)
  @Redirect()
  async withdraw(
    @Page() page: PortalPage,
    @Actor() actor: ActorType,
    @Param('id', UuidPipe) id: string,
    @Form() form: { reason?: unknown },
  ): Promise<SeeOther> {
    return this.forms.answer(page, `deviation:${id}`, form, await this.actions.withdraw(actor, id, form.reason), `/deviations/${id}`);
  }

  @Post('deviations/:id/reopen')
  @Roles(...REPORTERS)
  @Redirect()
  async reopen(
    @Page() page: PortalPage,
    @Actor() actor: ActorType,
    @Param('id', UuidPipe) id: string,
    @Form() form: { reason?: unknown },
  ): Promise<SeeOther> {
    return this.forms.answer(page, `deviation:${id}`, form, await this.actions.reopen(actor, id, form.reason), `/deviations/${id}`);
  }

  @Post('deviations/:id/outages')
  @Roles(...OUTAGE_LINKERS)
  @Redirect()
  async linkOutage(
    @Page() page: PortalPage,
    @Actor() actor: ActorType,
    @Param('id', UuidPipe) id: string,
    @Form() form: { announcementId?: unknown },
  ): Promise<SeeOther> {
    return this.forms.answer(
      page,
      `deviation:${id}`,
      form,
      await this.outageLinks.link(actor, id, form.announcementId),
      `/deviations/${id}`,
    );
  }

  /** Multipart like the API's upload, which reads the request stream itself; the form carries its CSRF token in the query. */
  @Post('deviations/:id/evidence')
  @StreamedForm()
  @Roles(...REPORTERS)
  @Redirect()
  async upload(
    @Page() page: PortalPage,
    @Actor() actor: ActorType,
    @Param('id', UuidPipe) id: string,
    @Req() request: Request,
  ): Promise<SeeOther> {
    return this.forms.answer(page, `deviation:${id}`, {}, await this.actions.upload(actor, id, request), `/deviations/${id}`);
  }

  /** The evidence form's upload from portal.js, which shows its progress: the same stream and checks, a JSON answer. */
  @Post('deviations/:id/evidence/uploads')
  @StreamedForm()
  @Roles(...REPORTERS)
  @HttpCode(200)
  @Header('Cache-Control', 'no-store')
  async uploadFromScript(
    @Page() page: PortalPage,
    @Actor() actor: ActorType,
    @Param('id', UuidPipe) id: string,
    @Req() request: Request,
  ): Promise<EvidenceUploadAnswer> {
    return this.actions.uploadFromScript(page, actor, id, request);
  }

  @Get('deviations/:id/evidence/:attachmentId/preview')
  @HttpCode(200)
  async preview(
    @Actor() actor: ActorType,
    @Param('id', UuidPipe) id: string,
    @Param('attachmentId', UuidPipe) attachmentId: string,
  ): Promise<WithHeaders<StreamableFile>> {
    return this.actions.preview(actor, id, attachmentId);
  }

  @Get('deviations/:id/evidence/:attachmentId')
  @HttpCode(200)
  async download(
    @Actor() actor: ActorType,
    @Param('id', UuidPipe) id: string,
    @Param('attachmentId', UuidPipe) attachmentId: string,
  ): Promise<WithHeaders<StreamableFile>> {
    return this.actions.download(actor, id, attachmentId);
  }
}
