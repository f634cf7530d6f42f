import type { Language } from './catalogue';

/** `long` spells the month out (e-mails, read on their own); `medium` abbreviates it (pages, in tables and lists). */
export type WhenStyle = 'long' | 'medium';

const LOCALES: Record<Language, string> = { sv: 'sv-SE', en: 'en-GB' };
const formats = new Map<string, Intl.DateTimeFormat>();

function formatOf(language: Language, style: WhenStyle, withTime: boolean): Intl.DateTimeFormat {
  const name = `${language}:${style}:${withTime}`;
  let format = formats.get(name);
  if (!format) {
    // A calendar date (a due date, `2026-12-31`) is no moment: read at UTC midnight, it names its own day everywhere.
    const zone: Intl.DateTimeFormatOptions = withTime ? { timeStyle: 'short', timeZone: 'Europe/Stockholm' } : { timeZone: 'UTC' };
    format = new Intl.DateTimeFormat(LOCALES[language], { dateStyle: style, ...zone });
    formats.set(name, format);
  }
  return format;
}

/**
 * A moment (a Date or an ISO 8601 instant) or a calendar date (`2026-12-31`) as people in Sweden read it: Stockholm
 * time, in the reader's language, for pages and e-mails alike. Anything else is returned as text, unchanged.
 */
export function formatWhen(value: unknown, language: Language, style: WhenStyle): string {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? '' : formatOf(language, style, true).format(value);
  const text = String(value ?? '');
  if (/^\d{4}-\d{2}-\d{2}$/.test(text)) return formatOf(language, style, false).format(new Date(`${text}T00:00:00Z`));
  const at = new Date(text);
  if (!/^\d{4}-\d{2}-\d{2}T/.test(text) || Number.isNaN(at.getTime())) return text;
  return formatOf(language, style, true).format(at);
}
