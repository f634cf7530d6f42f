import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { plainToInstance } from 'class-transformer';
import { validate, type ValidationError } from 'class-validator';
import type { Actor } from '../actor/actor';
import { DeclarationQueriesService } from '../declarations/declaration-queries.service';
import { DeviationAttachmentsService } from '../deviations/deviation-attachments.service';
import { DeviationPartsService } from '../deviations/deviation-parts.service';
import { Clock } from '../common/clock';
import { DeviationQueriesService } from '../deviations/deviation-queries.service';
import { type Deviation, DeviationStatus, Miljö } from '../deviations/deviation.entity';
import { DeviationNotEditableError, VersionMismatchError } from '../deviations/deviations.errors';
import { DeviationsService } from '../deviations/deviations.service';
import { CreateDeviationDto } from '../deviations/dto/create-deviation.dto';
import { StatusBoardService } from '../driftinfo/status-board.service';
import { HtmlPage, PageRenderer } from '../pages/page-renderer';
import { type AutosaveAnswer, savedMessage } from './autosave-answer';
import { isFormError } from './deviation-detail.pages';
import { DeclarationFormsService } from './declaration-forms.service';
import { evidenceOf } from './evidence-upload-answer';
import { contextQuery, contextValues, PICKER, type ReportContext, reportContextOf } from './report-context';
import { draftFieldsOf, draftIdOf, draftKeyOf, draftVersionOf, formValuesOf } from './deviation-draft-form';
import type { FormOutcome } from './portal-memberships.service';
import { PortalFormsService } from './portal-forms.service';
import type { PortalPage } from './portal-page.decorator';

/** A form's errors: field id → catalogue key and the values the key needs. */
type Errors = Record<string, string>;

const TEXTS = { rubrik: 200, kravreferens: 200, reproduktionssteg: 20000, skäl: 20000, utfall: 20000, förväntat: 20000 } as const;
const CONTACT = { contactName: 200, contactPhone: 50, contactEmail: 254 } as const;
/** The form's contact fields by the DTO's property names. */
const CONTACT_FIELDS: Record<string, string> = { namn: 'contactName', telefon: 'contactPhone', epost: 'contactEmail' };
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const EMAIL = /^[^\s@]{1,64}@[^\s@]{1,255}\.[^\s@]{2,}$/;

/**
 * Reporting a deviation from the guided form (seed 000's fields with help texts): the draft is created and submitted
 * through DeviationsService, as the API's create and submit do; the timing is left to the party's agreement calendar.
 * With JavaScript the form saves itself into the draft as the person types (`saveDraft`), at the version the page
 * holds as If-Match does; the page opens that draft again from `?draft=`, and submitting sends it in.
 */
@Injectable()
export class DeviationReportService {
  constructor(
    private readonly renderer: PageRenderer,
    private readonly deviations: DeviationsService,
    private readonly parts: DeviationPartsService,
    private readonly forms: PortalFormsService,
    private readonly queries: DeviationQueriesService,
    private readonly clock: Clock,
    private readonly statusBoard: StatusBoardService,
    private readonly attachments: DeviationAttachmentsService,
    private readonly declarations: DeclarationQueriesService,
    private readonly declarationForms: DeclarationFormsService,
  ) {}

  async form(page: PortalPage, actor: Actor): Promise<HtmlPage> {
    const flash = await this.forms.takeFlash(page, 'report');
    const person = page.session?.person;
    const context = reportContextOf(page.query);
    const draft = await this.draftOf(actor, page.query.draft);
    const values = flash?.values ?? {
      contactName: person?.name ?? '',
      contactEmail: person?.email ?? '',
      ...(draft ? formValuesOf(draft) : {}),
      ...contextValues(context),
    };
    const [parts, { board }, files] = await Promise.all([
      this.parts.list(actor),
      this.statusBoard.current(page.context.language),
      draft ? this.attachments.list(actor, draft.id) : [],
    ]);
    return this.renderer.render(
      '/portal/views/report',
      {
        values,
        errors: flash?.errors ?? {},
        parts,
        environments: Object.values(Miljö),
        impacts: [1, 2, 3, 4],
        // The draft's version now, also after a stale submit: sending again is then a choice made having been told.
        draft: draft ? { id: draft.id, version: draft.version } : null,
        // What is already known to be down, so a report of it can be linked to the outage instead of duplicating it.
        ongoing: board.ongoing,
        files: files.map(evidenceOf),
        // The page's key for the draft its first save creates; the same page shown again with its errors keeps it.
        draftKey: UUID.test(values.draftKey ?? '') ? values.draftKey : randomUUID(),
      },
      page.context,
    );
  }

