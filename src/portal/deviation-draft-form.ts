import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { RequestValidationError } from '../common/domain-error';
import type { Deviation } from '../deviations/deviation.entity';
import { UpdateDeviationDto } from '../deviations/dto/create-deviation.dto';

type Form = Record<string, unknown>;

/** The report form's long texts: emptied on the page, emptied in the draft (they allow an empty string). */
const CLEARABLE = ['reproduktionssteg', 'skäl', 'utfall', 'förväntat'] as const;
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
 * half typed or an option not yet chosen waits; the rest is saved, so nothing typed so far is lost with the tab.
 */
export async function draftFieldsOf(form: Form, partCodes: readonly string[], existing: boolean): Promise<UpdateDeviationDto> {
  const fields: Record<string, unknown> = {};
  for (const name of ['rubrik', 'kravreferens', ...CLEARABLE]) {
    const value = formText(form, name);
    if (value || (existing && (CLEARABLE as readonly string[]).includes(name))) fields[name] = value;
  }
  if (partCodes.includes(formText(form, 'del'))) fields.del = formText(form, 'del');
  if (formText(form, 'miljö')) fields['miljö'] = formText(form, 'miljö');
  if (formText(form, 'påverkan')) fields['påverkan'] = Number(formText(form, 'påverkan'));
  const contact = { namn: formText(form, 'contactName'), telefon: formText(form, 'contactPhone'), epost: formText(form, 'contactEmail') };
  if (contact.namn || contact.telefon || contact.epost) fields.kontaktpersoner = [contact];
  const failed = await validate(plainToInstance(UpdateDeviationDto, fields), { whitelist: true, forbidNonWhitelisted: true });
  for (const error of failed) delete fields[error.property];
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
