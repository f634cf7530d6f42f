import type { IncomingHttpHeaders } from 'node:http';
import { preferredLanguage } from '../common/problem-titles';
import { isLanguage, type Language } from './catalogue';

export const LANGUAGE_COOKIE = 'lang';

/** The cookies of a request, by name; a value that is not valid percent-encoding is kept as sent. */
export function cookiesOf(headers: IncomingHttpHeaders): Record<string, string> {
  const cookies: Record<string, string> = {};
  for (const part of (headers.cookie ?? '').split(';')) {
    const at = part.indexOf('=');
    if (at < 1) continue;
    const name = part.slice(0, at).trim();
    const raw = part.slice(at + 1).trim();
    try {
      cookies[name] ??= decodeURIComponent(raw);
    } catch {
      cookies[name] ??= raw;
    }
  }
  return cookies;
}

/** The page language: the reader's choice (the `lang` cookie the switch sets), else their browser's, else Swedish. */
export function languageOf(headers: IncomingHttpHeaders): Language {
  const chosen = cookiesOf(headers)[LANGUAGE_COOKIE];
  return isLanguage(chosen) ? chosen : preferredLanguage(headers['accept-language']);
}

/** Whether a browser asked for a page: it names text/html in Accept (fetch and API clients do not). */
export function wantsPage(headers: IncomingHttpHeaders): boolean {
  return /\btext\/html\b/.test(headers.accept ?? '');
}

/**
 * A return path after login or a language switch: only a path on this origin (`/x`, not `//host` or `/\host`, which
 * browsers read as another host), else the start page.
 */
export function samePath(candidate: unknown): string {
  if (typeof candidate !== 'string' || candidate.length > 2000) return '/';
  // eslint-disable-next-line no-control-regex -- control characters are exactly what a return path must not hold
  if (!/^\/(?![/\\])/.test(candidate) || /[\u0000-\u001f\u007f\\]/.test(candidate)) return '/';
  return candidate;
}
