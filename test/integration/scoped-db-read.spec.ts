import { randomUUID } from 'node:crypto';
import { DataSource, type EntityManager } from 'typeorm';
import { dataSourceOptions } from '../../src/database/data-source-options';
import { SYSTEM_SCOPE } from '../../src/database/data-scope';
import { ScopedDb } from '../../src/database/scoped-db';
import { aDeviationRow } from '../factories/deviation.factory';
import { aParty } from '../factories/party.factory';
import { ownerDb, truncateAll } from '../support/database';

interface PgClient {
  query: (statement: { callback: (...args: unknown[]) => void }) => unknown;
  connection: { on: (event: string, listener: () => void) => void; off: (event: string, listener: () => void) => void };
}
const clientOf = (manager: EntityManager) => (manager.queryRunner as unknown as { databaseConnection: PgClient }).databaseConnection;

/**
 * ScopedDb.read sends each statement with its data scope in one round trip (scoped-statement.ts), and a portal page's
 * reads share one connection that way (ScopedDb.together). What each statement sees is its own read-only, scoped
 * transaction; nothing of the scope stays on the pooled connection.
 */
describe('ScopedDb.read and ScopedDb.together', () => {
  let dataSource: DataSource;
  let db: ScopedDb;
  const party = { partyId: randomUUID(), skr: false };
  const SETTINGS = `SELECT pg_backend_pid() AS pid, current_setting('transaction_read_only') AS ro, current_setting('app.party_id', true) AS party, current_setting('app.skr', true) AS skr`;
  const transactionOf = (scope = party) =>
    db.transaction(scope, async (manager) => ((await manager.query(SETTINGS)) as { pid: number; ro: string; party: string }[])[0]);

  beforeAll(async () => {
    await truncateAll();
    // As the API connects: the application role, under row-level security. Two connections, so a read that did not
    // share could take another one.
    dataSource = new DataSource({
      ...dataSourceOptions({ url: process.env.DATABASE_URL!, appRole: 'avvikelse_app', poolSize: 2 }),
      logging: false,
    });
    await dataSource.initialize();
    db = new ScopedDb(dataSource);
  });
  afterAll(() => dataSource.destroy());

  it('should send the scope and the statement in one round trip, and leave nothing of the scope on the connection', async () => {
    let answers = 0;
    const count = () => (answers += 1);
    const [settings, after] = await db.read(party, async (manager) => {
      const { connection } = clientOf(manager);
      connection.on('readyForQuery', count);
      try {
        return [((await manager.query(SETTINGS)) as { pid: number; ro: string; party: string }[])[0], await manager.query(SETTINGS)];
      } finally {
        connection.off('readyForQuery', count);
      }
    });
    // One ReadyForQuery per statement: no BEGIN, set_config or COMMIT of their own (a transaction() takes three).
    expect(answers).toBe(2);
    expect(settings).toEqual(expect.objectContaining({ ro: 'on', party: party.partyId }));
    expect(after).toEqual([settings]);
    // The same backend, outside any read: the settings ended with the statement's implicit transaction.
    const unscoped = await dataSource.query(
      `SELECT pg_backend_pid() AS pid, current_setting('app.party_id', true) AS party, current_setting('transaction_read_only') AS ro FROM generate_series(1, 2)`,
    );
    expect(unscoped).toEqual(expect.arrayContaining([expect.objectContaining({ party: '', ro: 'off' })]));
  });

  it("should let row-level security see only the scope's party", async () => {
    const [mine, theirs] = [await aParty(), await aParty()];
    const own = await aDeviationRow(mine.id);
    await aDeviationRow(theirs.id);
    const seen = await db.read({ partyId: mine.id, skr: false }, (manager) => manager.query(`SELECT id FROM deviation`));
    expect(seen).toEqual([{ id: own.id }]);
    const skr = await db.read({ partyId: null, skr: true }, (manager) => manager.query(`SELECT id FROM deviation`));
    expect(skr).toHaveLength(2);
  });

  it('should refuse a write: a statement that is not a read before it is sent, a data-modifying WITH by PostgreSQL', async () => {
    await expect(db.read(party, (manager) => manager.query(`CREATE TEMPORARY TABLE read_write (x int)`))).rejects.toThrow(
      /refused a statement that does not read/,
    );
    await expect(
      db.read(party, (manager) => manager.query(`WITH gone AS (DELETE FROM deviation RETURNING id) SELECT count(*) FROM gone`)),
    ).rejects.toThrow(/read-only transaction/);
    // Inside a page, a service's transaction() of the same scope reads this way too.
    await expect(
      db.together(party, () => db.transaction(party, (manager) => manager.query(`CREATE TEMPORARY TABLE together_write (x int)`))),
    ).rejects.toThrow(/refused a statement that does not read/);
  });

  it('should run the reads of the same scope opened inside together() on its one connection, one statement at a time', async () => {
    let inFlight = 0;
    let most = 0;
    const watched = new Set<PgClient>();
    const read = () =>
      db.transaction(party, async (manager) => {
        const client = clientOf(manager);
        if (!watched.has(client)) {
          watched.add(client);
          const query = client.query.bind(client);
          // A statement is in flight from its submission until node-postgres calls it back.
          client.query = (statement: { callback: (...args: unknown[]) => void }) => {
            most = Math.max(most, ++inFlight);
            const done = statement.callback;
            statement.callback = (...args) => {
              inFlight -= 1;
              done(...args);
            };
            return query(statement);
          };
        }
        return ((await manager.query(`SELECT pg_sleep(0.02), ${SETTINGS.slice('SELECT '.length)}`)) as { pid: number; ro: string }[])[0];
      });
    const reads = await db.together(party, () => Promise.all([read(), read(), read(), read()]));
    // The pooled connection gets its own query back.
    for (const client of watched) delete (client as Partial<PgClient>).query;
    expect(watched.size).toBe(1);
    expect(new Set(reads.map((r) => r.pid)).size).toBe(1);
    expect(reads.every((r) => r.ro === 'on')).toBe(true);
    expect(most).toBe(1);
    expect(await transactionOf()).toEqual(expect.objectContaining({ ro: 'off' }));
  });

  it('should open its own transaction for another scope, or for work that commits on its own terms', async () => {
    const [outer, system, idempotent] = await db.together(party, () =>
      Promise.all([
        transactionOf(),
        transactionOf(SYSTEM_SCOPE as typeof party),
        db.transaction(party, (manager) => manager.query(`SELECT current_setting('transaction_read_only') AS ro`), { idempotent: true }),
      ]),
    );
    expect(outer.ro).toBe('on');
    expect(system).toEqual(expect.objectContaining({ ro: 'off', party: '' }));
    expect(idempotent).toEqual([{ ro: 'off' }]);
  });

  it('should run a read again, on a new connection, when its connection is lost half-way (a restart, a failover)', async () => {
    const pids: number[] = [];
    const answer = await db.read(party, async (manager) => {
      const [{ pid }] = (await manager.query(SETTINGS)) as { pid: number }[];
      pids.push(pid);
      // The first attempt's session is ended between its two statements, as a fast shutdown ends it.
      if (pids.length === 1) await (await ownerDb()).query('SELECT pg_terminate_backend($1)', [pid]);
      return manager.query(SETTINGS);
    });
    expect(pids).toHaveLength(2);
    expect(pids[1]).not.toBe(pids[0]);
    expect(answer).toEqual([expect.objectContaining({ pid: pids[1], ro: 'on', party: party.partyId })]);
  });
});
