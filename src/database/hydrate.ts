import type { EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';

/**
 * An entity from a raw row of its table (`INSERT … RETURNING *`), converted exactly as TypeORM converts what it
 * selects (column names to properties, dates, enums, JSON). It saves the read-back after an insert: one round trip
 * and a query build per write on the hottest path.
 */
export function hydrate<T extends ObjectLiteral>(manager: EntityManager, target: EntityTarget<T>, raw: Record<string, unknown>): T {
  const metadata = manager.connection.getMetadata(target);
  const entity = metadata.create() as T;
  for (const column of metadata.columns) {
    // A column TypeORM never selects (`select: false`, e.g. the search vector) stays out, as it would.
    if (!column.isSelect || !(column.databaseName in raw)) continue;
    column.setEntityValue(entity, manager.connection.driver.prepareHydratedValue(raw[column.databaseName], column));
  }
  return entity;
}
