import { join } from 'node:path';
import type { DataSourceOptions } from 'typeorm';
import { SnakeNamingStrategy } from './snake-naming.strategy';

/**
 * The one description of our PostgreSQL schema source for TypeORM. The schema comes from migrations only:
 * `synchronize` and `migrationsRun` are false and no variable turns them on.
 *
 * `asAppRole` makes every connection `SET ROLE` to the application role at start-up (libpq `options`), so the
 * API and worker run without BYPASSRLS and row-level security applies to everything they read or write.
 * Migrations run as the connecting (owner) user; `migrationAppRole` tells them which role to create and grant to
 * (the setting `avvikelse.app_role`, read by migrations/support/app-role.ts).
 */
export function dataSourceOptions(params: {
  url: string;
  appRole?: string;
  migrationAppRole?: string;
  poolSize?: number;
  logging?: boolean;
}): DataSourceOptions {
  const settings = [
    ...(params.appRole ? [`-c role=${params.appRole}`] : []),
    ...(params.migrationAppRole ? [`-c avvikelse.app_role=${params.migrationAppRole}`] : []),
  ];
  return {
    type: 'postgres',
    url: params.url,
    entities: [join(__dirname, '..', '**', '*.entity.{ts,js}')],
    migrations: [join(__dirname, '..', '..', 'migrations', '*.{ts,js}')],
    migrationsTableName: 'schema_migrations',
    migrationsTransactionMode: 'each',
    namingStrategy: new SnakeNamingStrategy(),
    uuidExtension: 'pgcrypto',
    // PostgreSQL 13+ has gen_random_uuid() built in; the app role may not create extensions anyway.
    installExtensions: false,
    synchronize: false,
    migrationsRun: false,
    logging: params.logging ? ['error', 'warn'] : false,
    extra: {
      max: params.poolSize ?? 10,
      ...(settings.length ? { options: settings.join(' ') } : {}),
      application_name: 'avvikelse',
    },
  };
}
