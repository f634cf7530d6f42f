import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../../src/database/data-source-options';
import { ScopedDb } from '../../src/database/scoped-db';
import { aDeviationRow } from '../factories/deviation.factory';
import { aParty } from '../factories/party.factory';
import { ownerDb, truncateAll } from '../support/database';

/**
 * The deviation tables behind row-level security: a query that forgets its party filter — here on purpose — still
 * sees only the acting party's deviations, comments and attachments, and never SKR's internal notes.
 */
describe('deviations row-level security', () => {
  let appDb: DataSource;
  let scoped: ScopedDb;
  let a: string;
  let b: string;

  beforeAll(async () => {
    appDb = new DataSource({ ...dataSourceOptions({ url: process.env.DATABASE_URL!, appRole: 'avvikelse_app' }), logging: false });
    await appDb.initialize();
    scoped = new ScopedDb(appDb);
  });
  beforeEach(async () => {
    await truncateAll();
    a = (await aParty()).id;
    b = (await aParty()).id;
  });
  afterAll(() => appDb.destroy());

  const asParty = <T>(partyId: string, sql: string) => scoped.transaction({ partyId, skr: false }, (m) => m.query(sql) as Promise<T>);

  it('should return only party A rows from a deliberately unscoped SELECT * FROM deviation', async () => {
    const mine = [await aDeviationRow(a), await aDeviationRow(a, { status: 'utkast' })];
    await aDeviationRow(b);
    await aDeviationRow(b);

    const seen = await asParty<{ id: string; party_id: string }[]>(a, 'SELECT * FROM deviation');
    expect(seen.map((r) => r.id).sort()).toEqual(mine.map((r) => r.id).sort());
    expect(new Set(seen.map((r) => r.party_id))).toEqual(new Set([a]));
    const skr = await scoped.transaction({ partyId: null, skr: true }, (m) => m.query('SELECT id FROM deviation'));
    expect(skr).toHaveLength(4);
    expect(await scoped.transaction({ partyId: null, skr: false }, (m) => m.query('SELECT id FROM deviation'))).toEqual([]);
    expect(await appDb.query('SELECT id FROM deviation')).toEqual([]);
  });

  it('should hide other parties comments and attachments and every internal note from a party', async () => {
    const own = await aDeviationRow(a);
    const foreign = await aDeviationRow(b);
    const db = await ownerDb();
    const comment = `INSERT INTO deviation_comment (deviation_id, party_id, author_user_id, author_name, origin, body, internal) VALUES ($1, $2, 'u', 'U', $3, $4, $5)`;
    await db.query(comment, [own.id, a, 'part', 'publik', false]);
    await db.query(comment, [own.id, a, 'skr', 'HEMLIG intern anteckning', true]);
    await db.query(comment, [foreign.id, b, 'part', 'annan parts kommentar', false]);
    const attachment = `INSERT INTO deviation_attachment (deviation_id, party_id, filename, content_type, size_bytes, sha256, storage_key, uploaded_by)
      VALUES ($1, $2, $3, 'text/plain', 1, repeat('0', 64), gen_random_uuid()::text, 'u')`;
    await db.query(attachment, [own.id, a, 'egen.txt']);
    await db.query(attachment, [foreign.id, b, 'annans.txt']);

    expect(await asParty<{ body: string }[]>(a, 'SELECT body FROM deviation_comment')).toEqual([{ body: 'publik' }]);
    expect(await asParty<{ filename: string }[]>(a, 'SELECT filename FROM deviation_attachment')).toEqual([{ filename: 'egen.txt' }]);
    const skrComments = await scoped.transaction({ partyId: null, skr: true }, (m) => m.query('SELECT body FROM deviation_comment'));
    expect(skrComments).toHaveLength(3);
  });

  it('should refuse to write or move a deviation into another party', async () => {
    const own = await aDeviationRow(a);
    await expect(
      scoped.transaction({ partyId: a, skr: false }, (m) =>
        m.query(`INSERT INTO deviation (key, party_id, reporter_user_id, rubrik, version) VALUES ('AVV-X-1', $1, 'u', 'x', 1)`, [b]),
      ),
    ).rejects.toThrow(/row-level security/);
    await expect(
      scoped.transaction({ partyId: a, skr: false }, (m) => m.query(`UPDATE deviation SET party_id = $1 WHERE id = $2`, [b, own.id])),
    ).rejects.toThrow(/row-level security/);
    const updatedForeign = await scoped.transaction({ partyId: b, skr: false }, (m) =>
      m.query(`UPDATE deviation SET rubrik = 'kapad' WHERE id = $1`, [own.id]),
    );
    expect(updatedForeign[1]).toBe(0);
    const [row] = await (await ownerDb()).query('SELECT party_id, rubrik FROM deviation WHERE id = $1', [own.id]);
    expect(row).toEqual({ party_id: a, rubrik: 'Rad skriven av testet' });
  });
});
