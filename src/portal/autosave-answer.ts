import type { Language, Translate } from '../pages/catalogue';

/** What a form's autosave answers its script: the draft's id and version to send next, and the status line to show. */
export interface AutosaveAnswer {
  /** The deviation draft the first save created; absent for a declaration, whose draft exists before its page. */
  readonly draftId?: string;
  readonly version?: number;
  readonly message: string;
  /** Where the form now lives, so a reload opens the draft (`/deviations/new?draft=…`). */
  readonly location?: string;
}

const TIMES: Record<Language, Intl.DateTimeFormat> = {
  sv: new Intl.DateTimeFormat('sv-SE', { timeStyle: 'short', timeZone: 'Europe/Stockholm' }),
  en: new Intl.DateTimeFormat('en-GB', { timeStyle: 'short', timeZone: 'Europe/Stockholm' }),
};

/** "Utkastet sparat 10:42": the hour and minute in Swedish time, as the person reads the clock on the wall. */
export function savedMessage(t: Translate, language: Language, at: Date, key = 'autosave.saved'): string {
  return t(key, { time: TIMES[language].format(at) });
}
