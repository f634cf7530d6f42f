import { isEmail } from 'class-validator';
import type { PublicSubscribeDto } from '../notifications/dto/drift-subscription.dto';
import type { Language } from '../pages/catalogue';

/** What the status page's subscribe form holds, as typed: kept when the form comes back with its errors. */
export interface SubscribeFormValues {
  readonly epost: string;
  readonly driftstorningar: boolean;
  readonly planerade: boolean;
  readonly bastjanster: readonly string[];
}

/** Catalogue keys of the form's field errors, by the id of the field they stand beside. */
export type SubscribeFormErrors = Partial<Record<'epost' | 'omfattning' | 'bastjanster', string>>;

export interface SubscribeForm {
  readonly values: SubscribeFormValues;
  readonly errors: SubscribeFormErrors;
}

/** The form as the page first shows it: both kinds of e-mail, every bastjänst. */
export const BLANK_SUBSCRIBE_FORM: SubscribeForm = {
  values: { epost: '', driftstorningar: true, planerade: true, bastjanster: [] },
  errors: {},
};

/** The API's limit on an address (RFC 5321's path limit less the brackets). */
const EMAIL_MAX = 254;

/**
 * Reads a posted form. A checkbox left unchecked sends nothing, so a kind of e-mail is wanted only when its box came
 * back (the API's `true` default for an absent field is for JSON clients). The address is checked as the API's DTO
 * checks it, so the page refuses exactly what the API would.
 */
export function readSubscribeForm(form: Record<string, unknown>): SubscribeForm {
  const epost = typeof form.epost === 'string' ? form.epost.trim() : '';
  // `[]` as the webhooks form has it: the one name of a group of checkboxes (html-validate's form-dup-name).
  const chosen = form['bastjanster[]'];
  const values: SubscribeFormValues = {
    epost,
    driftstorningar: form.driftstorningar !== undefined,
    planerade: form.planerade !== undefined,
    bastjanster: (Array.isArray(chosen) ? chosen : [chosen]).filter((code): code is string => typeof code === 'string'),
  };
  const errors: SubscribeFormErrors = {};
  if (epost.length > EMAIL_MAX || !isEmail(epost)) errors.epost = 'driftSubscription.emailInvalid';
  if (!values.driftstorningar && !values.planerade) errors.omfattning = 'driftSubscription.areaRequired';
  return { values, errors };
}

/** The API's request for a form without errors; the e-mails come in the language the page was read in. */
export function subscribeRequestOf(values: SubscribeFormValues, language: Language): PublicSubscribeDto {
  return {
    epost: values.epost.toLowerCase(),
    driftstörningar: values.driftstorningar,
    planeradeÄndringar: values.planerade,
    bastjänster: [...new Set(values.bastjanster)],
    språk: language,
  };
}
