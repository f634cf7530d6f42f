export type FieldChanges = Record<string, { from: unknown; to: unknown }>;

/** The fields among `fields` whose values differ (by JSON value) between `before` and `after`. */
export function diffFields<T extends object>(before: T, after: T, fields: readonly (keyof T)[]): FieldChanges {
  const changes: FieldChanges = {};
  for (const field of fields) {
    const from = before[field] ?? null;
    const to = after[field] ?? null;
    if (JSON.stringify(from) !== JSON.stringify(to)) changes[field as string] = { from, to };
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
