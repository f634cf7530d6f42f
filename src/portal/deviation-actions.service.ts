import { Injectable, StreamableFile } from '@nestjs/common';
import type { IncomingMessage } from 'node:http';
import type { Actor } from '../actor/actor';
import { WithHeaders } from '../common/response-headers';
import { DeviationAttachmentsService } from '../deviations/deviation-attachments.service';
import { DeviationCommentsService } from '../deviations/deviation-comments.service';
import { DeviationsService } from '../deviations/deviations.service';
import { PageRenderer } from '../pages/page-renderer';
import { downloadOf } from '../storage/stored-file';
import { isFormError } from './deviation-detail.pages';
import { formUpload, previewOf, scriptUpload } from './evidence-pages';
import type { EvidenceUploadAnswer } from './evidence-upload-answer';
import type { FormOutcome } from './portal-memberships.service';
import type { PortalPage } from './portal-page.decorator';

const TEXT_MAX = 20000;

/** What a party does on a deviation's page: comment, withdraw, reopen, attach and download evidence. */
@Injectable()
export class DeviationActionsService {
  constructor(
    private readonly deviations: DeviationsService,
    private readonly comments: DeviationCommentsService,
    private readonly attachments: DeviationAttachmentsService,
    private readonly renderer: PageRenderer,
  ) {}

  async comment(actor: Actor, id: string, text: unknown): Promise<FormOutcome> {
    const body = typeof text === 'string' ? text.trim() : '';
    if (!body) return { errors: { text: 'action.commentRequired' } };
    if (body.length > TEXT_MAX) return { errors: { text: 'report.errors.tooLong' } };
    return this.attempt(id, 'text', () => this.comments.add(actor, id, { text: body }));
  }

  async withdraw(actor: Actor, id: string, reason: unknown): Promise<FormOutcome> {
    const text = typeof reason === 'string' ? reason.trim() : '';
    if (text.length > TEXT_MAX) return { errors: { 'withdraw-reason': 'report.errors.tooLong' } };
    return this.attempt(id, 'withdraw-reason', () => this.deviations.withdraw(actor, id, text || undefined));
  }

  async reopen(actor: Actor, id: string, reason: unknown): Promise<FormOutcome> {
    const text = typeof reason === 'string' ? reason.trim() : '';
    if (!text) return { errors: { 'reopen-reason': 'action.reasonRequired' } };
    if (text.length > TEXT_MAX) return { errors: { 'reopen-reason': 'report.errors.tooLong' } };
    return this.attempt(id, 'reopen-reason', () => this.deviations.reopen(actor, id, text));
  }

  /** Evidence streamed from the page's multipart form, by the API's own receiver (limits, types, no partial files). */
  async upload(actor: Actor, id: string, request: IncomingMessage): Promise<FormOutcome> {
    return formUpload(() => this.attachments.upload(actor, id, request), `/deviations/${id}`);
  }

  /** The same upload from the page's script, which shows its progress: the answer is the status line, not a redirect. */
  async uploadFromScript(page: PortalPage, actor: Actor, id: string, request: IncomingMessage): Promise<EvidenceUploadAnswer> {
    return scriptUpload(this.renderer.translator(page.context.language), `/deviations/${id}`, () =>
      this.attachments.upload(actor, id, request),
    );
  }

  async download(actor: Actor, id: string, attachmentId: string): Promise<WithHeaders<StreamableFile>> {
    const { attachment, stream } = await this.attachments.open(actor, id, attachmentId);
    return downloadOf(attachment, stream);
  }

  /** An image as a thumbnail on the deviation's page, with the download's access check. */
  async preview(actor: Actor, id: string, attachmentId: string): Promise<WithHeaders<StreamableFile>> {
    return previewOf(await this.attachments.open(actor, id, attachmentId));
  }

  /** Runs a use case; a refusal the person can act on (wrong state, bad file) is shown beside the form's field. */
  private async attempt(id: string, field: string, run: () => Promise<unknown>, refusal = 'action.notAllowed'): Promise<FormOutcome> {
    try {
      await run();
      return { location: `/deviations/${id}` };
    } catch (error) {
      if (!isFormError(error)) throw error;
      return { errors: { [field]: refusal } };
    }
  }
}
