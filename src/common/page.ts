/** One page of a keyset listing, in the shape every list answers with. */
export interface Page<T> {
  items: T[];
  /** The cursor of the next page; null on the last. */
  nextCursor: string | null;
}

/** One page out of `limit + 1` rows read in keyset order, with the cursor of the next page when there is one. */
export function pageOf<T>(rows: T[], limit: number, cursorAfter: (last: T) => string): Page<T> {
  const items = rows.slice(0, limit);
  const last = items[items.length - 1];
  return { items, nextCursor: rows.length > limit && last ? cursorAfter(last) : null };
}
