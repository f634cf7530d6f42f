import { Injectable, StreamableFile } from '@nestjs/common';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import type { IncomingMessage } from 'node:http';
import type { Actor } from '../actor/actor';
import type { FieldError } from '../common/domain-error';
import type { WithHeaders } from '../common/response-headers';
import { questionsOf } from '../declarations/declaration-answers';
import { DeclarationAttachmentsService } from '../declarations/declaration-attachments.service';
import { DeclarationQueriesService } from '../declarations/declaration-queries.service';
import { DeclarationReviewService } from '../declarations/declaration-review.service';
import type { DeclarationView } from '../declarations/declaration-view';
import { DeclarationVersionMismatchError } from '../declarations/declarations.errors';
import { DeclarationsService } from '../declarations/declarations.service';
import { CreateReviewDto, SignatureDto } from '../declarations/dto/declaration-requests.dto';
import { PageRenderer } from '../pages/page-renderer';
import { downloadOf } from '../storage/stored-file';
import { answeredByParty, fieldIdOf } from './declaration-detail.pages';
import { formText as text, sectionAnswers } from './declaration-section-form';
import { isFormError } from './deviation-detail.pages';
import { formUpload, previewOf, scriptUpload } from './evidence-pages';
import type { EvidenceUploadAnswer } from './evidence-upload-answer';
import type { FormOutcome } from './portal-memberships.service';
import type { PortalPage } from './portal-page.decorator';

type Form = Record<string, unknown>;

/** Which catalogue text explains an answer the declaration's rules refused, by the rule's code and the field. */
function answerError(error: FieldError): string {
  if (error.code === 'required') return error.pointer?.endsWith('/kommentar') ? 'declarations.errors.motivate' : 'declarations.errors.cite';
  const known: Record<string, string> = {
    isIn: 'declarations.errors.choose',
    isDate: 'declarations.errors.date',
    organisationsnummer: 'declarations.errors.organisationsnummer',
    notReopened: 'declarations.errors.notReopened',
    maxLength: 'declarations.errors.tooLong',
  };
  return (
    known[error.code ?? ''] ?? (error.pointer?.includes('/citations') ? 'declarations.errors.citation' : 'declarations.errors.invalid')
  );
}

/**
 * What a party does on its declaration's page — save a section, cite deviations, sign, submit, attach evidence — and
 * SKR's decision, through the API's services with the same Actor. The version the page was read at comes back with
 * each form, as If-Match does over the API, so a change made meanwhile is not overwritten unseen.
 */
@Injectable()
export class DeclarationFormsService {
  constructor(
    private readonly declarations: DeclarationsService,
    private readonly queries: DeclarationQueriesService,
    private readonly reviews: DeclarationReviewService,
    private readonly attachments: DeclarationAttachmentsService,
    private readonly renderer: PageRenderer,
  ) {}

  /** Saves the party's answers of one section: a field left empty is no answer; an answer emptied is cleared. */
  async saveSection(actor: Actor, id: string, form: Form): Promise<FormOutcome> {
    const view = await this.queries.get(actor, id);
    const section = view.template.document.sections.find((candidate) => candidate.key === text(form, 'section'));
    if (!section) return { errors: { save: 'declarations.errors.invalid' } };
    const answers = sectionAnswers(view, section, form);
    const next = text(form, 'next');
    const location = `/declarations/${id}?section=${encodeURIComponent(next && form.go === 'next' ? next : section.key)}`;
    return this.attempt(view, form, location, 'save', (version) => this.declarations.updateAnswers(actor, id, version, { answers }));
  }

  /** Adds or removes one cited deviation of an answer; citing on an unanswered yes/no question answers it "nej". */
  async cite(actor: Actor, id: string, form: Form): Promise<FormOutcome> {
    const view = await this.queries.get(actor, id);
    const key = text(form, 'question') ?? '';
    const question = questionsOf(view.template.document).get(key);
    const deviation = text(form, 'deviation');
    const back = `/declarations/${id}/citations?question=${encodeURIComponent(key)}`;
    if (!question || !answeredByParty(question) || !deviation) return { errors: { q: 'declarations.errors.citation' } };
    const before = view.answers.find((answer) => answer.questionKey === key);
    if (!before && question.answerType !== 'ja_nej') return { errors: { q: 'declarations.picker.answerFirst' } };
    const cited = before?.citations ?? [];
    const citations = form.op === 'remove' ? cited.filter((c) => c !== deviation) : [...cited.filter((c) => c !== deviation), deviation];
    const answer = {
      svar: before?.svar ?? 'nej',
      ...(before?.kommentar ? { kommentar: before.kommentar } : {}),
      citations,
      evidence: before?.evidence ?? [],
      ...(before?.newDeviation ? { newDeviation: before.newDeviation } : {}),
    };
    return this.attempt(view, form, back, 'q', (version) =>
      this.declarations.updateAnswers(actor, id, version, { answers: { [key]: answer } }),
    );
  }

  async sign(actor: Actor, id: string, form: Form): Promise<FormOutcome> {
    const view = await this.queries.get(actor, id);
    const dto = plainToInstance(SignatureDto, { namn: text(form, 'namn') ?? '', datum: text(form, 'datum') ?? '' });
    const errors: Record<string, string> = {};
    for (const failed of await validate(dto)) {
      errors[failed.property === 'namn' ? 'signature-name' : 'signature-date'] =
        failed.property === 'namn' ? 'declarations.errors.name' : 'declarations.errors.date';
    }
    if (Object.keys(errors).length > 0) return { errors };
    return this.attempt(view, form, `/declarations/${id}#signature`, 'signature-name', (version) =>
      this.declarations.sign(actor, id, version, dto),
    );
  }

