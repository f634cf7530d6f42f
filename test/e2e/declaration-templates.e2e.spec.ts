import { stringify } from 'yaml';
import { Role } from '../../src/actor/role';
import { SSBTEK_TEMPLATE_V1 } from '../../src/declarations/templates';
import { aParty } from '../factories/party.factory';
import { startTestApp, type TestApp } from '../support/app';
import { ownerDb, truncateAll } from '../support/database';

const templateRows = async () =>
  (await (await ownerDb()).query(`SELECT name, version, status FROM declaration_template ORDER BY name, version`)) as {
    name: string;
    version: number;
    status: string;
  }[];

describe('declaration templates (e2e)', () => {
  let t: TestApp;
  let admin: string;
  let reporter: string;

  beforeAll(async () => {
    t = await startTestApp();
  });
  beforeEach(async () => {
    await truncateAll();
    admin = await t.skrToken(Role.SkrAdmin);
    reporter = await t.partyToken((await aParty()).id);
  });
  afterAll(() => t.close());

  const v2 = () => ({ ...structuredClone(SSBTEK_TEMPLATE_V1), version: 2, title: 'Självdeklaration SSBTEK (version 2)' });

  it('should ship seed 000 as the first published template, readable by parties', async () => {
    const list = await t.http.get('/api/v1/declaration-templates').set('Authorization', `Bearer ${reporter}`);
    expect(list.status).toBe(200);
    expect(list.body).toEqual([
      expect.objectContaining({ name: 'ssbtek', kind: 'ssbtek', partyKinds: ['driftleverantör'], version: 1, status: 'publicerad' }),
    ]);
    const one = await t.http.get(`/api/v1/declaration-templates/${list.body[0].id}`).set('Authorization', `Bearer ${reporter}`);
    expect(one.body.document.sections).toHaveLength(SSBTEK_TEMPLATE_V1.sections.length);
  });

  it('should import a new version as a draft that parties cannot see until it is published', async () => {
    const imported = await t.http.post('/api/v1/declaration-templates').set('Authorization', `Bearer ${admin}`).send(v2());
    expect(imported.status).toBe(201);
    expect(imported.body).toMatchObject({ version: 2, status: 'utkast' });
    const hidden = await t.http.get(`/api/v1/declaration-templates/${imported.body.id}`).set('Authorization', `Bearer ${reporter}`);
    expect(hidden.status).toBe(404);
    const published = await t.http
      .post(`/api/v1/declaration-templates/${imported.body.id}/publish`)
      .set('Authorization', `Bearer ${admin}`);
    expect(published.body.status).toBe('publicerad');
    expect(await templateRows()).toEqual([
      { name: 'ssbtek', version: 1, status: 'publicerad' },
      { name: 'ssbtek', version: 2, status: 'publicerad' },
    ]);
    const again = await t.http.post(`/api/v1/declaration-templates/${imported.body.id}/publish`).set('Authorization', `Bearer ${admin}`);
    expect(again.status).toBe(409);
  });

  it('should import YAML too', async () => {
    const response = await t.http
      .post('/api/v1/declaration-templates')
      .set('Authorization', `Bearer ${admin}`)
      .set('Content-Type', 'application/yaml')
      .send(stringify({ ...v2(), version: 3 }));
    expect(response.status).toBe(201);
    expect(response.body.version).toBe(3);
  });

  it('should reject an invalid document with pointers and write nothing', async () => {
    const broken = v2() as unknown as { sections: { subsections: { questions: { answerType: string }[] }[] }[] };
    broken.sections[0].subsections[0].questions[0].answerType = 'kanske';
    const cases: [unknown, string, number][] = [
      [broken, '/sections/0/subsections/0/questions/0/answerType', 422],
      [{ ...v2(), sections: 'nej' }, '/sections', 422],
      [{ ...v2(), version: 1 }, '/version', 409],
    ];
    for (const [body, pointer, status] of cases) {
      const response = await t.http
        .post('/api/v1/declaration-templates')
        .set('Authorization', `Bearer ${admin}`)
        .send(body as object);
      expect(response.status).toBe(status);
      expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(response.body.errors.map((e: { pointer: string }) => e.pointer)).toContain(pointer);
    }
    const yaml = await t.http
      .post('/api/v1/declaration-templates')
      .set('Authorization', `Bearer ${admin}`)
      .set('Content-Type', 'application/yaml')
      .send('sections: [unclosed');
    expect(yaml.status).toBe(422);
    expect(await templateRows()).toHaveLength(1);
  });

  it('should take the kinds of party a template is for from the document, and refuse a document without them', async () => {
    const forVendors = { ...v2(), name: 'verksamhetssystem', kind: 'verksamhetssystem', version: 1, partyKinds: ['systemleverantör'] };
    const imported = await t.http.post('/api/v1/declaration-templates').set('Authorization', `Bearer ${admin}`).send(forVendors);
    expect(imported.status).toBe(201);
    expect(imported.body).toMatchObject({ name: 'verksamhetssystem', partyKinds: ['systemleverantör'] });
    const [row] = await (await ownerDb()).query(`SELECT party_kinds FROM declaration_template WHERE name = 'verksamhetssystem'`);
    expect(row).toEqual({ party_kinds: '{systemleverantör}' });

    const { partyKinds: _omitted, ...without } = v2();
    const cases: [object, string][] = [
      [without, '/partyKinds'],
      [{ ...v2(), partyKinds: [] }, '/partyKinds'],
      [{ ...v2(), partyKinds: ['skr'] }, '/partyKinds/0'],
      [{ ...v2(), partyKinds: ['kommun', 'kommun'] }, '/partyKinds'],
    ];
    for (const [body, pointer] of cases) {
      const response = await t.http.post('/api/v1/declaration-templates').set('Authorization', `Bearer ${admin}`).send(body);
      expect(response.status).toBe(422);
      expect(response.body.errors.map((e: { pointer: string }) => e.pointer)).toContain(pointer);
    }
    expect(await templateRows()).toHaveLength(2);
  });

  it('should keep template administration to SKR admins', async () => {
    for (const token of [reporter, await t.skrToken(Role.Skr)]) {
      const response = await t.http.post('/api/v1/declaration-templates').set('Authorization', `Bearer ${token}`).send(v2());
      expect(response.status).toBe(403);
    }
    expect(await templateRows()).toHaveLength(1);
  });

  it('should refuse to change a published document even behind the application', async () => {
    const db = await ownerDb();
    await expect(db.query(`UPDATE declaration_template SET document = '{}'::jsonb WHERE version = 1`)).rejects.toThrow(/immutable/);
  });
});
