import { Role } from '../../src/actor/role';
import { aDeviationBody, aDeviationRow } from '../factories/deviation.factory';
import { aParty } from '../factories/party.factory';
import { startTestApp, type TestApp } from '../support/app';
import { ownerDb, truncateAll } from '../support/database';
import { expectAbsentForOtherParty } from '../support/isolation';

interface Item {
  id: string;
  key: string;
  status: string;
  prioritet: string | null;
  rubrik: string;
  partyId: string;
}

/** Lists, filters, sorting, cursor pages, search and the CSV export, on rows arranged directly in the table. */
describe('deviation lists and export (e2e)', () => {
  let t: TestApp;
  let partyId: string;
  let otherPartyId: string;
  let reporter: string;
  let skr: string;

  beforeAll(async () => {
    t = await startTestApp();
  });
  beforeEach(async () => {
    await truncateAll();
    partyId = (await aParty()).id;
    otherPartyId = (await aParty()).id;
    reporter = await t.partyToken(partyId, Role.Reader);
    skr = await t.skrToken();
  });
  afterAll(() => t.close());

  const list = async (query: Record<string, string>, token = reporter) => {
    const response = await t.http.get(`/api/v1/deviations?${new URLSearchParams(query)}`).set('Authorization', `Bearer ${token}`);
    expect({ query, status: response.status }).toEqual({ query, status: 200 });
    return response.body as { items: Item[]; nextCursor: string | null };
  };
  /** Every page of a listing, following nextCursor. */
  const allPages = async (query: Record<string, string>, token = reporter) => {
    const items: Item[] = [];
    let cursor: string | null = null;
    for (let pages = 0; pages < 50; pages++) {
      const page = await list(cursor ? { ...query, cursor } : query, token);
      items.push(...page.items);
      cursor = page.nextCursor;
      if (!cursor) return items;
    }
    throw new Error('pagination did not end');
  };
  const keys = (items: Item[]) => items.map((i) => i.key);

  it('should apply every filter, alone and combined', async () => {
    const rows = {
      prodKritisk: await aDeviationRow(partyId, {
        prioritet: 'kritisk',
        miljo: 'produktion',
        del: 'anslutningsobjekt',
        kravreferens: 'SLA 4.8.1',
        reporter_user_id: 'anna',
      }),
      testLag: await aDeviationRow(partyId, {
        prioritet: 'låg',
        miljo: 'test',
        del: 'gränssnitt_mot_bastjänster',
        kravreferens: 'UC 4.9.1',
        reporter_user_id: 'bo',
        status: 'mottagen',
      }),
      old: await aDeviationRow(partyId, {
        prioritet: 'hög',
        miljo: 'test',
        kravreferens: 'R8 fältregler',
        created_at: '2025-01-10T12:00:00Z',
        updated_at: '2025-02-01T12:00:00Z',
      }),
      draft: await aDeviationRow(partyId, { status: 'utkast', kravreferens: 'SLA 4.8.2' }),
    };
    await aDeviationRow(otherPartyId, { prioritet: 'kritisk', miljo: 'produktion', kravreferens: 'SLA 4.8.1' });
    const expectKeys = async (query: Record<string, string>, expected: { key: string }[]) =>
      expect({ query, keys: keys((await list(query)).items).sort() }).toEqual({ query, keys: expected.map((r) => r.key).sort() });

    await expectKeys({}, Object.values(rows));
    await expectKeys({ status: 'mottagen' }, [rows.testLag]);
    await expectKeys({ prioritet: 'kritisk' }, [rows.prodKritisk]);
    await expectKeys({ del: 'gränssnitt_mot_bastjänster' }, [rows.testLag]);
    await expectKeys({ miljö: 'test' }, [rows.testLag, rows.old]);
    await expectKeys({ kravreferens: 'sla 4.8' }, [rows.prodKritisk, rows.draft]);
    await expectKeys({ kravreferens: '%' }, []);
    await expectKeys({ reporter: 'bo' }, [rows.testLag]);
    await expectKeys({ createdTo: '2026-01-01T00:00:00Z' }, [rows.old]);
    await expectKeys({ createdFrom: '2026-01-01T00:00:00Z', miljö: 'test' }, [rows.testLag]);
    await expectKeys({ updatedFrom: '2025-01-15T00:00:00Z', updatedTo: '2025-03-01T00:00:00Z' }, [rows.old]);
  });

  it('should let SKR see every party but no drafts, and filter by party', async () => {
    const mine = await aDeviationRow(partyId);
    const theirs = await aDeviationRow(otherPartyId);
    const draft = await aDeviationRow(partyId, { status: 'utkast', rubrik: 'HEMLIGT UTKAST' });
    expect(keys((await list({}, skr)).items).sort()).toEqual([mine.key, theirs.key].sort());
    expect(keys((await list({ partyId: otherPartyId }, skr)).items)).toEqual([theirs.key]);
    expect((await list({ status: 'utkast' }, skr)).items).toEqual([]);
    const csv = await t.http.get('/api/v1/deviations/export.csv').set('Authorization', `Bearer ${skr}`);
    expect(csv.text).toContain(mine.key);
    expect(csv.text).not.toContain(draft.key);
    const draftRead = await t.http.get(`/api/v1/deviations/${draft.id}`).set('Authorization', `Bearer ${skr}`);
    expect(draftRead.status).toBe(404);
  });

  it('should sort by priority both ways and page through every row exactly once', async () => {
    const priorities = ['låg', 'kritisk', null, 'medel', 'hög', 'kritisk', 'låg', null, 'hög'];
    for (const prioritet of priorities) await aDeviationRow(partyId, { prioritet });
    const rank = (p: string | null) => ['låg', 'medel', 'hög', 'kritisk'].indexOf(p ?? '') + 1;

    const desc = await allPages({ sort: 'prioritet', order: 'desc', limit: '2' });
    expect(desc.map((d) => d.prioritet)).toEqual([...priorities].sort((a, b) => rank(b) - rank(a)));
    const asc = await allPages({ sort: 'prioritet', order: 'asc', limit: '3' });
    expect(asc.map((d) => d.prioritet)).toEqual([...priorities].sort((a, b) => rank(a) - rank(b)));
    expect(new Set(desc.map((d) => d.id)).size).toBe(priorities.length);
    expect(new Set(asc.map((d) => d.id))).toEqual(new Set(desc.map((d) => d.id)));
  });

  it('should page by created, updated and key without skipping rows that share a timestamp', async () => {
    const sameInstant = '2026-03-01T08:00:00.123Z';
    for (let i = 0; i < 5; i++) await aDeviationRow(partyId, { created_at: sameInstant, updated_at: sameInstant });
    for (let i = 0; i < 3; i++) await aDeviationRow(partyId);
    for (const sort of ['created', 'updated', 'key']) {
      for (const order of ['asc', 'desc']) {
        const items = await allPages({ sort, order, limit: '2' });
        expect({ sort, order, n: new Set(items.map((d) => d.id)).size }).toEqual({ sort, order, n: 8 });
      }
    }
  });

  it('should refuse a forged, foreign or mismatched cursor with 400 naming the parameter', async () => {
    for (let i = 0; i < 3; i++) await aDeviationRow(partyId);
    const page = await list({ limit: '1' });
    const id = page.items[0].id;
    const forged = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
    const cases: Record<string, string>[] = [
      { cursor: 'bm90LWEtY3Vyc29y' },
      { cursor: '!!!' },
      { cursor: forged({ s: 'created', o: 'desc', v: 'AVV-2026-00001', i: id }) },
      { cursor: forged({ s: 'created', o: 'desc', v: 'x', i: id }) },
      { cursor: forged({ s: 'created', o: 'desc', v: '2026-11-23T10:00:00.000Z', i: '------------------------------------' }) },
      { cursor: forged(['2026-11-23T10:00:00.000Z', id]) },
      { cursor: page.nextCursor!, sort: 'key' },
      { cursor: page.nextCursor!, order: 'asc' },
      { cursor: forged({ s: 'prioritet', o: 'desc', v: '1; DROP TABLE deviation', i: id }), sort: 'prioritet' },
    ];
    for (const query of cases) {
      const response = await t.http.get(`/api/v1/deviations?${new URLSearchParams(query)}`).set('Authorization', `Bearer ${reporter}`);
      expect({ query, status: response.status }).toEqual({ query, status: 400 });
      expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(response.body.errors).toEqual([expect.objectContaining({ parameter: 'cursor' })]);
    }
    const [{ n }] = await (await ownerDb()).query('SELECT count(*)::int AS n FROM deviation');
    expect(n).toBe(3);
  });

  it('should clamp the page size to 1–100 and default to 25', async () => {
    for (let i = 0; i < 101; i++) await aDeviationRow(partyId);
    const page = async (limit?: string) => (await list(limit === undefined ? {} : { limit })).items.length;
    expect(await page()).toBe(25);
    expect(await page('1000')).toBe(100);
    expect(await page('0')).toBe(1);
    expect(await page('-5')).toBe(1);
    for (const limit of ['abc', '2.5', '1e3']) {
      const response = await t.http.get(`/api/v1/deviations?limit=${limit}`).set('Authorization', `Bearer ${reporter}`);
      expect({ limit, status: response.status, parameter: response.body.errors?.[0]?.parameter }).toEqual({
        limit,
        status: 400,
        parameter: 'limit',
      });
    }
  });

  it('should find Swedish word forms in rubrik, steps and result, and a key exactly', async () => {
    const inTitle = await aDeviationRow(partyId, { rubrik: 'Avvikelse i svarstider' });
    const inSteps = await aDeviationRow(partyId, { rubrik: 'Steg', reproduktionssteg: 'Anropen till CSN avbryts' });
    const inResult = await aDeviationRow(partyId, { rubrik: 'Utfall', utfall: 'Tidsgränsen överskrids för alla kommuner' });
    const unrelated = await aDeviationRow(partyId, { rubrik: 'Något helt annat' });
    await aDeviationRow(otherPartyId, { rubrik: 'Avvikelse hos en annan part' });
    const search = async (q: string) => keys((await list({ q })).items).sort();
    expect(await search('avvikelserna')).toEqual([inTitle.key]);
    expect(await search('anrop')).toEqual([inSteps.key]);
    expect(await search('tidsgränser')).toEqual([inResult.key]);
    expect(await search(unrelated.key.toLowerCase())).toEqual([unrelated.key]);
    expect(await search('"helt annat" -helt')).toEqual([]);
    expect(await search("'; DROP TABLE deviation; --")).toEqual([]);
  });

  it('should export the same filters as CSV with a BOM, quoting and defused formulas, and nothing of another party', async () => {
    await aDeviationRow(partyId, { rubrik: '@SUM(A1:A9)', status: 'mottagen', utfall: 'rad 1\nrad 2; "citat"', kravreferens: 'SLA 4.8.1' });
    await aDeviationRow(partyId, { rubrik: 'Filtreras bort', status: 'löst' });
    const theirs = await aDeviationRow(otherPartyId, { rubrik: 'ANNAN PARTS RUBRIK', status: 'mottagen' });
    const response = await t.http.get('/api/v1/deviations/export.csv?status=mottagen').set('Authorization', `Bearer ${reporter}`);
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(response.headers['content-disposition']).toBe('attachment; filename="avvikelser.csv"');
    expect(response.text.charCodeAt(0)).toBe(0xfeff);
    const lines = response.text.slice(1).split('\r\n');
    expect(lines[0].split(';').slice(0, 4)).toEqual(['Nyckel', 'Status', 'Prioritet', 'Rubrik']);
    expect(lines).toHaveLength(3);
    expect(lines[1]).toContain(`;'@SUM(A1:A9);`);
    expect(lines[1]).toContain(`"rad 1\nrad 2; ""citat"""`);
    expect(response.text).not.toContain('Filtreras bort');
    await expectAbsentForOtherParty(t, reporter, '/api/v1/deviations/export.csv', [theirs.key, 'ANNAN PARTS RUBRIK']);
    const bad = await t.http.get('/api/v1/deviations/export.csv?miljö=staging').set('Authorization', `Bearer ${reporter}`);
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].parameter).toBe('miljö');
  });

  it('should stream a large export in batches with every row exactly once, also rows sharing a millisecond across a batch edge', async () => {
    const db = await ownerDb();
    // 2,345 rows over three batches of 1,000, in runs of 7 with the same created_at, so runs straddle the batch edges.
    await db.query(
      `INSERT INTO deviation (key, party_id, reporter_user_id, status, rubrik, kontaktpersoner, version, created_at, updated_at)
       SELECT 'AVV-2026-' || lpad(g::text, 6, '0'), $1, 'seed', 'mottagen', 'Rad ' || g, '[]', 1,
              timestamptz '2026-01-01T00:00:00Z' + (g / 7) * interval '1 millisecond', now()
         FROM generate_series(1, 2345) g`,
      [partyId],
    );
    await aDeviationRow(otherPartyId, { rubrik: 'ANNAN PARTS RUBRIK', status: 'mottagen' });
    const response = await t.http.get('/api/v1/deviations/export.csv').set('Authorization', `Bearer ${reporter}`);
    expect(response.status).toBe(200);
    const exported = response.text
      .slice(1)
      .trimEnd()
      .split('\r\n')
      .slice(1)
      .map((line) => line.split(';')[0]);
    const expected = (await db.query(`SELECT key FROM deviation WHERE party_id = $1 ORDER BY created_at, id`, [partyId])).map(
      (r: { key: string }) => r.key,
    );
    expect(exported).toHaveLength(2345);
    expect(exported).toEqual(expected);
    expect(response.text).not.toContain('ANNAN PARTS RUBRIK');
  });

  it('should reject unknown and malformed query parameters with their names', async () => {
    const cases: [string, string][] = [
      ['status=klar', 'status'],
      ['prioritet=akut', 'prioritet'],
      ['sort=rubrik', 'sort'],
      ['order=up', 'order'],
      ['createdFrom=igår', 'createdFrom'],
      ['partyId=not-a-uuid', 'partyId'],
      ['hacker=1', 'hacker'],
      [`q=${'x'.repeat(201)}`, 'q'],
    ];
    for (const [query, parameter] of cases) {
      const response = await t.http.get(`/api/v1/deviations?${query}`).set('Authorization', `Bearer ${reporter}`);
      expect({
        query: query.slice(0, 30),
        status: response.status,
        parameters: response.body.errors?.map((e: { parameter: string }) => e.parameter),
      }).toEqual({
        query: query.slice(0, 30),
        status: 400,
        parameters: [parameter],
      });
    }
  });

  it('should list what a reporter created through the API with its computed priority', async () => {
    const writer = await t.partyToken(partyId, Role.Reporter);
    const created = await t.http
      .post('/api/v1/deviations')
      .set('Authorization', `Bearer ${writer}`)
      .send(aDeviationBody({ påverkan: 1, tidpunkt: 1 }));
    expect(created.status).toBe(201);
    const items = (await list({ sort: 'prioritet' })).items;
    expect(items).toEqual([expect.objectContaining({ id: created.body.id, prioritet: 'kritisk', partyId })]);
  });
});
