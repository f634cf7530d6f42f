import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../../src/database/data-source-options';
import { ScopedDb } from '../../src/database/scoped-db';
import { ensureDatabase } from '../../tools/stack/postgres';
import { migrate } from '../../tools/migrate';

jest.setTimeout(120_000);

const ROLE = 'avvikelse_other_app';

/**
 * DATABASE_APP_ROLE is honoured by the migrations: a fresh database migrated for another role name creates that
 * role, grants to it, and row-level security applies to it — a query as that role sees only its own party.
 */
describe('Migrations with another application role', () => {
  const database = `avvikelse_test_role_${process.env.JEST_WORKER_ID ?? '1'}`;
  const urlOf = (name: string) => {
    const url = new URL(process.env.DATABASE_URL!);
    url.pathname = `/${name}`;
    return url.toString();
  };
  let appDb: DataSource | undefined;

  beforeAll(async () => {
    await dropDatabase();
    await ensureDatabase(urlOf('postgres'), database);
    await migrate(urlOf(database), ROLE);
  });

  afterAll(async () => {
    await appDb?.destroy();
    await dropDatabase();
  });

  async function dropDatabase(): Promise<void> {
    const admin = new Client({ connectionString: urlOf('postgres') });
    await admin.connect();
    try {
      await admin.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
      // Its grants lived only in that database; the role itself is the cluster's.
      await admin.query(`DROP ROLE IF EXISTS ${ROLE}`);
    } finally {
      await admin.end();
    }
  }

  it('should create the role without BYPASSRLS and grant to it, not to the default name', async () => {
    const owner = new Client({ connectionString: urlOf(database) });
    await owner.connect();
    try {
      const { rows } = await owner.query(`SELECT rolbypassrls, rolsuper FROM pg_roles WHERE rolname = $1`, [ROLE]);
      expect(rows).toEqual([{ rolbypassrls: false, rolsuper: false }]);
      const grants = await owner.query(
        `SELECT grantee, count(*)::int AS n FROM information_schema.role_table_grants
          WHERE table_schema = 'public' AND grantee IN ($1, 'avvikelse_app') GROUP BY grantee`,
        [ROLE],
      );
      expect(grants.rows).toEqual([{ grantee: ROLE, n: expect.any(Number) }]);
      const { rows: privileges } = await owner.query(
        `SELECT has_table_privilege($1, 'party', 'SELECT') AS party, has_table_privilege($1, 'outbox_event', 'INSERT') AS outbox,
                has_function_privilege($1, 'app_left_deviation(uuid)', 'EXECUTE') AS fn`,
        [ROLE],
      );
      expect(privileges).toEqual([{ party: true, outbox: true, fn: true }]);
    } finally {
      await owner.end();
    }
  });

  it('should show a connection as that role only its own party', async () => {
    const owner = new Client({ connectionString: urlOf(database) });
    await owner.connect();
    let ids: string[];
    try {
      const { rows } = await owner.query(
        `INSERT INTO party (kind, name, organisation_number) VALUES ('kommun', 'A', '2120000001'), ('kommun', 'B', '2120000002') RETURNING id`,
      );
      ids = rows.map((r: { id: string }) => r.id);
    } finally {
      await owner.end();
    }
    appDb = await new DataSource({
      ...dataSourceOptions({ url: urlOf(database), appRole: ROLE, poolSize: 2 }),
      logging: false,
    }).initialize();
    const [{ who }] = await appDb.query(`SELECT current_user AS who`);
    expect(who).toBe(ROLE);
    const seen = await new ScopedDb(appDb).transaction({ partyId: ids[0], skr: false }, (m) => m.query(`SELECT id FROM party`));
    expect(seen).toEqual([{ id: ids[0] }]);
    expect(await appDb.query(`SELECT id FROM party`)).toEqual([]);
  });
});
