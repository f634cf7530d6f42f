import { RequestValidationError } from '../common/domain-error';
import { isUuid } from '../common/uuid';

const ISO_MILLIS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/** A page position: the last row's time (millisecond precision in the table) and id. Opaque to clients. */
export interface PagePosition {
  at: Date;
  id: string;
}

export function encodeCursor(at: Date, id: string): string {
  return Buffer.from(JSON.stringify({ t: at.toISOString(), i: id })).toString('base64url');
}

/** The position a cursor names; anything else is a 400 naming the `cursor` parameter, never a database error. */
export function decodeCursor(cursor: string): PagePosition {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    parsed = null;
  }
  const c = parsed as { t?: unknown; i?: unknown } | null;
  if (c && typeof c === 'object' && typeof c.t === 'string' && ISO_MILLIS.test(c.t) && typeof c.i === 'string' && isUuid(c.i)) {
    const at = new Date(c.t);
    if (!Number.isNaN(at.getTime()) && at.toISOString() === c.t) return { at, id: c.i };
  }
  throw new RequestValidationError([{ parameter: 'cursor', detail: 'Not a cursor returned by this API.', code: 'cursor' }]);
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/** One page out of `limit + 1` rows fetched newest first, with the cursor of the next page when there is one. */
export function pageOf<T extends { id: string }>(rows: T[], limit: number, at: (row: T) => Date): Page<T> {
  const items = rows.slice(0, limit);
  const last = items[items.length - 1];
  return { items, nextCursor: rows.length > limit && last ? encodeCursor(at(last), last.id) : null };
}
