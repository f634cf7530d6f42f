import { Transform } from 'class-transformer';

/** Runs of control characters (CR, LF, TAB, C1 …) and Unicode line separators, with the blanks around them. */
const LINE_BREAKING = /\s*[\p{Cc}\u2028\u2029]+\s*/gu;

/**
 * A single-line text as people mean it: every line break, tab or other control character becomes one space, and
 * the ends are trimmed. A title with a newline would otherwise reach places that refuse it (Jira's summary) or break
 * it (an e-mail subject, a CSV cell).
 */
export function singleLine(text: string): string {
  return text.replace(LINE_BREAKING, ' ').trim();
}

/** `singleLine` on a string field before validation; other types pass through to be rejected by the validators. */
export const SingleLine = () => Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? singleLine(value) : value));
