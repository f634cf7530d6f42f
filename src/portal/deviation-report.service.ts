import { Injectable } from '@nestjs/common';
import { plainToInstance } from 'class-transformer';
import { validate, type ValidationError } from 'class-validator';
import type { Actor } from '../actor/actor';
import { DeviationPartsService } from '../deviations/deviation-parts.service';
import { Miljö } from '../deviations/deviation.entity';
import { DeviationsService } from '../deviations/deviations.service';
import { CreateDeviationDto } from '../deviations/dto/create-deviation.dto';
import { HtmlPage, PageRenderer } from '../pages/page-renderer';
import { isFormError } from './deviation-detail.pages';
import type { FormOutcome } from './portal-memberships.service';
import { PortalFormsService } from './portal-forms.service';
import type { PortalPage } from './portal-page.decorator';

/** A form's errors: field id → catalogue key and the values the key needs. */
type Errors = Record<string, string>;

const TEXTS = { rubrik: 200, kravreferens: 200, reproduktionssteg: 20000, skäl: 20000, utfall: 20000, förväntat: 20000 } as const;
const CONTACT = { contactName: 200, contactPhone: 50, contactEmail: 254 } as const;
/** The form's contact fields by the DTO's property names. */
const CONTACT_FIELDS: Record<string, string> = { namn: 'contactName', telefon: 'contactPhone', epost: 'contactEmail' };
const EMAIL = /^[^\s@]{1,64}@[^\s@]{1,255}\.[^\s@]{2,}$/;

/**
 * Reporting a deviation from the guided form (seed 000's fields with help texts): the draft is created and submitted
 * through DeviationsService, as the API's create and submit do; the timing is left to the party's agreement calendar.
 */
@Injectable()
export class DeviationReportService {
  constructor(
    private readonly renderer: PageRenderer,
    private readonly deviations: DeviationsService,
    private readonly parts: DeviationPartsService,
    private readonly forms: PortalFormsService,
  ) {}

  async form(page: PortalPage, actor: Actor): Promise<HtmlPage> {
    const flash = await this.forms.takeFlash(page, 'report');
    const person = page.session?.person;
    const returnTo = returnToOf(page.query.returnTo);
    const values = flash?.values ?? {
      contactName: person?.name ?? '',
      contactEmail: person?.email ?? '',
      ...(returnTo ? { returnTo } : {}),
    };
    const parts = await this.parts.list(actor);
    return this.renderer.render(
      '/portal/views/report',
      { values, errors: flash?.errors ?? {}, parts, environments: Object.values(Miljö), impacts: [1, 2, 3, 4] },
      page.context,
    );
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
    if (Object.keys(errors).length > 0) return { errors };
    try {
      const { deviation } = await this.deviations.create(actor, dto);
      await this.deviations.submit(actor, deviation.id);
      const returnTo = returnToOf(form.returnTo);
      // Reported from a declaration's citation picker: back to the question, with the new deviation found.
      return { location: returnTo ? `${returnTo}&q=${encodeURIComponent(deviation.key)}` : `/deviations/${deviation.id}` };
    } catch (error) {
      if (!isFormError(error)) throw error;
      const field = (error.errors?.[0]?.pointer ?? '/rubrik').split('/')[1] || 'rubrik';
      return { errors: { [CONTACT_FIELDS[field] ?? (field === 'kontaktpersoner' ? 'contactName' : field)]: 'report.errors.rejected' } };
    }
  }
}

/** A declaration's citation picker, the one place a report may lead back to; anything else is ignored. */
function returnToOf(value: unknown): string | null {
  return typeof value === 'string' && /^\/declarations\/[0-9a-f-]{36}\/citations\?question=[a-z0-9_.-]{1,200}$/.test(value) ? value : null;
}

/** The form fields a DTO validation error names (nested contact errors by their own field). */
function fieldsOf(error: ValidationError): string[] {
  if (error.children?.length) return error.children.flatMap(fieldsOf);
  return [CONTACT_FIELDS[error.property] ?? error.property];
}
