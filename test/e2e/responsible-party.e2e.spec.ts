import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { PARTY_ROLES, Role } from '../../src/actor/role';
import { PartyKind } from '../../src/parties/party.entity';
import { bastjänstTemplateId } from '../factories/declaration.factory';
import { aDeviationBody } from '../factories/deviation.factory';
import { aParty } from '../factories/party.factory';
import { startTestApp, type TestApp } from '../support/app';
import { ownerDb, truncateAll } from '../support/database';

/** A one-pixel PNG: evidence the file sniffer accepts. */
const PNG = Buffer.from(
  '89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082',
  'hex',
);

interface Call {
  method: 'get' | 'post' | 'patch' | 'put' | 'delete';
  path: string;
}

/**
 * Whose deviation (issue 20), through the whole app: every operation /docs-json lists on a deviation, called by every
 * party role of three parties — its reporter, its responsible party and a stranger — before and after SKR hands it to
 * another responsible party. A party with no relation must get exactly what a deviation that does not exist gets
 * (0 leaks); the reporter and the responsible party must never get a 404 (0 wrong 404s).
 */
// Hundreds of requests per case (every operation × role × party × phase): minutes on a loaded 2-core run.
jest.setTimeout(240_000);

describe('whose deviation: reporter, responsible party and stranger on every deviation endpoint (e2e)', () => {
  let t: TestApp;
  let operations: Call[];
  let reporter: string;
  let responsible: string;
  let stranger: string;
  let skr: string;
  const auth = (token: string) => ({ Authorization: `Bearer ${token}` });

  beforeAll(async () => {
    process.env.ATTACHMENTS_DIR = join(process.env.AVVIKELSE_TEST_TMP ?? '/tmp', `attachments-whose-${process.env.JEST_WORKER_ID}`);
    t = await startTestApp();
    const doc = (await t.http.get('/docs-json')).body as { paths: Record<string, Record<string, unknown>> };
    operations = Object.entries(doc.paths)
      .filter(([path]) => path.startsWith('/api/v1/deviations/{id}'))
      .flatMap(([path, methods]) => Object.keys(methods).map((method) => ({ method: method as Call['method'], path })));
  });
  beforeEach(async () => {
    await truncateAll();
    reporter = (await aParty({ name: 'Aby kommun' })).id;
    responsible = (await aParty({ name: 'Transportstyrelsen', kind: PartyKind.Uppgiftslämnare })).id;
    stranger = (await aParty({ name: 'Borås kommun' })).id;
    skr = await t.skrToken(Role.Skr);
  });
  afterAll(async () => {
    delete process.env.ATTACHMENTS_DIR;
    await t.close();
  });

  /** A submitted deviation of the reporter with a public comment and a piece of evidence. */
  async function aSubmittedDeviation(): Promise<{ id: string; key: string; attachmentId: string }> {
    const token = await t.partyToken(reporter, Role.Reporter);
    const created = await t.http
      .post('/api/v1/deviations')
      .set(auth(token))
      .send(aDeviationBody({ bastjänst: 'transportstyrelsen' }));
    expect(created.status).toBe(201);
    const { id, key } = created.body as { id: string; key: string };
    await t.http.post(`/api/v1/deviations/${id}/comments`).set(auth(token)).send({ text: 'Loggar bifogade.' }).expect(201);
    const file = await t.http.post(`/api/v1/deviations/${id}/attachments`).set(auth(token)).attach('file', PNG, 'skarmbild.png');
    expect(file.status).toBe(201);
    await t.http.post(`/api/v1/deviations/${id}/submit`).set(auth(token)).expect(200);
    // The link the Jira worker (not running here) would make, so its status endpoint has something to show or hide.
    await (await ownerDb()).query(`INSERT INTO jira_link (deviation_id, party_id) VALUES ($1, $2)`, [id, reporter]);
    return { id, key, attachmentId: file.body.id };
  }

  /** A body that passes validation for each operation, so a refusal can only come from who is asking. */
  function bodyOf(path: string): object | undefined {
    if (path.endsWith('/comments')) return { text: 'En fråga till rapportören.' };
    if (path.endsWith('/status')) return { status: 'mottagen' };
    if (path.endsWith('/priority')) return { prioritet: 'hög', motivering: 'Test' };
    if (path.endsWith('/reopen')) return { motivering: 'Felet finns kvar.' };
    if (path.endsWith('/duplicate-of')) return { duplicateOf: randomUUID() };
    if (path.endsWith('/responsible-party')) return { responsiblePartyId: stranger };
    if (path.endsWith('/withdraw')) return {};
    if (path === '/api/v1/deviations/{id}') return { rubrik: 'Ändrad rubrik' };
    return undefined;
  }

  async function call(token: string, op: Call, ids: { id: string; attachmentId: string }) {
    const path = op.path.replace('{id}', ids.id).replace('{attachmentId}', ids.attachmentId);
    let req = t.http[op.method](path).set(auth(token)).set('If-Match', 'W/"1"');
    if (op.path.endsWith('/attachments') && op.method === 'post') return req.attach('file', PNG, 'ny.png');
    const body = bodyOf(op.path);
    if (body) req = req.send(body);
    return req;
  }

  /** A party unrelated to the deviation gets, op by op, exactly the answer for a deviation that does not exist. */
  async function expectNothingFor(partyId: string, d: { id: string; key: string; attachmentId: string }): Promise<void> {
    const missing = { id: randomUUID(), attachmentId: randomUUID() };
    for (const role of PARTY_ROLES) {
      const token = await t.partyToken(partyId, role);
      for (const op of operations) {
        const real = await call(token, op, d);
        const none = await call(token, op, missing);
        const seen = { role, op: `${op.method} ${op.path}`, status: real.status, code: real.body?.code };
        expect(seen).toEqual({ ...seen, status: none.status, code: none.body?.code });
        expect({ ...seen, leaked: real.text.includes(d.key) || real.text.includes('Loggar bifogade') }).toEqual({ ...seen, leaked: false });
      }
      for (const list of ['/api/v1/deviations', '/api/v1/deviations?relation=ansvarig', '/api/v1/notifications', '/api/v1/audit']) {
        const response = await t.http.get(list).set(auth(token));
        expect({ role, list, status: response.status, leaked: response.text.includes(d.id) }).toEqual({
          role,
          list,
          status: 200,
          leaked: false,
        });
      }
    }
  }

  /** A party the deviation concerns reads everything about it and is never told it does not exist. */
  async function expectEverythingReadableFor(partyId: string, d: { id: string; key: string; attachmentId: string }): Promise<void> {
    const missing = { id: randomUUID(), attachmentId: randomUUID() };
    for (const role of PARTY_ROLES) {
      const token = await t.partyToken(partyId, role);
      for (const op of operations) {
        const response = await call(token, op, d);
        const seen = { role, op: `${op.method} ${op.path}` };
        expect({ ...seen, notFound: response.status === 404 }).toEqual({ ...seen, notFound: false });
        if (op.method !== 'get') continue;
        if (response.status === 403) {
          // An operation closed to the role (SKR-only reads) refuses alike whatever the deviation: not about this one.
          const none = await call(token, op, missing);
          expect({ ...seen, status: none.status, code: none.body?.code }).toEqual({ ...seen, status: 403, code: response.body?.code });
        } else expect({ ...seen, status: response.status }).toEqual({ ...seen, status: 200 });
      }
    }
  }

  it('should list every deviation operation of the OpenAPI document, so none escapes the suite', () => {
    expect(operations.length).toBeGreaterThanOrEqual(15);
    expect(operations).toEqual(expect.arrayContaining([{ method: 'post', path: '/api/v1/deviations/{id}/responsible-party' }]));
  });

  it('should show a deviation to its reporter and responsible party only, before and after SKR reassigns it', async () => {
    const d = await aSubmittedDeviation();
    // Before triage: the reporter only.
    await expectNothingFor(responsible, d);
    await expectNothingFor(stranger, d);

    const triage = await t.http.get('/api/v1/deviations/triage').set(auth(skr));
    expect(triage.body.items.map((i: { id: string }) => i.id)).toEqual([d.id]);
    const assigned = await t.http
      .post(`/api/v1/deviations/${d.id}/responsible-party`)
      .set(auth(skr))
      .send({ responsiblePartyId: responsible, motivering: 'Gäller Transportstyrelsens bastjänst.' });
    expect(assigned.status).toBe(200);
    expect(assigned.body).toMatchObject({ responsiblePartyId: responsible, partyId: reporter, källa: 'part' });
    const db = await ownerDb();
    expect(await db.query('SELECT responsible_party_id FROM deviation WHERE id = $1', [d.id])).toEqual([
      { responsible_party_id: responsible },
    ]);
    expect((await t.http.get('/api/v1/deviations/triage').set(auth(skr))).body.items).toEqual([]);

    await expectEverythingReadableFor(responsible, d);
    await expectEverythingReadableFor(reporter, d);
    await expectNothingFor(stranger, d);

    // SKR corrects itself: the stranger becomes responsible, the first responsible party loses everything.
    await t.http.post(`/api/v1/deviations/${d.id}/responsible-party`).set(auth(skr)).send({ responsiblePartyId: stranger }).expect(200);
    await expectNothingFor(responsible, d);
    await expectEverythingReadableFor(stranger, d);
    await expectEverythingReadableFor(reporter, d);
  });

  it('should give the responsible party what was reported and the contacts, but let only the reporter change it', async () => {
    const d = await aSubmittedDeviation();
    await t.http.post(`/api/v1/deviations/${d.id}/responsible-party`).set(auth(skr)).send({ responsiblePartyId: responsible }).expect(200);
    const token = await t.partyToken(responsible, Role.Reporter);

    const seen = await t.http.get(`/api/v1/deviations/${d.id}`).set(auth(token)).expect(200);
    expect(seen.body).toMatchObject({
      relation: 'ansvarig',
      reporterUserId: null,
      bastjänst: 'transportstyrelsen',
      kontaktpersoner: [expect.objectContaining({ namn: 'Anna Andersson' })],
    });
    const concerning = await t.http.get('/api/v1/deviations?relation=ansvarig').set(auth(token)).expect(200);
    expect(concerning.body.items.map((i: { id: string }) => i.id)).toEqual([d.id]);
    expect((await t.http.get('/api/v1/deviations?relation=rapporterad').set(auth(token)).expect(200)).body.items).toEqual([]);

    const changed = await t.http
      .patch(`/api/v1/deviations/${d.id}`)
      .set(auth(token))
      .set('If-Match', seen.headers.etag)
      .send({ rubrik: 'Kapad' });
    expect(changed.status).toBe(403);
    expect(changed.body).toMatchObject({ code: 'DEVIATION_REPORTER_ONLY', status: 403 });
    const withdrawn = await t.http.post(`/api/v1/deviations/${d.id}/withdraw`).set(auth(token)).send({});
    expect(withdrawn.body.code).toBe('DEVIATION_REPORTER_ONLY');
    const db = await ownerDb();
    expect(await db.query('SELECT rubrik, status FROM deviation WHERE id = $1', [d.id])).toEqual([
      { rubrik: aDeviationBody().rubrik, status: 'inskickad' },
    ]);

    // Its public comment reaches the reporter's feed; its own feed says it was made responsible.
    await t.http.post(`/api/v1/deviations/${d.id}/comments`).set(auth(token)).send({ text: 'Vilken tidpunkt gällde det?' }).expect(201);
    const events = await db.query(`SELECT type, party_id FROM notification_event WHERE subject_id = $1 ORDER BY created_at, type`, [d.id]);
    expect(events).toEqual(
      expect.arrayContaining([
        { type: 'ansvar_tilldelat', party_id: responsible },
        { type: 'kommentar_från_part', party_id: reporter },
      ]),
    );
    expect(events).not.toContainEqual({ type: 'kommentar_från_part', party_id: responsible });
    const history = await db.query(`SELECT changes FROM audit_entry WHERE entity_id = $1 AND action = 'deviation.responsible_party_set'`, [
      d.id,
    ]);
    expect(history).toEqual([{ changes: { ansvarigPart: { from: null, to: responsible } } }]);
  });

  it('should assign many at once, all or nothing, naming the deviation it refuses', async () => {
    const first = await aSubmittedDeviation();
    const second = await aSubmittedDeviation();
    const unknown = randomUUID();
    const refused = await t.http
      .post('/api/v1/deviations/responsible-party')
      .set(auth(skr))
      .send({ deviationIds: [first.id, unknown, second.id], responsiblePartyId: responsible });
    expect(refused.status).toBe(422);
    expect(refused.body.errors).toEqual([expect.objectContaining({ pointer: '/deviationIds/1' })]);
    const db = await ownerDb();
    expect(await db.query('SELECT count(*)::int AS n FROM deviation WHERE responsible_party_id IS NOT NULL')).toEqual([{ n: 0 }]);

    const done = await t.http
      .post('/api/v1/deviations/responsible-party')
      .set(auth(skr))
      .send({ deviationIds: [first.id, second.id], responsiblePartyId: responsible });
    expect(done.status).toBe(200);
    expect(done.body).toEqual({ changed: 2 });
    expect(await db.query('SELECT count(*)::int AS n FROM deviation WHERE responsible_party_id = $1', [responsible])).toEqual([{ n: 2 }]);
    const badParty = await t.http
      .post(`/api/v1/deviations/${first.id}/responsible-party`)
      .set(auth(skr))
      .send({ responsiblePartyId: unknown });
    expect(badParty.status).toBe(422);
    expect(badParty.body.errors).toEqual([expect.objectContaining({ pointer: '/responsiblePartyId' })]);
  });

  it('should let a declaration cite deviations that concern the party, found through the citable search', async () => {
    const d = await aSubmittedDeviation();
    const notYet = await aSubmittedDeviation();
    await t.http.post(`/api/v1/deviations/${d.id}/responsible-party`).set(auth(skr)).send({ responsiblePartyId: responsible }).expect(200);
    const token = await t.partyToken(responsible, Role.Reporter);
    const declaration = await t.http
      .post('/api/v1/declarations')
      .set(auth(token))
      .send({ templateId: await bastjänstTemplateId() });
    expect(declaration.status).toBe(201);

    const citable = await t.http.get(`/api/v1/declarations/${declaration.body.id}/citable-deviations`).set(auth(token)).expect(200);
    expect(citable.body).toEqual([{ id: d.id, key: d.key, rubrik: aDeviationBody().rubrik, status: 'inskickad' }]);
    const byKey = await t.http
      .get(`/api/v1/declarations/${declaration.body.id}/citable-deviations?q=${d.key}`)
      .set(auth(token))
      .expect(200);
    expect(byKey.body.map((c: { id: string }) => c.id)).toEqual([d.id]);

    const put = (deviations: string[]) =>
      t.http
        .put(`/api/v1/declarations/${declaration.body.id}/known-deviations`)
        .set(auth(token))
        .set('If-Match', 'W/"1"')
        .send({ deviations });
    const refused = await put([notYet.key]);
    expect(refused.status).toBe(422);
    expect(refused.body.errors).toEqual([expect.objectContaining({ pointer: '/deviations/0', code: 'citable' })]);
    const cited = await put([d.key]);
    expect(cited.status).toBe(200);
    const [row] = await (await ownerDb()).query('SELECT known_deviation_ids FROM declaration WHERE id = $1', [declaration.body.id]);
    expect(row).toEqual({ known_deviation_ids: [d.id] });
  });
});
