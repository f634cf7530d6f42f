import { createHash } from 'node:crypto';
import type { PoolClient } from 'pg';
import { type EntityManager, QueryFailedError } from 'typeorm';

/**
 * How many statements one connection keeps prepared. Each distinct text is one (a statement's shape varies with the
 * optional fields a caller gave, so there are a handful per call site); past the cap, statements run unprepared.
 */
const MAX_PREPARED_PER_CONNECTION = 64;

/** Statement names by text, so a hot path hashes its (long) text once, not on every call. */
const names = new Map<string, string>();
function nameOf(text: string): string {
  let name = names.get(text);
  if (!name) {
    name = `avv_${createHash('sha1').update(text).digest('base64url')}`;
    if (names.size >= 1_000) names.clear();
    names.set(text, name);
  }
  return name;
}

/**
 * Runs a statement of a hot path as a named prepared statement on the transaction's connection: PostgreSQL parses
 * and plans it once per connection and reuses the generic plan, where an unnamed statement is planned on every call.
 * Planning was half of the database's CPU for a create (0.61 → 0.33 ms, bench/README.md). Only for statements whose
 * plan cannot depend on the values, such as an INSERT: a generic plan for a SELECT over skewed data (one party with
 * 40,000 deviations, another with 3) could be a poor one for some callers, so SELECTs stay unprepared.
 *
 * The statement's result type must not depend on the schema (name its columns, no `*`): a migration that adds a
 * column would otherwise fail the cached statement with "cached plan must not change result type".
 */
export async function queryPrepared<T extends object>(manager: EntityManager, text: string, values: unknown[]): Promise<T[]> {
  if (!manager.queryRunner) throw new Error('queryPrepared runs inside a transaction (ScopedDb)');
  const client = (await manager.queryRunner.connect()) as PoolClient & { connection: { parsedStatements: Record<string, string> } };
  const name = nameOf(text);
  const prepared =
    name in client.connection.parsedStatements || Object.keys(client.connection.parsedStatements).length < MAX_PREPARED_PER_CONNECTION;
  try {
    return (await client.query<T>(prepared ? { name, text, values } : { text, values })).rows;
  } catch (error) {
    // As TypeORM reports a failed query, so the callers' checks (unique violations, lost connections) apply.
    throw new QueryFailedError(text, values, error as Error);
  }
}
