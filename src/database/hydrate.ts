import type { EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';

/** The columns TypeORM reads of an entity (`select: false` ones, e.g. the search vector, stay out). */
export function selectedColumns(manager: EntityManager, target: EntityTarget<ObjectLiteral>) {
  return manager.connection.getMetadata(target).columns.filter((column) => column.isSelect);
}

/**
 * An entity from a raw row of its table (`INSERT … RETURNING`), converted exactly as TypeORM converts what it
 * selects (column names to properties, dates, enums, JSON). It saves the read-back after an insert: one round trip
 * and a query build per write on the hottest path.
 */
export function hydrate<T extends ObjectLiteral>(manager: EntityManager, target: EntityTarget<T>, raw: Record<string, unknown>): T {
  const entity = manager.connection.getMetadata(target).create() as T;
  for (const column of selectedColumns(manager, target)) {
    if (!(column.databaseName in raw)) continue;
    column.setEntityValue(entity, manager.connection.driver.prepareHydratedValue(raw[column.databaseName], column));
  }
  return entity;
}
