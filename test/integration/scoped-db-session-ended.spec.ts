import { once } from 'node:events';
import { DataSource } from 'typeorm';
import type { PostgresQueryRunner } from 'typeorm/driver/postgres/PostgresQueryRunner';
import { dataSourceOptions } from '../../src/database/data-source-options';
import { SYSTEM_SCOPE } from '../../src/database/data-scope';
import { ScopedDb } from '../../src/database/scoped-db';
import { ownerDb, truncateAll } from '../support/database';

/**
 * A fast shutdown (`pg_ctl restart`, systemd, a failover) ends every session at once. A session that is between two
 * statements of a transaction hears "terminating connection" while node-postgres has no query running: the client
 * reports an error and TypeORM releases the query runner. The transaction's next statement then fails as "already
 * released" — for `manager.query` with QueryRunnerProviderAlreadyReleasedError, which ScopedDb once did not know: the
 * API answered 500 instead of the outage's 503, and a job failed at once instead of waiting for the database (the
 * mail claims and the outbox relay use `manager.query`). The transaction never committed: it may simply run again.
 */
describe('ScopedDb when the server ends the session between two statements', () => {
  let dataSource: DataSource;
  let db: ScopedDb;

  beforeAll(async () => {
    dataSource = new DataSource({ ...dataSourceOptions({ url: process.env.DATABASE_URL!, poolSize: 2 }), logging: false });
    await dataSource.initialize();
    db = new ScopedDb(dataSource);
  });
  beforeEach(() => truncateAll());
  afterAll(() => dataSource.destroy());

  /** Ends this transaction's session from outside and waits until the client has heard of it. */
  async function endSession(runner: PostgresQueryRunner): Promise<void> {
    const client = (await runner.connect()) as NodeJS.EventEmitter; // the runner's own node-postgres client
    const [{ pid }] = (await runner.query(`SELECT pg_backend_pid() AS pid`)) as { pid: number }[];
    const heard = once(client, 'error');
    await (await ownerDb()).query(`SELECT pg_terminate_backend($1)`, [pid]);
    await heard;
  }

  it('should run the transaction again on a new connection, as after any other lost connection', async () => {
    let runs = 0;

    const result = await db.transaction(SYSTEM_SCOPE, async (m) => {
      runs++;
      if (runs === 1) await endSession(m.queryRunner as PostgresQueryRunner);
      await m.query(`UPDATE jira_integration SET repairs = repairs + 1`);
      return 'recorded';
    });

    expect({ result, runs }).toEqual({ result: 'recorded', runs: 2 });
    const [row] = (await (await ownerDb()).query(`SELECT repairs::int FROM jira_integration`)) as { repairs: number }[];
    expect(row.repairs).toBe(1);
  });

  it('should run it again when the ended session is found only at COMMIT, which then never left the client', async () => {
    let runs = 0;

    await db.transaction(SYSTEM_SCOPE, async (m) => {
      runs++;
      await m.query(`UPDATE jira_integration SET repairs = repairs + 1`);
      if (runs === 1) await endSession(m.queryRunner as PostgresQueryRunner);
    });

    expect(runs).toBe(2);
    const [row] = (await (await ownerDb()).query(`SELECT repairs::int FROM jira_integration`)) as { repairs: number }[];
    expect(row.repairs).toBe(1);
  });
});
