import { PROBLEMS_EN } from './texts/problems.en';
import { PROBLEMS_SV } from './texts/problems.sv';

export type Language = 'sv' | 'en';

/** Swedish unless the caller prefers English over Swedish in Accept-Language. */
export function preferredLanguage(acceptLanguage: string | undefined): Language {
  if (!acceptLanguage) return 'sv';
  const ranked = acceptLanguage
    .split(',')
    .map((part) => {
      const [tag, ...params] = part.trim().toLowerCase().split(';');
      const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
      return { lang: tag.split('-')[0], q: q ? Number(q.slice(2)) || 0 : 1 };
    })
    .filter((entry) => entry.lang === 'sv' || entry.lang === 'en')
    .sort((a, b) => b.q - a.q);
  return ranked[0]?.lang === 'en' ? 'en' : 'sv';
}

type NamedStatus = keyof typeof PROBLEMS_SV.title;

/** A status's title in both languages, from the catalogue's problem texts; undefined for a status they do not name. */
export function problemTitles(status: number): { sv: string; en: string } | undefined {
  const key = String(status) as NamedStatus;
  return Object.hasOwn(PROBLEMS_SV.title, key) ? { sv: PROBLEMS_SV.title[key], en: PROBLEMS_EN.title[key] } : undefined;
}

export function problemTitle(status: number, language: Language): string {
  return (problemTitles(status) ?? problemTitles(status >= 500 ? 500 : 400)!)[language];
}

/** The detail users read in their own language for a problem code the catalogue explains. */
export function problemDetail(code: keyof typeof PROBLEMS_SV.detail): { sv: string; en: string } {
  return { sv: PROBLEMS_SV.detail[code], en: PROBLEMS_EN.detail[code] };
}