  async submit(actor: Actor, id: string): Promise<FormOutcome> {
    try {
      await this.declarations.submit(actor, id);
      return { location: `/declarations/${id}` };
    } catch (error) {
      if (!isFormError(error)) throw error;
      const unsigned = error.errors?.some((e) => e.pointer === '/signature');
      const answersMissing = error.errors?.some((e) => e.pointer !== '/signature');
      return {
        errors: {
          ...(answersMissing || !error.errors?.length ? { submit: 'declarations.errors.incomplete' } : {}),
          ...(unsigned ? { 'signature-name': 'declarations.errors.incompleteSignature' } : {}),
        },
      };
    }
  }

  /** SKR's decision: each outcome with what it requires (the date, the new timetable), refused beside its field. */
  async review(actor: Actor, id: string, form: Form): Promise<FormOutcome> {
    // `items[]`: the checkboxes share one name, which html-validate accepts only with the array brackets.
    const items = [form['items[]'] ?? []].flat().filter((item): item is string => typeof item === 'string' && !item.includes('\u0000'));
    const optional = (name: string) => (text(form, name) ? { [name]: text(form, name) } : {});
    const dto = plainToInstance(CreateReviewDto, {
      outcome: text(form, 'outcome') ?? '',
      reviewerName: text(form, 'reviewerName') ?? '',
      ...optional('comment'),
      ...optional('agreedDate'),
      ...optional('newTimetable'),
      ...(items.length > 0 ? { items } : {}),
    });
    const fields: Record<string, string> = {
      outcome: 'outcome',
      reviewerName: 'reviewerName',
      agreedDate: 'agreedDate',
      newTimetable: 'newTimetable',
    };
    const errors: Record<string, string> = {};
    for (const failed of await validate(dto, { whitelist: true, forbidNonWhitelisted: true })) {
      const field = fields[failed.property] ?? 'outcome';
      errors[field] = `declarations.errors.${field}`;
    }
    if (Object.keys(errors).length > 0) return { errors };
    try {
      await this.reviews.review(actor, id, dto);
      return { location: `/declarations/${id}` };
    } catch (error) {
      if (!isFormError(error)) throw error;
      const refused: Record<string, string> = {};
      for (const e of error.errors ?? [{ pointer: '/outcome', detail: '' }]) {
        const field = (e.pointer ?? '').split('/')[1];
        const name = field === 'items' ? 'items' : (fields[field] ?? 'outcome');
        refused[name] = `declarations.errors.${name}`;
      }
      return { errors: refused };
    }
  }

  /** Evidence from the page's multipart form (no script), refused beside the field as on a deviation's page. */
  async upload(actor: Actor, id: string, request: IncomingMessage): Promise<FormOutcome> {
    return formUpload(() => this.attachments.upload(actor, id, request), `/declarations/${id}#files`);
  }

  /** The same upload from the page's script, which shows its progress and, for an image, its thumbnail. */
  async uploadFromScript(page: PortalPage, actor: Actor, id: string, request: IncomingMessage): Promise<EvidenceUploadAnswer> {
    return scriptUpload(this.renderer.translator(page.context.language), `/declarations/${id}`, () =>
      this.attachments.upload(actor, id, request),
    );
  }

  async download(actor: Actor, id: string, fileId: string): Promise<WithHeaders<StreamableFile>> {
    const { attachment, stream } = await this.attachments.open(actor, id, fileId);
    return downloadOf(attachment, stream);
  }

  /** An image as a thumbnail on the declaration's page, with the download's access check. */
  async preview(actor: Actor, id: string, fileId: string): Promise<WithHeaders<StreamableFile>> {
    return previewOf(await this.attachments.open(actor, id, fileId));
  }

  /** Runs a change at the version the form was read at; what the person can act on is shown beside `field`. */
  private async attempt(
    view: DeclarationView,
    form: Form,
    location: string,
    field: string,
    run: (version: number) => Promise<unknown>,
  ): Promise<FormOutcome> {
    const version = Number(text(form, 'version'));
    if (!Number.isInteger(version) || version !== view.declaration.version) return { errors: { [field]: 'declarations.errors.stale' } };
    try {
      await run(version);
      return { location };
    } catch (error) {
      if (error instanceof DeclarationVersionMismatchError) return { errors: { [field]: 'declarations.errors.stale' } };
      if (!isFormError(error)) throw error;
      if (error.kind === 'conflict') return { errors: { [field]: 'declarations.errors.locked' } };
      const errors = Object.fromEntries((error.errors ?? []).map((e) => [fieldOf(e, field), answerError(e)]));
      return { errors: Object.keys(errors).length > 0 ? errors : { [field]: 'declarations.errors.invalid' } };
    }
  }
}

/** The page field an answer error belongs to: its comment's for `/answers/<key>/kommentar`, else the answer's. */
function fieldOf(error: FieldError, fallback: string): string {
  const match = /^\/answers\/([^/]+)(\/kommentar)?/.exec(error.pointer ?? '');
  if (!match || fallback === 'q') return fallback;
  const key = match[1].replace(/~1/g, '/').replace(/~0/g, '~');
  return `${fieldIdOf(key)}${match[2] ? '-kommentar' : ''}`;
}
