import { RequestValidationError } from './domain-error';
import { isUuid } from './uuid';

/** Checks one member of a decoded cursor; a cursor with a member that fails its check names no position. */
export type CursorField = (value: unknown) => value is string;

const ISO_MILLIS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/** An instant as `Date.toISOString()` writes it: our timestamps are stored to the millisecond, so it is an exact keyset value. */
export const isInstant: CursorField = (value): value is string =>
  typeof value === 'string' && ISO_MILLIS.test(value) && !Number.isNaN(Date.parse(value)) && new Date(value).toISOString() === value;

export const isUuidField: CursorField = (value): value is string => typeof value === 'string' && isUuid(value);

export const isText: CursorField = (value): value is string => typeof value === 'string';

/** The 400 for a cursor this API did not write, naming the `cursor` parameter: never a database error. */
export function invalidCursor(detail = 'Not a cursor returned by this API.'): RequestValidationError {
  return new RequestValidationError([{ parameter: 'cursor', detail, code: 'cursor' }]);
}

/**
 * A keyset cursor: base64url of a JSON object with one short member per key column of the listing (`{t, i}`: the
 * last row's time and id). Opaque to clients. The members are written in the order `fields` lists them, so each
 * listing's cursors keep their bytes whatever order a caller builds the position in.
 */
export class CursorCodec<K extends string> {
  constructor(private readonly fields: Readonly<Record<K, CursorField>>) {}

  encode(position: Readonly<Record<K, string>>): string {
    const members = Object.fromEntries(this.keys().map((key) => [key, position[key]]));
    return Buffer.from(JSON.stringify(members)).toString('base64url');
  }

  /** The position a cursor names; anything else is {@link invalidCursor}. */
  decode(cursor: string): Record<K, string> {
    let parsed: unknown;
    try {
      parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    } catch {
      throw invalidCursor();
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw invalidCursor();
    const members = parsed as Record<string, unknown>;
    const position = {} as Record<K, string>;
    for (const key of this.keys()) {
      const value = members[key];
      if (!this.fields[key](value)) throw invalidCursor();
      position[key] = value;
    }
    return position;
  }

  private keys(): K[] {
    return Object.keys(this.fields) as K[];
  }
}
