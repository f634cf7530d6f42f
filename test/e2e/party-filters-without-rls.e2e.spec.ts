import { DataSource } from 'typeorm';
import { Role } from '../../src/actor/role';
import { dataSourceOptions } from '../../src/database/data-source-options';
import { ScopedDb } from '../../src/database/scoped-db';
import { aDeviationRow } from '../factories/deviation.factory';
import { ssbtekTemplateId } from '../factories/declaration.factory';
import { aDriftleverantör, aParty } from '../factories/party.factory';
import { startTestApp, type TestApp } from '../support/app';
import { ownerDb, truncateAll } from '../support/database';

// Party isolation has two layers: the services' own party filters, and row-level security under them. The RLS suites
// pin the second with the first bypassed (deliberately unscoped SQL); this one pins the first with the second
// switched off, by running the whole app as a role with BYPASSRLS. Removing either layer then fails a test.
const ROLE_WITHOUT_RLS = 'avvikelse_app_without_rls';

async function createRoleWithoutRls(): Promise<void> {
  // Roles are per cluster, shared by every jest worker: create it once, whoever comes first.
  await (
    await ownerDb()
  ).query(`DO $$ BEGIN
      CREATE ROLE ${ROLE_WITHOUT_RLS} NOLOGIN BYPASSRLS IN ROLE avvikelse_app;
    EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$`);
}

describe('application party filters with row-level security switched off (e2e)', () => {
  let t: TestApp;
  let a: string;
  let b: string;
  const auth = (token: string) => ({ Authorization: `Bearer ${token}` });
  const previousRole = process.env.DATABASE_APP_ROLE;

  beforeAll(async () => {
    await createRoleWithoutRls();
    process.env.DATABASE_APP_ROLE = ROLE_WITHOUT_RLS;
    t = await startTestApp();
  });
  beforeEach(async () => {
    await truncateAll();
    a = (await aParty()).id;
    b = (await aParty()).id;
  });
  afterAll(async () => {
    await t.close();
    if (previousRole === undefined) delete process.env.DATABASE_APP_ROLE;
    else process.env.DATABASE_APP_ROLE = previousRole;
  });

  it('should really run without row-level security, so only the application filter stands between the parties', async () => {
    await aDeviationRow(b);
    const appDb = new DataSource({ ...dataSourceOptions({ url: process.env.DATABASE_URL!, appRole: ROLE_WITHOUT_RLS }), logging: false });
    await appDb.initialize();
    try {
      const seen = await new ScopedDb(appDb).transaction({ partyId: a, skr: false }, (m) => m.query('SELECT id FROM deviation'));
      expect(seen).toHaveLength(1);
    } finally {
      await appDb.destroy();
    }
  });

  it('should list, search and export only the acting party’s deviations', async () => {
    const own = await aDeviationRow(a, { rubrik: 'Egen avvikelse' });
    const foreign = await aDeviationRow(b, { rubrik: 'ANNAN-PARTS-RUBRIK' });
    const reader = await t.partyToken(a, Role.Reader);
    const list = await t.http.get('/api/v1/deviations').set(auth(reader));
    expect(list.status).toBe(200);
    expect(list.body.items.map((d: { id: string }) => d.id)).toEqual([own.id]);
    const search = await t.http.get('/api/v1/deviations?q=rubrik').set(auth(reader));
    expect(search.text).not.toContain(foreign.id);
    const csv = await t.http.get('/api/v1/deviations/export.csv').set(auth(reader));
    expect(csv.status).toBe(200);
    expect(csv.text).not.toContain('ANNAN-PARTS-RUBRIK');
    expect((await t.http.get(`/api/v1/deviations/${foreign.id}`).set(auth(reader))).status).toBe(404);
  });

  it('should show a deviation to its responsible party as well, and each relation only its own side', async () => {
    const stranger = (await aParty()).id;
    const concerning = await aDeviationRow(b, { responsible_party_id: a });
    const reported = await aDeviationRow(a, { responsible_party_id: b });
    const foreign = await aDeviationRow(b, { responsible_party_id: stranger });
    const reader = await t.partyToken(a, Role.Reader);
    const listed = async (query: string) => {
      const response = await t.http.get(`/api/v1/deviations${query}`).set(auth(reader));
      expect(response.status).toBe(200);
      return response.body.items.map((d: { id: string }) => d.id).sort();
    };
    expect(await listed('')).toEqual([concerning.id, reported.id].sort());
    expect(await listed('?relation=ansvarig')).toEqual([concerning.id]);
    expect(await listed('?relation=rapporterad')).toEqual([reported.id]);
    expect((await t.http.get(`/api/v1/deviations/${concerning.id}`).set(auth(reader))).status).toBe(200);
    expect((await t.http.get(`/api/v1/deviations/${foreign.id}`).set(auth(reader))).status).toBe(404);
  });

  it('should keep SKR’s internal notes out of the party’s comment list', async () => {
    const own = await aDeviationRow(a);
    const comment = `INSERT INTO deviation_comment (deviation_id, party_id, author_user_id, author_name, origin, body, internal)
      VALUES ($1, $2, 'u', 'U', $3, $4, $5)`;
    const db = await ownerDb();
    await db.query(comment, [own.id, a, 'part', 'publik', false]);
    await db.query(comment, [own.id, a, 'skr', 'HEMLIG intern anteckning', true]);
    const reader = await t.partyToken(a, Role.Reader);
    const comments = await t.http.get(`/api/v1/deviations/${own.id}/comments`).set(auth(reader));
    expect(comments.status).toBe(200);
    expect(comments.body.map((c: { text: string }) => c.text)).toEqual(['publik']);
    const skr = await t.http.get(`/api/v1/deviations/${own.id}/comments`).set(auth(await t.skrToken()));
    expect(skr.body).toHaveLength(2);
  });

  it('should let a declaration cite and offer only deviations that concern the declaring party', async () => {
    const operator = (await aDriftleverantör()).id;
    const own = await aDeviationRow(operator, { rubrik: 'Egen' });
    const foreign = await aDeviationRow(b, { rubrik: 'ANNAN-PARTS-RUBRIK' });
    const token = await t.partyToken(operator, Role.Reporter);
    const started = await t.http
      .post('/api/v1/declarations')
      .set(auth(token))
      .send({ templateId: await ssbtekTemplateId() });
    expect(started.status).toBe(201);
    const question = 'miljo.prestanda.svarstid-ett-90';
    const cite = (citations: string[]) =>
      t.http
        .put(`/api/v1/declarations/${started.body.id}/answers`)
        .set(auth(token))
        .set('If-Match', started.headers.etag)
        .send({ answers: { [question]: { svar: 'nej', citations } } });

    const refused = await cite([foreign.key]);
    expect(refused.status).toBe(422);
    expect(refused.body.errors).toEqual([expect.objectContaining({ pointer: `/answers/${question}/citations/0`, code: 'citable' })]);
    const db = await ownerDb();
    expect(await db.query(`SELECT count(*)::int AS n FROM declaration_answer`)).toEqual([{ n: 0 }]);
    const offered = await t.http.get(`/api/v1/declarations/${started.body.id}/citable-deviations`).set(auth(token));
    expect(offered.body.map((d: { id: string }) => d.id)).toEqual([own.id]);
    // The same request citing its own deviation goes through: the refusal above was the party filter's.
    expect((await cite([own.key])).status).toBe(200);
    expect(await db.query(`SELECT citations FROM declaration_answer`)).toEqual([{ citations: [own.id] }]);
  });
});