  /** The form's autosave: creates the draft once it has a title, then updates it at the version the page holds. */
  async saveDraft(page: PortalPage, actor: Actor, form: Record<string, unknown>): Promise<AutosaveAnswer> {
    const t = this.renderer.translator(page.context.language);
    const parts = (await this.parts.list(actor)).map((part) => part.code);
    const id = draftIdOf(form);
    const saved = id
      ? await this.deviations.update(actor, id, draftVersionOf(form), await draftFieldsOf(form, parts, true))
      : await this.firstSave(actor, draftKeyOf(form), form, parts);
    if (!saved) return { message: t('autosave.needsTitle') };
    return {
      draftId: saved.id,
      version: saved.version,
      message: savedMessage(t, page.context.language, this.clock.now()),
      location: `/deviations/new?draft=${saved.id}${contextQuery(reportContextOf(form))}`,
    };
  }

  /**
   * The page's first save: creates the draft under the page's key once it has a title (null before). When that key already made one (the answer to the
   * first save was lost, and the page still has no draft id), the save continues that draft at its own version.
   */
  private async firstSave(actor: Actor, key: string | null, form: Record<string, unknown>, parts: string[]): Promise<Deviation | null> {
    const earlier = key ? await this.queries.createdWithKey(actor, key) : null;
    if (earlier) return this.deviations.update(actor, earlier.id, earlier.version, await draftFieldsOf(form, parts, true));
    const fields = await draftFieldsOf(form, parts, false);
    if (!fields.rubrik) return null;
    return (await this.deviations.create(actor, fields as CreateDeviationDto, key ?? undefined)).deviation;
  }

  /**
   * Where a report goes on: reported for a declaration's answer, it is cited there and the person is back at the
   * answer; one the answer no longer takes (the declaration was sent in meanwhile) waits, found, in its citation
   * picker to be cited by hand. The citation picker's link cites too (and its return address is the picker); a link
   * without the answer to cite in (a page from before) comes back to the picker with the deviation found.
   */
  private async afterReport(actor: Actor, context: ReportContext, deviation: Deviation): Promise<FormOutcome> {
    const { citeIn, returnTo } = context;
    const found = `&q=${encodeURIComponent(deviation.key)}`;
    if (citeIn) {
      const { declaration } = await this.declarations.get(actor, citeIn.declarationId);
      const cited = await this.declarationForms.cite(actor, citeIn.declarationId, {
        question: citeIn.question,
        deviation: deviation.id,
        version: String(declaration.version),
      });
      if ('location' in cited) return { location: returnTo! };
      return { location: `/declarations/${citeIn.declarationId}/citations?question=${encodeURIComponent(citeIn.question)}${found}` };
    }
    if (returnTo && PICKER.test(returnTo)) return { location: `${returnTo}${found}` };
    return { location: returnTo ?? `/deviations/${deviation.id}` };
  }

  /** Where the form comes back to with its errors: the draft it continues, if any. */
  back(form: Record<string, unknown>): string {
    const id = typeof form.draftId === 'string' && /^[0-9a-f-]{36}$/.test(form.draftId) ? form.draftId : null;
    return id ? `/deviations/new?draft=${id}` : '/deviations/new';
  }

