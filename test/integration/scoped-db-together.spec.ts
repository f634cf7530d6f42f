import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../../src/database/data-source-options';
import { SYSTEM_SCOPE } from '../../src/database/data-scope';
import { ScopedDb } from '../../src/database/scoped-db';

/**
 * A portal page's reads share one read-only transaction (ScopedDb.together): what each service opens inside it with the
 * same scope runs in that transaction, on its connection; another scope, or work that must commit on its own, does not.
 */
describe('ScopedDb.together', () => {
  let dataSource: DataSource;
  let db: ScopedDb;
  const party = { partyId: randomUUID(), skr: false };
  const transactionOf = (scope = party) =>
    db.transaction(scope, async (manager) => {
      const [row] = (await manager.query(
        `SELECT txid_current_if_assigned() AS assigned, pg_backend_pid() AS pid, now()::text AS started, current_setting('transaction_read_only') AS ro, current_setting('app.party_id') AS party`,
      )) as { pid: number; started: string; ro: string; party: string }[];
      return row;
    });

  beforeAll(async () => {
    // Two connections, so a transaction that does not share could take another one.
    dataSource = new DataSource({ ...dataSourceOptions({ url: process.env.DATABASE_URL!, poolSize: 2 }), logging: false });
    await dataSource.initialize();
    db = new ScopedDb(dataSource);
  });
  afterAll(() => dataSource.destroy());

  it('should run the transactions of the same scope opened inside it, concurrent ones too, in its one read-only transaction', async () => {
    const [first, second, third] = await db.together(party, () => Promise.all([transactionOf(), transactionOf(), transactionOf()]));
    expect(first).toEqual(expect.objectContaining({ ro: 'on', party: party.partyId }));
    // One backend and one transaction start: the same transaction, not three on one connection.
    expect(new Set([first, second, third].map((r) => `${r.pid}/${r.started}`)).size).toBe(1);
    expect(await transactionOf()).toEqual(expect.objectContaining({ ro: 'off' }));
  });

  it('should send the statements of concurrent reads one after another (node-postgres deprecates a query sent to a busy client)', async () => {
    let inFlight = 0;
    let most = 0;
    const watched = new Set<object>();
    const read = () =>
      db.transaction(party, async (manager) => {
        const client = (manager.queryRunner as unknown as { databaseConnection: { query: (...args: unknown[]) => Promise<unknown> } })
          .databaseConnection;
        if (!watched.has(client)) {
          watched.add(client);
          const query = client.query.bind(client);
          client.query = async (...args: unknown[]) => {
            most = Math.max(most, ++inFlight);
            try {
              return await query(...args);
            } finally {
              inFlight -= 1;
            }
          };
        }
        return manager.query(`SELECT pg_sleep(0.02), 1 AS one`);
      });
    await db.together(party, () => Promise.all([read(), read(), read(), read()]));
    expect(watched.size).toBe(1);
    expect(most).toBe(1);
  });

  it('should refuse a write inside it instead of committing it with the page', async () => {
    await expect(
      db.together(party, () => db.transaction(party, (manager) => manager.query(`CREATE TEMPORARY TABLE together_write (x int)`))),
    ).rejects.toThrow(/read-only transaction/);
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
});
