import { Role } from '../../src/actor/role';
import { aSignature, completeAnswers, ssbtekTemplateId } from '../factories/declaration.factory';
import { aDriftleverantör, aParty } from '../factories/party.factory';
import { startTestApp, type TestApp } from '../support/app';
import { ownerDb, truncateAll } from '../support/database';
import { expectNotFoundForOtherParty } from '../support/isolation';

/** A party withdraws a declaration it never submitted: kept, locked, out of the default list, in the history. */
describe('declaration withdrawal (e2e)', () => {
  let t: TestApp;
  let reporter: string;
  let foreign: string;
  let templateId: string;

  beforeAll(async () => {
    t = await startTestApp();
  });
  beforeEach(async () => {
    await truncateAll();
    reporter = await t.partyToken((await aDriftleverantör()).id, Role.Reporter);
    foreign = await t.partyToken((await aParty()).id, Role.Admin);
    templateId = await ssbtekTemplateId();
  });
  afterAll(() => t.close());

  const auth = (token: string) => ({ Authorization: `Bearer ${token}` });
  const start = async () =>
    (await t.http.post('/api/v1/declarations').set(auth(reporter)).send({ templateId }).expect(201)).body as {
      id: string;
      version: number;
    };
  const row = async (id: string) => (await (await ownerDb()).query(`SELECT status::text, version FROM declaration WHERE id = $1`, [id]))[0];

  it('should withdraw a draft, keep it with its history, and lock it', async () => {
    const d = await start();
    const response = await t.http.post(`/api/v1/declarations/${d.id}/withdraw`).set(auth(reporter));
    expect(response.status).toBe(200);
    expect(response.body.status).toBe('tillbakadragen');
    expect(await row(d.id)).toEqual({ status: 'tillbakadragen', version: d.version + 1 });
    const audit = await (await ownerDb()).query(`SELECT action, changes FROM audit_entry WHERE entity_id = $1 ORDER BY id`, [d.id]);
    expect(audit.map((a: { action: string }) => a.action)).toEqual(['declaration.created', 'declaration.withdrawn']);
    expect(audit[1].changes).toEqual({ status: { from: 'utkast', to: 'tillbakadragen' } });

    const again = await t.http.post(`/api/v1/declarations/${d.id}/withdraw`).set(auth(reporter));
    expect(again.status).toBe(409);
    expect(again.headers['content-type']).toContain('application/problem+json');
    expect(again.body.code).toBe('DECLARATION_STATE_CONFLICT');
    const edit = await t.http
      .put(`/api/v1/declarations/${d.id}/answers`)
      .set(auth(reporter))
      .set('If-Match', `W/"${d.version + 1}"`)
      .send({ answers: completeAnswers() });
    expect(edit.status).toBe(409);
    expect(await row(d.id)).toEqual({ status: 'tillbakadragen', version: d.version + 1 });
  });

  it('should leave withdrawn drafts out of the list unless asked for', async () => {
    const kept = await start();
    const withdrawn = await start();
    await t.http.post(`/api/v1/declarations/${withdrawn.id}/withdraw`).set(auth(reporter)).expect(200);
    const list = await t.http.get('/api/v1/declarations').set(auth(reporter));
    expect(list.body.map((d: { id: string }) => d.id)).toEqual([kept.id]);
    const asked = await t.http.get('/api/v1/declarations').query({ status: 'tillbakadragen' }).set(auth(reporter));
    expect(asked.body.map((d: { id: string }) => d.id)).toEqual([withdrawn.id]);
  });

  it('should refuse to withdraw a submitted declaration', async () => {
    let d = await start();
    for (const [what, body] of [
      ['answers', { answers: completeAnswers() }],
      ['signature', aSignature],
    ] as const) {
      d = (
        await t.http
          .put(`/api/v1/declarations/${d.id}/${what}`)
          .set(auth(reporter))
          .set('If-Match', `W/"${d.version}"`)
          .send(body)
          .expect(200)
      ).body;
    }
    await t.http.post(`/api/v1/declarations/${d.id}/submit`).set(auth(reporter)).expect(200);
    const response = await t.http.post(`/api/v1/declarations/${d.id}/withdraw`).set(auth(reporter));
    expect(response.status).toBe(409);
    expect(response.body.code).toBe('DECLARATION_STATE_CONFLICT');
    expect((await row(d.id)).status).toBe('inskickad');
  });

  it('should answer 404 to another party and leave the draft as it was', async () => {
    const d = await start();
    await expectNotFoundForOtherParty(t, foreign, { method: 'post', path: `/api/v1/declarations/${d.id}/withdraw` });
    expect((await row(d.id)).status).toBe('utkast');
  });
});
