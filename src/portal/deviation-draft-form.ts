import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { RequestValidationError } from '../common/domain-error';
import type { Deviation } from '../deviations/deviation.entity';
import { UpdateDeviationDto } from '../deviations/dto/create-deviation.dto';

type Form = Record<string, unknown>;

/** The report form's optional fields: emptied on the page, emptied (null) in the draft. The title stays: a draft has one. */
const CLEARABLE = ['reproduktionssteg', 'skäl', 'utfall', 'förväntat', 'kravreferens', 'del', 'miljö', 'påverkan'] as const;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** A field of the form as sent, trimmed; '' when absent or repeated. */
export function formText(form: Form, name: string): string {
  return typeof form[name] === 'string' ? (form[name] as string).trim() : '';
}

/** The draft the form continues (its hidden `draftId`); null for a new report. Anything but a UUID is refused. */
export function draftIdOf(form: Form): string | null {
  const id = formText(form, 'draftId');
  if (!id) return null;
  if (!UUID.test(id)) throw new RequestValidationError([{ pointer: '/draftId', detail: 'Not a draft id.', code: 'isUuid' }]);
  return id;
}

/**
 * The Idempotency-Key of the draft the page's first save creates (its hidden `draftKey`, made with the page): a save
 * retried after a lost answer continues that draft instead of creating a second. Prefixed so it never meets a key an
 * API client chose for its own creates.
 */
export function draftKeyOf(form: Form): string | null {
  const key = formText(form, 'draftKey');
  if (!key) return null;
  if (!UUID.test(key)) throw new RequestValidationError([{ pointer: '/draftKey', detail: 'Not a draft key.', code: 'isUuid' }]);
  return `portal-draft:${key}`;
}

/** The version the page read the draft at, which a save must still match. */
export function draftVersionOf(form: Form): number {
  const version = Number(formText(form, 'version'));
  if (!Number.isInteger(version) || version < 1) {
    throw new RequestValidationError([{ pointer: '/version', detail: 'The version the draft was read at.', code: 'isInt' }]);
  }
  return version;
}

/**
 * What of a half-filled form a draft can keep: each field that passes the API's own rules by itself. A phone number
 * half typed or an option not yet chosen waits; the rest is saved, so nothing typed so far is lost with the tab. In a
 * draft that exists, a field emptied on the page is emptied in the draft: null, as a draft that never had it (the
 * API's own update refuses null for these; its DTO is for clients, whose absent field means "unchanged").
 */
export async function draftFieldsOf(form: Form, partCodes: readonly string[], existing: boolean): Promise<UpdateDeviationDto> {
  const fields: Record<string, unknown> = {};
  for (const name of ['rubrik', 'reproduktionssteg', 'skäl', 'utfall', 'förväntat', 'kravreferens']) {
    if (formText(form, name)) fields[name] = formText(form, name);
  }
  if (partCodes.includes(formText(form, 'del'))) fields.del = formText(form, 'del');
  if (formText(form, 'miljö')) fields['miljö'] = formText(form, 'miljö');
  if (formText(form, 'påverkan')) fields['påverkan'] = Number(formText(form, 'påverkan'));
  const contact = { namn: formText(form, 'contactName'), telefon: formText(form, 'contactPhone'), epost: formText(form, 'contactEmail') };
  if (contact.namn || contact.telefon || contact.epost) fields.kontaktpersoner = [contact];
  const failed = await validate(plainToInstance(UpdateDeviationDto, fields), { whitelist: true, forbidNonWhitelisted: true });
  for (const error of failed) delete fields[error.property];
  if (existing) {
    for (const name of CLEARABLE) if (!formText(form, name)) fields[name] = null;
    if (!contact.namn && !contact.telefon && !contact.epost) fields.kontaktpersoner = [];
  }
  return plainToInstance(UpdateDeviationDto, fields);
}

/** A saved draft as the report form shows it. */
export function formValuesOf(draft: Deviation): Record<string, string> {
  const contact = draft.kontaktpersoner?.[0];
  const values: Record<string, string | number | null | undefined> = {
    rubrik: draft.rubrik,
    reproduktionssteg: draft.reproduktionssteg,
    skäl: draft.skäl,
    utfall: draft.utfall,
    förväntat: draft.förväntat,
    del: draft.del,
    miljö: draft.miljö,
    kravreferens: draft.kravreferens,
    påverkan: draft.påverkan,
    contactName: contact?.namn,
    contactPhone: contact?.telefon,
    contactEmail: contact?.epost,
  };
  return Object.fromEntries(
    Object.entries(values)
      .filter(([, value]) => value !== null && value !== undefined)
      .map(([name, value]) => [name, String(value)]),
  );
}
