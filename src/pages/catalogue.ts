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
  /**
   * Texts without values, by language and key, as i18next first gave them. A page prints a hundred or more, and
   * i18next's lookup was a tenth of a portal page's CPU (bench, issue 22); the catalogue never changes at run time.
   */
  private readonly plain: Record<Language, Map<string, string>> = { sv: new Map(), en: new Map() };

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
    const plain = this.plain[language];
    return (key, values) => {
      const withoutValues = values === undefined || Object.keys(values).length === 0;
      const known = withoutValues ? plain.get(key) : undefined;
      if (known !== undefined) return known;
      if (!this.i18n.exists(key, { lng: language })) throw new Error(`no catalogue text "${key}" in ${language}`);
      const text = this.i18n.t(key, { ...values, lng: language }) as string;
      if (withoutValues) plain.set(key, text);
      return text;
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
