export type FieldChanges = Record<string, { from: unknown; to: unknown }>;

/**
 * The fields among `fields` whose values differ (by JSON value) between `before` and `after`. Objects compare by their
 * members whatever their order: PostgreSQL's jsonb gives a stored contact back as `{epost, namn, telefon}`, and the same
 * contact sent again as `{namn, telefon, epost}` is no change.
 */
export function diffFields<T extends object>(before: T, after: T, fields: readonly (keyof T)[]): FieldChanges {
  const changes: FieldChanges = {};
  for (const field of fields) {
    const from = before[field] ?? null;
    const to = after[field] ?? null;
    if (canonicalJson(from) !== canonicalJson(to)) changes[field as string] = { from, to };
  }
  return changes;
}

/**
 * The members a PATCH body gave. A validated DTO holds every declared field as an own property (ES2022 class fields),
 * `undefined` where the body left it out; spread over the stored row, those would blank the answer and read as
 * changes to null in the audit trail.
 */
export function givenFields<T extends object>(dto: T): Partial<T> {
  return Object.fromEntries(Object.entries(dto).filter(([, value]) => value !== undefined)) as Partial<T>;
}

/** JSON with every object's members in name order. */
function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, member: unknown) =>
    member && typeof member === 'object' && !Array.isArray(member)
      ? Object.fromEntries(Object.entries(member).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : member,
  );
}