  async report(actor: Actor, form: Record<string, unknown>): Promise<FormOutcome> {
    const text = (name: string) => (typeof form[name] === 'string' ? (form[name] as string).trim() : '');
    const errors: Errors = {};
    for (const [name, max] of Object.entries({ ...TEXTS, ...CONTACT })) {
      if (text(name).length > max) errors[name] = 'report.errors.tooLong';
    }
    for (const name of ['rubrik', 'utfall', 'kravreferens', 'contactName', 'contactPhone', 'contactEmail']) {
      if (!text(name)) errors[name] ??= 'report.errors.required';
    }
    if (!text('reproduktionssteg') && !text('skäl')) errors.reproduktionssteg = 'report.errors.stepsOrReason';
    if (/[\r\n]/.test(text('rubrik'))) errors.rubrik = 'report.errors.singleLine';
    if (text('contactEmail') && !EMAIL.test(text('contactEmail'))) errors.contactEmail ??= 'report.errors.email';
    const parts = await this.parts.list(actor);
    if (!parts.some((part) => part.code === text('del'))) errors.del = 'report.errors.choose';
    if (!(Object.values(Miljö) as string[]).includes(text('miljö'))) errors['miljö'] = 'report.errors.choose';
    if (!['1', '2', '3', '4'].includes(text('påverkan'))) errors['påverkan'] = 'report.errors.choose';
    const dto = plainToInstance(CreateDeviationDto, {
      rubrik: text('rubrik'),
      ...(text('reproduktionssteg') ? { reproduktionssteg: text('reproduktionssteg') } : {}),
      ...(text('skäl') ? { skäl: text('skäl') } : {}),
      utfall: text('utfall'),
      ...(text('förväntat') ? { förväntat: text('förväntat') } : {}),
      del: text('del'),
      miljö: text('miljö'),
      kravreferens: text('kravreferens'),
      påverkan: Number(text('påverkan')),
      kontaktpersoner: [{ namn: text('contactName'), telefon: text('contactPhone'), epost: text('contactEmail') }],
    });
    // The API's own DTO rules (phone numbers to E.164, single-line texts), as its ValidationPipe applies them.
    for (const field of (await validate(dto, { whitelist: true, forbidNonWhitelisted: true })).flatMap(fieldsOf)) {
      errors[field] ??= 'report.errors.rejected';
    }
    const key = draftKeyOf(form);
    const earlier = !draftIdOf(form) && key ? await this.queries.createdWithKey(actor, key) : null;
    const draftId = draftIdOf(form) ?? earlier?.id ?? null;
    const version = earlier?.version ?? (draftId ? draftVersionOf(form) : 0);
    const done = (deviation: Deviation) => this.afterReport(actor, reportContextOf(form), deviation);
    // The same form sent again after its answer was lost: the deviation the first sending reported, not a second.
    if (earlier && earlier.status !== DeviationStatus.Utkast) return done(earlier);
    if (Object.keys(errors).length > 0) return { errors };
    try {
      // A text emptied on the page is emptied in the draft too, as the API's update does with "".
      const emptied = Object.fromEntries(
        ['reproduktionssteg', 'skäl', 'förväntat'].filter((name) => !text(name)).map((name) => [name, '']),
      );
      const deviation = draftId
        ? await this.deviations.update(actor, draftId, version, plainToInstance(CreateDeviationDto, { ...dto, ...emptied }))
        : (await this.deviations.create(actor, dto, key ?? undefined)).deviation;
      return done(await this.deviations.submit(actor, deviation.id));
    } catch (error) {
      if (error instanceof VersionMismatchError || error instanceof DeviationNotEditableError) {
        return { errors: { 'autosave-status': 'report.errors.stale' } };
      }
      if (!isFormError(error)) throw error;
      const field = (error.errors?.[0]?.pointer ?? '/rubrik').split('/')[1] || 'rubrik';
      return { errors: { [CONTACT_FIELDS[field] ?? (field === 'kontaktpersoner' ? 'contactName' : field)]: 'report.errors.rejected' } };
    }
  }

  /** The party's own draft the form continues; a deviation already sent in (or anything else) starts a new report. */
  private async draftOf(actor: Actor, id: unknown): Promise<Deviation | null> {
    if (typeof id !== 'string' || !UUID.test(id)) return null;
    const deviation = await this.queries.get(actor, id);
    return deviation.status === DeviationStatus.Utkast && deviation.partyId === actor.partyId ? deviation : null;
  }
}

/** The form fields a DTO validation error names (nested contact errors by their own field). */
function fieldsOf(error: ValidationError): string[] {
  if (error.children?.length) return error.children.flatMap(fieldsOf);
  return [CONTACT_FIELDS[error.property] ?? error.property];
}
