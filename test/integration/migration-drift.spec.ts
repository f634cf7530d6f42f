import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../../src/database/data-source-options';

/**
 * Entities and migrations must describe the same schema: generate the migration TypeORM would write from the
 * entities against the migrated test database, and fail if it is not empty.
 */
describe('migration drift', () => {
  let dataSource: DataSource;

  beforeAll(async () => {
    dataSource = new DataSource({ ...dataSourceOptions({ url: process.env.DATABASE_URL! }), logging: false });
    await dataSource.initialize();
  });

  afterAll(() => dataSource.destroy());

  it('should find nothing to generate from the entities', async () => {
    const sql = await dataSource.driver.createSchemaBuilder().log();
    expect(sql.upQueries.map((query) => query.query)).toEqual([]);
  });
});
