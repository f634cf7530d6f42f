import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../../src/database/data-source-options';
import { ScopedDb } from '../../src/database/scoped-db';
import { Role } from '../../src/actor/role';
import { AppUser } from '../../src/parties/app-user.entity';
import { Person } from '../../src/parties/person.entity';
import { aParty, aUser } from '../factories/party.factory';
import { ownerDb, truncateAll } from '../support/database';

/**
 * Defence in depth: a query that forgets its party filter still sees only the acting party's rows, because the
 * application connects as a role without BYPASSRLS and every transaction carries the party.
 */
const aPerson = async (subject: string) => (await ownerDb()).getRepository(Person).save({ issuer: null, subject });

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

  it('should show a party only the people who are its members and only its own invitations', async () => {
    const a = await aParty();
    const b = await aParty();
    await aUser({ partyId: a.id, subject: 'in-a' });
    await aUser({ partyId: b.id, subject: 'in-b' });
    await aUser({ partyId: b.id, subject: 'in-both', personId: (await aUser({ partyId: a.id, subject: 'in-both' })).personId });
    await aUser({ partyId: null, subject: 'at-skr' });
    const owner = await ownerDb();
    for (const partyId of [a.id, b.id, null]) {
      await owner.query(
        `INSERT INTO invitation (party_id, email, name, role, invited_by, expires_at) VALUES ($1, 'x@y.se', 'X', $2, 'admin', now() + interval '1 day')`,
        [partyId, partyId ? 'reporter' : 'skr'],
      );
    }
    const asA = (sql: string) => scoped.transaction({ partyId: a.id, skr: false }, (m) => m.query(sql));
    expect(((await asA('SELECT subject FROM person ORDER BY subject')) as { subject: string }[]).map((p) => p.subject)).toEqual([
      'in-a',
      'in-both',
    ]);
    expect(await asA('SELECT party_id FROM invitation')).toEqual([{ party_id: a.id }]);
    expect(await scoped.transaction({ partyId: null, skr: true }, (m) => m.query('SELECT id FROM person'))).toHaveLength(4);
    await expect(
      scoped.transaction({ partyId: a.id, skr: false }, (m) =>
        m.query(
          `INSERT INTO invitation (party_id, email, name, role, invited_by, expires_at) VALUES ($1, 'x', 'X', 'admin', 'me', now())`,
          [b.id],
        ),
      ),
    ).rejects.toThrow(/row-level security/);
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

  describe('the scoped transaction (one round trip for BEGIN and the scope)', () => {
    const partyCount = async () =>
      Number(
        (
          await appDb.query(
            `SELECT count(*)::int AS n FROM pg_stat_activity WHERE usename = 'avvikelse_app' AND state LIKE 'idle in transaction%'`,
          )
        )[0].n,
      );

    it('should set the scope for that transaction only, and commit what the work wrote', async () => {
      const a = await aParty();
      const person = await aPerson('kept');
      const settings = await scoped.transaction({ partyId: a.id, skr: false }, async (m) => {
        await m.query(`INSERT INTO app_user (party_id, person_id, subject, name, role) VALUES ($1, $2, 'kept', 'Kept', 'reporter')`, [
          a.id,
          person.id,
        ]);
        return m.query(
          `SELECT current_setting('app.party_id', true) AS party, current_setting('app.skr', true) AS skr, now() = statement_timestamp() AS fresh`,
        );
      });
      expect(settings).toEqual([{ party: a.id, skr: 'off', fresh: false }]);
      const after = await appDb.query(`SELECT current_setting('app.party_id', true) AS party`);
      expect(after[0].party ?? '').toBe('');
      expect(await appDb.query(`SELECT subject FROM app_user WHERE subject = 'kept'`)).toHaveLength(0); // unscoped: RLS hides it
      const asSkr = await scoped.transaction({ partyId: null, skr: true }, (m) =>
        m.query(`SELECT subject FROM app_user WHERE subject = 'kept'`),
      );
      expect(asSkr).toEqual([{ subject: 'kept' }]);
    });

    it("should roll back everything, TypeORM's own save included, when the work fails", async () => {
      const a = await aParty();
      const [saver, loser] = [await aPerson('saved'), await aPerson('lost')];
      await expect(
        scoped.transaction({ partyId: a.id, skr: false }, async (m) => {
          // save() opens its own transaction when it thinks there is none: it must nest, not commit ours early.
          const saved = await m.save(
            m.create(AppUser, { partyId: a.id, personId: saver.id, subject: 'saved', name: 'Saved', role: Role.Reporter }),
          );
          expect(saved.id).toBeDefined();
          await m.query(`INSERT INTO app_user (party_id, person_id, subject, name, role) VALUES ($1, $2, 'lost', 'Lost', 'reporter')`, [
            a.id,
            loser.id,
          ]);
          throw new Error('boom');
        }),
      ).rejects.toThrow('boom');
      const owner = await ownerDb();
      expect(await owner.query(`SELECT subject FROM app_user WHERE subject IN ('saved', 'lost')`)).toEqual([]);
      expect(await partyCount()).toBe(0);
    });

    it('should refuse a scope whose party is not a UUID, before any SQL, and leak no connection', async () => {
      const before = appDb.driver as unknown as { master: { totalCount: number; idleCount: number } };
      await expect(
        scoped.transaction({ partyId: "x', true), set_config('app.skr', 'on", skr: false }, (m) => m.query('SELECT 1')),
      ).rejects.toThrow(/UUID/);
      expect(before.master.totalCount).toBe(before.master.idleCount);
      expect(await partyCount()).toBe(0);
    });
  });
});
