import { Role } from '../../src/actor/role';
import { aDeviationBody } from '../factories/deviation.factory';
import { aParty } from '../factories/party.factory';
import { startTestApp, type TestApp } from '../support/app';
import { ownerDb, truncateAll } from '../support/database';

/** Bodies that parse but would store something other than what was sent: refused whole, or normalised at input. */
describe('request bodies are taken as sent or refused (e2e)', () => {
  let t: TestApp;
  let reporter: { Authorization: string };

  beforeAll(async () => {
    t = await startTestApp();
  });
  beforeEach(async () => {
    await truncateAll();
    reporter = { Authorization: `Bearer ${await t.partyToken((await aParty()).id, Role.Reporter)}` };
  });
  afterAll(() => t.close());

  /** The bytes exactly as given: supertest would otherwise serialise a Buffer sent as JSON to `{"type":"Buffer",…}`. */
  const postRaw = (bytes: Buffer, contentType = 'application/json') =>
    t.http
      .post('/api/v1/deviations')
      .set(reporter)
      .set('Content-Type', contentType)
      .serialize(() => bytes as unknown as string)
      .send(bytes);

  const deviationRows = async () => (await ownerDb()).query(`SELECT rubrik FROM deviation`) as Promise<{ rubrik: string }[]>;

  it('should refuse __proto__, constructor and toString like any unknown key, with the pointer, and write no row', async () => {
    for (const key of ['__proto__', 'constructor', 'toString', 'valueOf']) {
      const body = `{"rubrik":"Rubrik","${key}":{"polluted":true}}`;
      const response = await t.http.post('/api/v1/deviations').set(reporter).set('Content-Type', 'application/json').send(body);
      expect(response.status).toBe(400);
      expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(response.body.errors).toEqual([expect.objectContaining({ pointer: `/${key}`, code: 'unknownField' })]);
    }
    const nested = `{"rubrik":"Rubrik","kontaktpersoner":[{"namn":"A","telefon":"070-123 45 67","epost":"a@b.se","toString":"x"}]}`;
    const response = await t.http.post('/api/v1/deviations').set(reporter).set('Content-Type', 'application/json').send(nested);
    expect(response.status).toBe(400);
    expect(response.body.errors).toEqual([expect.objectContaining({ pointer: '/kontaktpersoner/0/toString', code: 'unknownField' })]);
    expect(await deviationRows()).toEqual([]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('should refuse a JSON body that is not valid UTF-8 with 400 problem+json and write no row', async () => {
    const invalid = [Buffer.from([0xc3, 0x28]), Buffer.from([0xff, 0xfe]), Buffer.from([0xed, 0xa0, 0x80]), Buffer.from([0xe2, 0x82])];
    for (const bytes of invalid) {
      const body = Buffer.concat([Buffer.from('{"rubrik":"Fel '), bytes, Buffer.from('"}')]);
      const response = await postRaw(body);
      expect(response.status).toBe(400);
      expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(response.body).toMatchObject({ code: 'VALIDATION_FAILED', errors: [{ pointer: '', code: 'utf8' }] });
    }
    expect(await deviationRows()).toEqual([]);
    const valid = await postRaw(Buffer.from('{"rubrik":"Åtgärd – ”citat” 😀"}'), 'application/json; charset=utf-8');
    expect(valid.status).toBe(201);
    expect(await deviationRows()).toEqual([{ rubrik: 'Åtgärd – ”citat” 😀' }]);
  });

  it('should store single-line fields on one line, on create and on PATCH', async () => {
    const created = await t.http
      .post('/api/v1/deviations')
      .set(reporter)
      .send(
        aDeviationBody({
          rubrik: ' Svarstider\r\növer 30 s\tmot CSN\n',
          kravreferens: 'SLA\r\n4.8.1',
          kontaktpersoner: [{ namn: 'Anna\nAndersson', telefon: '070-123 45 67', epost: 'anna@goteborg.se' }],
          utfall: 'Rad ett\nRad två',
        }),
      );
    expect(created.status).toBe(201);
    expect(created.body.rubrik).toBe('Svarstider över 30 s mot CSN');
    const db = await ownerDb();
    const row = async () =>
      (await db.query(`SELECT rubrik, kravreferens, kontaktpersoner, utfall FROM deviation WHERE id = $1`, [created.body.id]))[0];
    expect(await row()).toMatchObject({
      rubrik: 'Svarstider över 30 s mot CSN',
      kravreferens: 'SLA 4.8.1',
      kontaktpersoner: [expect.objectContaining({ namn: 'Anna Andersson' })],
      // Multi-line fields keep their lines.
      utfall: 'Rad ett\nRad två',
    });

    const patched = await t.http
      .patch(`/api/v1/deviations/${created.body.id}`)
      .set(reporter)
      .set('If-Match', created.headers.etag)
      .send({ rubrik: 'Ny\r\n\r\nrubrik\u0085här' });
    expect(patched.status).toBe(200);
    expect((await row()).rubrik).toBe('Ny rubrik här');
  });
});
