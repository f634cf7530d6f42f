// Runs the pending migrations against DATABASE_URL (as the owner user), granting to DATABASE_APP_ROLE, and ends.
import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../src/database/data-source-options';

/** Runs the pending migrations; `appRole` is the application role they create and grant to (DATABASE_APP_ROLE). */
export async function migrate(url: string, appRole?: string): Promise<string[]> {
  const dataSource = new DataSource({ ...dataSourceOptions({ url, migrationAppRole: appRole }), logging: false });
  await dataSource.initialize();
  try {
    const ran = await dataSource.runMigrations({ transaction: 'each' });
    return ran.map((migration) => migration.name);
  } finally {
    await dataSource.destroy();
  }
}

if (require.main === module) {
  const url = process.env.DATABASE_URL;
  if (!url) {
    console.error('DATABASE_URL is not set');
    process.exit(1);
  }
  migrate(url, process.env.DATABASE_APP_ROLE || undefined).then(
    (names) => console.log(names.length ? `applied: ${names.join(', ')}` : 'schema is up to date'),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
