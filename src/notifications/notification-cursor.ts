import { CursorCodec, isInstant, isUuidField } from '../common/cursor-codec';

/** A page position: the last row's time (millisecond precision in the table) and id. */
export interface PagePosition {
  at: Date;
  id: string;
}

/** Cursor `{t, i}`: the last row's time and id. */
const CURSOR = new CursorCodec({ t: isInstant, i: isUuidField });

export function encodeCursor(at: Date, id: string): string {
  return CURSOR.encode({ t: at.toISOString(), i: id });
}

/** The position a cursor names; anything else is a 400 naming the `cursor` parameter, never a database error. */
export function decodeCursor(cursor: string): PagePosition {
  const { t, i } = CURSOR.decode(cursor);
  return { at: new Date(t), id: i };
}
