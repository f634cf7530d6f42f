import type { Language } from '../common/problem-titles';

const STOCKHOLM = { sv: 'sv-SE', en: 'en-GB' } as const;

/** A date (`2026-12-31`) or an instant (ISO 8601) as people in Sweden read it: Stockholm time, spelled out. */
export function formatWhen(value: unknown, language: Language): string {
  const text = String(value ?? '');
  if (/^\d{4}-\d{2}-\d{2}$/.test(text)) {
    return new Intl.DateTimeFormat(STOCKHOLM[language], { dateStyle: 'long', timeZone: 'UTC' }).format(new Date(`${text}T00:00:00Z`));
  }
  const at = new Date(text);
  if (!/^\d{4}-\d{2}-\d{2}T/.test(text) || Number.isNaN(at.getTime())) return text;
  return new Intl.DateTimeFormat(STOCKHOLM[language], { dateStyle: 'long', timeStyle: 'short', timeZone: 'Europe/Stockholm' }).format(at);
}
