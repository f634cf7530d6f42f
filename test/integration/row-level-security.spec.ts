import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../../src/database/data-source-options';
import { ScopedDb } from '../../src/database/scoped-db';
import { aParty, aUser } from '../factories/party.factory';
import { truncateAll } from '../support/database';

/**
 * Defence in depth: a query that forgets its party filter still sees only the acting party's rows, because the
 * application connects as a role without BYPASSRLS and every transaction carries the party.
 */
describe('row-level security', () => {
  let appDb: DataSource;
  let scoped: ScopedDb;

  beforeAll(async () => {
    appDb = new DataSource({ ...dataSourceOptions({ url: process.env.DATABASE_URL!, appRole: 'avvikelse_app' }), logging: false });
    await appDb.initialize();
    scoped = new ScopedDb(appDb);
  });
  beforeEach(() => truncateAll());
  afterAll(() => appDb.destroy());

  it('should run application connections as the role without BYPASSRLS', async () => {
    const [row] = await appDb.query(`SELECT current_user AS who, rolbypassrls, rolsuper FROM pg_roles WHERE rolname = current_user`);
    expect(row).toEqual({ who: 'avvikelse_app', rolbypassrls: false, rolsuper: false });
  });

  it('should return only the acting party rows from a deliberately unscoped query', async () => {
    const a = await aParty();
    const b = await aParty();
    await aUser({ partyId: a.id });
    await aUser({ partyId: b.id });
    await aUser({ partyId: b.id });

    const seenByA = await scoped.transaction({ partyId: a.id, skr: false }, (m) => m.query('SELECT party_id FROM app_user'));
    expect(seenByA).toEqual([{ party_id: a.id }]);
    const partiesSeenByA = await scoped.transaction({ partyId: a.id, skr: false }, (m) => m.query('SELECT id FROM party'));
    expect(partiesSeenByA).toEqual([{ id: a.id }]);
    const seenBySkr = await scoped.transaction({ partyId: null, skr: true }, (m) => m.query('SELECT party_id FROM app_user'));
    expect(seenBySkr).toHaveLength(3);
    const seenByNobody = await scoped.transaction({ partyId: null, skr: false }, (m) => m.query('SELECT party_id FROM app_user'));
    expect(seenByNobody).toEqual([]);
    const outsideTransaction = await appDb.query('SELECT party_id FROM app_user');
    expect(outsideTransaction).toEqual([]);
  });

  it('should refuse to write a row for another party', async () => {
    const a = await aParty();
    const b = await aParty();
    await expect(
      scoped.transaction({ partyId: a.id, skr: false }, (m) =>
        m.query(`INSERT INTO app_user (party_id, subject, name, role) VALUES ($1, 'x', 'X', 'reporter')`, [b.id]),
      ),
    ).rejects.toThrow(/row-level security/);
  });
});
