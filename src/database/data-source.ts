// Exists only for the TypeORM CLI (`typeorm migration:generate -d dist/src/database/data-source.js …`). The
// application builds its own connection from the validated config in database.module.ts.
import { DataSource } from 'typeorm';
import { dataSourceOptions } from './data-source-options';

export default new DataSource(
  dataSourceOptions({ url: process.env.DATABASE_URL ?? 'postgres://postgres:postgres@127.0.0.1:5432/avvikelse' }),
);
