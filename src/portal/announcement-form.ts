// The announcement forms of the portal (publish, update, resolve) read as the API's DTOs, and the API's refusals read
// back as errors beside the fields. No Nest here: announcement.pages.ts calls the services.
import { plainToInstance } from 'class-transformer';
import { validate, type ValidationError } from 'class-validator';
import { fromLocalDateTime, parseTimeOfDay, toLocalDateTime } from '../agreements/time-zone';
import { DomainError } from '../common/domain-error';
import {
  CancelAnnouncementDto,
  CreateAnnouncementDto,
  ResolveAnnouncementDto,
  UpdateAnnouncementDto,
} from '../driftinfo/dto/announcement.dto';
import {
  AnnouncementClosedError,
  AnnouncementFieldError,
  AnnouncementNotCancellableError,
  AnnouncementVersionMismatchError,
  NoticeTooShortError,
  NotAnnouncementOwnerError,
} from '../driftinfo/driftinfo.errors';

const SWEDISH_TIME = 'Europe/Stockholm';

/** A form's errors: field id → catalogue key. */
export type FormErrors = Record<string, string>;

/** The form field (its id and name) of each DTO property; the ids are ASCII so they read well in URLs and selectors. */
const FIELD_OF: Record<string, string> = {
  typ: 'typ',
  rubrik: 'rubrik',
  rubrikEn: 'rubrikEn',
  påverkan: 'paverkan',
  påverkanEn: 'paverkanEn',
  centralKomponent: 'centralKomponent',
  bastjänster: 'bastjanster',
  allvarlighet: 'allvarlighet',
  svarandeMyndigheter: 'svarandeMyndigheter',
  start: 'start',
  förväntatSlut: 'forvantatSlut',
  release: 'release',
  innehållsändring: 'innehallsandring',
  undantagMotivering: 'undantagMotivering',
  meddelande: 'meddelande',
  meddelandeEn: 'meddelandeEn',
};

/** The resolve form shares its page with the update form, so its fields have ids of their own. */
const RESOLVE_FIELD_OF: Record<string, string> = {
  slut: 'slut',
  orsak: 'orsak',
  åtgärdsplan: 'atgardsplan',
  meddelande: 'avslutMeddelande',
  meddelandeEn: 'avslutMeddelande',
};

/** The cancel form shares the page too: its message fields have ids of their own. */
const CANCEL_FIELD_OF: Record<string, string> = {
  meddelande: 'installMeddelande',
  meddelandeEn: 'installMeddelandeEn',
};

/** Where an error about the announcement as a whole (changed meanwhile, closed) is shown: the update form's heading. */
export const WHOLE_FORM = 'andra';

/** A form read: the DTO's plain body and the errors found before the DTO's own rules ran. */
interface Read {
  readonly body: Record<string, unknown>;
  readonly errors: FormErrors;
}

/** A `datetime-local` value in Swedish time, as the instant it names; `''` is absent, anything else no time. */
function instantOf(value: string): Date | null | undefined {
  if (value === '') return null;
  const match = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2})$/.exec(value);
  if (!match) return undefined;
  try {
    return fromLocalDateTime(match[1], parseTimeOfDay(match[2]), SWEDISH_TIME);
  } catch (error) {
    if (error instanceof RangeError) return undefined;
    throw error;
  }
}

