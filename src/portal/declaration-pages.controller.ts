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
import { DeclarationAutosaveService } from './declaration-autosave.service';
import { DeclarationCitationsPages } from './declaration-citations.pages';
import { DeclarationDetailPages } from './declaration-detail.pages';
import { DeclarationFormsService } from './declaration-forms.service';
import { DeclarationListPages } from './declaration-list.pages';
import type { EvidenceUploadAnswer } from './evidence-upload-answer';
import { PortalFormsService } from './portal-forms.service';
import { Form } from '../pages/page-form.decorator';
import { Page, type PortalPage } from './portal-page.decorator';
import { PortalGuard, StreamedForm } from './portal.guard';

const WRITERS = [Role.Reporter, Role.Admin];
const SKR = [Role.Skr, Role.SkrAdmin];

/** The declaration pages: a party's list, filling in and submitting; SKR's review queue and decision; the print version. */
@ApiExcludeController()
@Public()
@UseGuards(PortalGuard)
@UseInterceptors(PageInterceptor)
@Controller('declarations')
export class DeclarationPagesController {
  constructor(
    private readonly lists: DeclarationListPages,
    private readonly details: DeclarationDetailPages,
    private readonly citations: DeclarationCitationsPages,
    private readonly actions: DeclarationFormsService,
    private readonly forms: PortalFormsService,
    private readonly autosave: DeclarationAutosaveService,
  ) {}

  @Get()
  async list(@Page() page: PortalPage, @Actor() actor: ActorType): Promise<HtmlPage> {
    return this.lists.list(page, actor);
  }

  @Post()
  @Roles(...WRITERS)
  @Redirect()
  async start(@Page() page: PortalPage, @Actor() actor: ActorType, @Form() form: { templateId?: unknown }): Promise<SeeOther> {
    return this.forms.answer(page, 'declaration:start', form, await this.lists.start(actor, form.templateId), '/declarations');
  }

  @Get(':declarationId')
  async detail(@Page() page: PortalPage, @Actor() actor: ActorType, @Param('declarationId', UuidPipe) id: string): Promise<HtmlPage> {
    return this.details.detail(page, actor, id);
  }

  @Get(':declarationId/print')
  async print(@Page() page: PortalPage, @Actor() actor: ActorType, @Param('declarationId', UuidPipe) id: string): Promise<HtmlPage> {
    return this.details.print(page, actor, id);
  }

  @Post(':declarationId/answers')
  @Roles(...WRITERS)
  @Redirect()
  async save(
    @Page() page: PortalPage,
    @Actor() actor: ActorType,
    @Param('declarationId', UuidPipe) id: string,
    @Form() form: Record<string, unknown>,
  ): Promise<SeeOther> {
    const section = typeof form.section === 'string' ? encodeURIComponent(form.section) : '';
    return this.forms.answer(
      page,
      `declaration:${id}`,
      form,
      await this.actions.saveSection(actor, id, form),
      `/declarations/${id}?section=${section}`,
    );
  }

  /** The section form's autosave (portal.js): JSON for the script, with the same session, token and roles as the form. */
  @Post(':declarationId/answers/autosave')
  @Roles(...WRITERS)
  @HttpCode(200)
  @Header('Cache-Control', 'no-store')
  async autosaveSection(
    @Page() page: PortalPage,
    @Actor() actor: ActorType,
    @Param('declarationId', UuidPipe) id: string,
    @Form() form: Record<string, unknown>,
  ): Promise<AutosaveAnswer> {
    return this.autosave.saveSection(page, actor, id, form);
  }

  @Get(':declarationId/citations')
  async picker(@Page() page: PortalPage, @Actor() actor: ActorType, @Param('declarationId', UuidPipe) id: string): Promise<HtmlPage> {
    return this.citations.picker(page, actor, id);
  }

  @Post(':declarationId/citations')
  @Roles(...WRITERS)
  @Redirect()
  async cite(
    @Page() page: PortalPage,
    @Actor() actor: ActorType,
    @Param('declarationId', UuidPipe) id: string,
    @Form() form: Record<string, unknown>,
  ): Promise<SeeOther> {
    const question = typeof form.question === 'string' ? encodeURIComponent(form.question) : '';
    return this.forms.answer(
      page,
      `declaration:${id}`,
      form,
      await this.actions.cite(actor, id, form),
      `/declarations/${id}/citations?question=${question}`,
    );
  }

  @Post(':declarationId/signature')
  @Roles(...WRITERS)
  @Redirect()
  async sign(
    @Page() page: PortalPage,
    @Actor() actor: ActorType,
    @Param('declarationId', UuidPipe) id: string,
    @Form() form: Record<string, unknown>,
  ): Promise<SeeOther> {
    return this.forms.answer(page, `declaration:${id}`, form, await this.actions.sign(actor, id, form), `/declarations/${id}#signature`);
  }

  @Post(':declarationId/submit')
  @Roles(...WRITERS)
  @Redirect()
  async submit(@Page() page: PortalPage, @Actor() actor: ActorType, @Param('declarationId', UuidPipe) id: string): Promise<SeeOther> {
    return this.forms.answer(page, `declaration:${id}`, {}, await this.actions.submit(actor, id), `/declarations/${id}#submit`);
  }

  @Post(':declarationId/review')
  @Roles(...SKR)
  @Redirect()
  async review(
    @Page() page: PortalPage,
    @Actor() actor: ActorType,
    @Param('declarationId', UuidPipe) id: string,
    @Form() form: Record<string, unknown>,
  ): Promise<SeeOther> {
    return this.forms.answer(page, `declaration:${id}`, form, await this.actions.review(actor, id, form), `/declarations/${id}#review`);
  }

  /** Multipart like the API's upload, which reads the request stream itself; the form carries its CSRF token in the query. */
  @Post(':declarationId/evidence')
  @StreamedForm()
  @Roles(...WRITERS)
  @Redirect()
  async upload(
    @Page() page: PortalPage,
    @Actor() actor: ActorType,
    @Param('declarationId', UuidPipe) id: string,
    @Req() request: Request,
  ): Promise<SeeOther> {
    return this.forms.answer(page, `declaration:${id}`, {}, await this.actions.upload(actor, id, request), `/declarations/${id}#files`);
  }

  /** The evidence form's upload from portal.js, which shows its progress: the same stream and checks, a JSON answer. */
  @Post(':declarationId/evidence/uploads')
  @StreamedForm()
  @Roles(...WRITERS)
  @HttpCode(200)
  @Header('Cache-Control', 'no-store')
  async uploadFromScript(
    @Page() page: PortalPage,
    @Actor() actor: ActorType,
    @Param('declarationId', UuidPipe) id: string,
    @Req() request: Request,
  ): Promise<EvidenceUploadAnswer> {
    return this.actions.uploadFromScript(page, actor, id, request);
  }

  @Get(':declarationId/evidence/:fileId/preview')
  @HttpCode(200)
  async preview(
    @Actor() actor: ActorType,
    @Param('declarationId', UuidPipe) id: string,
    @Param('fileId', UuidPipe) fileId: string,
  ): Promise<WithHeaders<StreamableFile>> {
    return this.actions.preview(actor, id, fileId);
  }

  @Get(':declarationId/evidence/:fileId')
  @HttpCode(200)
  async download(
    @Actor() actor: ActorType,
    @Param('declarationId', UuidPipe) id: string,
    @Param('fileId', UuidPipe) fileId: string,
  ): Promise<WithHeaders<StreamableFile>> {
    return this.actions.download(actor, id, fileId);
  }
}
