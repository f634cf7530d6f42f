import i18next, { type i18n } from 'i18next';
import type { Language } from '../common/problem-titles';
import { EN } from './catalogue.en';
import { SV } from './catalogue.sv';

export type { Language };
export const LANGUAGES: readonly Language[] = ['sv', 'en'];

/** A text of the catalogue by its dotted key, with `{{name}}` values filled in. */
export type Translate = (key: string, values?: Record<string, string | number>) => string;

/**
 * The one sv/en message catalogue (i18next). Values are not HTML-escaped here: templates escape every text they
 * print, and escaping twice would show `&amp;lt;` to the reader.
 */
export class Catalogue {
  private readonly i18n: i18n;

  constructor() {
    this.i18n = i18next.createInstance();
    void this.i18n.init({
      resources: { sv: { translation: SV }, en: { translation: EN } },
      lng: 'sv',
      fallbackLng: false,
      initAsync: false,
      interpolation: { escapeValue: false },
      returnNull: false,
    });
  }

  translator(language: Language): Translate {
    return (key, values = {}) => {
      if (!this.i18n.exists(key, { lng: language })) throw new Error(`no catalogue text "${key}" in ${language}`);
      return this.i18n.t(key, { ...values, lng: language }) as string;
    };
  }
}

/**
 * The one instance: the page stack provides it to pages, and what renders text outside a request (e-mails, the
 * notification feed's summaries) reads the same texts through it.
 */
export const CATALOGUE = new Catalogue();

export function isLanguage(value: unknown): value is Language {
  return value === 'sv' || value === 'en';
}
