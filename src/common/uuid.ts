/**
 * A UUID in its canonical text form, any version: what PostgreSQL's `uuid` type reads. As a POSIX pattern for SQL
 * (`entity_id ~ UUID_PATTERN`, which matches the lower case PostgreSQL writes) and as a check for TypeScript, which
 * takes either case as PostgreSQL does.
 */
export const UUID_PATTERN = '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$';

const UUID = new RegExp(UUID_PATTERN, 'i');

export function isUuid(value: string): boolean {
  return UUID.test(value);
}