/** An instant as a `datetime-local` value in Swedish time, for a form's field. */
export function localValueOf(instant: Date | null): string {
  if (!instant) return '';
  const local = toLocalDateTime(instant, SWEDISH_TIME);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${local.date}T${two(local.hour)}:${two(local.minute)}`;
}

function reader(form: Record<string, unknown>) {
  const body: Record<string, unknown> = {};
  const errors: FormErrors = {};
  const text = (name: string) => (typeof form[name] === 'string' ? (form[name] as string).trim() : '');
  return {
    body,
    errors,
    text,
    /** A text the DTO takes under `property`; left out when empty, so an update keeps what it had. */
    optional(property: string, name: string) {
      if (text(name) !== '') body[property] = text(name);
    },
    time(property: string, name: string) {
      const instant = instantOf(text(name));
      if (instant === undefined) errors[name] = 'driftAdmin.errors.time';
      else if (instant) body[property] = instant.toISOString();
    },
    whole(property: string, name: string) {
      if (text(name) === '') return;
      if (/^\d{1,3}$/.test(text(name))) body[property] = Number(text(name));
      else errors[name] = 'driftAdmin.errors.invalid';
    },
    box(property: string, name: string) {
      if (form[name] !== undefined) body[property] = true;
    },
  };
}

/** The bastjänster checked on a form (one value or several). */
function chosenParts(form: Record<string, unknown>): string[] {
  return [form['bastjanster[]'] ?? []].flat().filter((code): code is string => typeof code === 'string');
}

/** The publish form. Unchecked boxes send nothing: an absent box is `false`, as the API's default. */
export function readPublishForm(form: Record<string, unknown>): Read {
  const read = reader(form);
  read.body.typ = read.text('typ');
  read.body.rubrik = read.text('rubrik');
  read.body.påverkan = read.text('paverkan');
  for (const property of ['rubrikEn', 'påverkanEn', 'allvarlighet', 'undantagMotivering', 'meddelande', 'meddelandeEn'])
    read.optional(property, FIELD_OF[property]);
  read.body.bastjänster = chosenParts(form);
  read.box('centralKomponent', 'centralKomponent');
  read.box('release', 'release');
  read.box('innehållsändring', 'innehallsandring');
  read.whole('svarandeMyndigheter', 'svarandeMyndigheter');
  read.time('start', 'start');
  read.time('förväntatSlut', 'forvantatSlut');
  if (read.body.typ === 'planerad_andring' && !read.body.förväntatSlut) read.errors.forvantatSlut ??= 'driftAdmin.errors.windowEnd';
  if (read.body.centralKomponent !== true && (read.body.bastjänster as string[]).length === 0)
    read.errors.bastjanster = 'driftAdmin.errors.parts';
  return read;
}

/**
 * The update form: a Swedish text left empty is kept, but an English text sent empty means "no English text" (the
 * field shows the text it has, so emptying it is a choice). The parts are read only when the form says it sent them
 * (`delar`): an unchecked box sends nothing, so without that mark "none chosen" and "not on this form" look alike.
 */
export function readUpdateForm(form: Record<string, unknown>): Read {
  const read = reader(form);
  for (const property of ['rubrik', 'påverkan', 'allvarlighet', 'meddelande', 'meddelandeEn']) read.optional(property, FIELD_OF[property]);
  for (const property of ['rubrikEn', 'påverkanEn'])
    if (typeof form[FIELD_OF[property]] === 'string') read.body[property] = read.text(FIELD_OF[property]);
  if (form.delar !== undefined) {
    read.body.bastjänster = chosenParts(form);
    read.body.centralKomponent = form.centralKomponent !== undefined;
    if (read.body.centralKomponent !== true && (read.body.bastjänster as string[]).length === 0)
      read.errors.bastjanster = 'driftAdmin.errors.parts';
  }
  read.whole('svarandeMyndigheter', 'svarandeMyndigheter');
  read.time('förväntatSlut', 'forvantatSlut');
  return read;
}

export function readResolveForm(form: Record<string, unknown>): Read {
  const read = reader(form);
  read.time('slut', 'slut');
  if (!read.body.slut && !read.errors.slut) read.errors.slut = 'driftAdmin.errors.required';
  read.optional('orsak', 'orsak');
  read.optional('åtgärdsplan', 'atgardsplan');
  read.optional('meddelande', 'avslutMeddelande');
  return read;
}

/** The form that calls off a planned change: only the message to subscribers, both optional. */
export function readCancelForm(form: Record<string, unknown>): Read {
  const read = reader(form);
  read.optional('meddelande', CANCEL_FIELD_OF.meddelande);
  read.optional('meddelandeEn', CANCEL_FIELD_OF.meddelandeEn);
  return read;
}

/**
 * The end a resolve form gives, to the minute: the minute it is now means now. Otherwise an outage resolved in the
 * minute it was published (its start, from the same kind of field, is that minute) would end when it began, and the
 * end the form proposes would lie in the future for the rest of the minute.
 */
export function endGiven(minute: Date, now: Date): Date {
  const ago = now.getTime() - minute.getTime();
  return ago >= 0 && ago < 60_000 ? now : minute;
}

/** The version the page was read at (the API's If-Match), or null when the form holds none. */
export function versionOf(form: Record<string, unknown>): number | null {
  return typeof form.version === 'string' && /^\d{1,9}$/.test(form.version) ? Number(form.version) : null;
}

type Dto = typeof CreateAnnouncementDto | typeof UpdateAnnouncementDto | typeof ResolveAnnouncementDto | typeof CancelAnnouncementDto;

/**
 * The DTO the API's ValidationPipe would make of `read`, with every refusal beside its field: the page refuses
 * exactly what the API would.
 */
export async function validated<T extends Dto>(type: T, read: Read): Promise<{ dto: InstanceType<T>; errors: FormErrors }> {
  const dto = plainToInstance(type, read.body) as InstanceType<T>;
  const errors: FormErrors = { ...read.errors };
  const fields = type === ResolveAnnouncementDto ? RESOLVE_FIELD_OF : type === CancelAnnouncementDto ? CANCEL_FIELD_OF : FIELD_OF;
  for (const error of (await validate(dto, { whitelist: true, forbidNonWhitelisted: true })).flatMap(leaves)) {
    const field = fields[error.property] ?? error.property;
    const empty = read.body[error.property] === undefined || read.body[error.property] === '';
    errors[field] ??= empty
      ? 'driftAdmin.errors.required'
      : error.constraints?.maxLength
        ? 'driftAdmin.errors.tooLong'
        : 'driftAdmin.errors.invalid';
  }
  return { dto, errors };
}

function leaves(error: ValidationError): ValidationError[] {
  return error.children?.length ? error.children.flatMap(leaves).map((child) => ({ ...child, property: error.property })) : [error];
}

/**
 * The services' refusals of a valid form, beside the field they point at; anything else (another party's
 * announcement: the 403 page, as the API answers) is rethrown.
 */
export function formErrorsOf(error: unknown, resolving = false): FormErrors {
  if (error instanceof AnnouncementVersionMismatchError) return { [WHOLE_FORM]: 'driftAdmin.errors.stale' };
  if (error instanceof AnnouncementClosedError) return { [WHOLE_FORM]: 'driftAdmin.errors.closed' };
  if (error instanceof AnnouncementNotCancellableError) return { [WHOLE_FORM]: 'driftAdmin.errors.notCancellable' };
  if (error instanceof NoticeTooShortError) return { start: 'driftAdmin.errors.notice' };
  const pointers = error instanceof DomainError ? (error.errors ?? []).map((e) => e.pointer ?? '') : [];
  if (error instanceof NotAnnouncementOwnerError && pointers.length > 0)
    return Object.fromEntries(
      pointers.map((p) => [p.startsWith('/centralKomponent') ? 'centralKomponent' : 'bastjanster', 'driftAdmin.errors.notOwner']),
    );
  if (!(error instanceof AnnouncementFieldError)) throw error;
  const property = (pointers[0] ?? '').split('/')[1] ?? '';
  if (property === 'bastjänster')
    return { bastjanster: pointers[0] === '/bastjänster' ? 'driftAdmin.errors.parts' : 'driftAdmin.errors.invalid' };
  if (property === 'slut') return { slut: 'driftAdmin.errors.resolveEnd' };
  if (property === 'förväntatSlut') return { forvantatSlut: 'driftAdmin.errors.endAfterStart' };
  return { [resolving ? 'slut' : WHOLE_FORM]: 'driftAdmin.errors.invalid' };
}
