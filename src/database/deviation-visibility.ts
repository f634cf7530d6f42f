/**
 * The explicit filter for rows about a deviation, in the modules below `deviations` that cannot import it (audit,
 * notifications): the row's deviation is reported by `:own` or concerns it. Row-level security says the same with
 * `app_sees_deviation`; this half keeps it true when a query runs with RLS relaxed. `idSql` must yield a uuid.
 */
export function deviationConcernsSql(idSql: string): string {
  return `EXISTS (SELECT 1 FROM deviation vis WHERE vis.id = ${idSql} AND (vis.party_id = :own OR vis.responsible_party_id = :own))`;
}

/**
 * For a party's feed: the row is not about a deviation that exists and no longer concerns `:own` (a reassigned one).
 * With row-level security on, the subquery cannot see such a deviation and the policy does this work instead.
 */
export function deviationNotLeftSql(idSql: string): string {
  return `NOT EXISTS (SELECT 1 FROM deviation vis WHERE vis.id = ${idSql}
            AND vis.party_id IS DISTINCT FROM :own AND vis.responsible_party_id IS DISTINCT FROM :own)`;
}
