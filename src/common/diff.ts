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
