import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Role } from '../../src/actor/role';
import { aContact, aDeviationBody } from '../factories/deviation.factory';
import { aParty } from '../factories/party.factory';
import { startTestApp, type TestApp } from '../support/app';
import { ownerDb, truncateAll } from '../support/database';

/** Two numbers of Skatteverket's published test set ("Testpersonnummer", open data). */
const TEST_NUMBERS = ['198611239883', '198501139995'];
/** Luhn-valid, a real date, not on the test list: as far as the service can tell, somebody's personnummer. */
const REAL_LOOKING = '19640823-3234';

/** Free text that would reach Jira Cloud or e-mail refuses personnummer and samordningsnummer (issue 24). */
describe('personal identity numbers in free text (e2e)', () => {
  let t: TestApp;
  let reporter: string;
  let skr: string;

  beforeAll(async () => {
    const list = join(process.env.AVVIKELSE_TEST_TMP ?? '/tmp', `testpersonnummer-${process.env.JEST_WORKER_ID}.csv`);
    writeFileSync(list, `testpersonnummer\r\n${TEST_NUMBERS.join('\r\n')}\r\n`);
    process.env.PERSONNUMMER_TEST_LISTS = list;
    t = await startTestApp();
  });
  beforeEach(async () => {
    await truncateAll();
    reporter = await t.partyToken((await aParty()).id, Role.Reporter);
    skr = await t.skrToken();
  });
  afterAll(async () => {
    delete process.env.PERSONNUMMER_TEST_LISTS;
    await t.close();
  });

  const auth = (token: string) => ({ Authorization: `Bearer ${token}` });
  const deviations = async () => Number((await (await ownerDb()).query('SELECT count(*)::int AS n FROM deviation'))[0].n);

  it('should answer 422 with a pointer to each field and a Swedish explanation, and store nothing', async () => {
    const response = await t.http
      .post('/api/v1/deviations')
      .set(auth(reporter))
      .send(
        aDeviationBody({
          utfall: `Svar saknas för ${REAL_LOOKING}.`,
          kontaktpersoner: [{ ...aContact, namn: `Anna Andersson (701063-2391)` }],
        }),
      );
    expect(response.status).toBe(422);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.body).toMatchObject({ status: 422, code: 'PERSONAL_IDENTITY_NUMBER_IN_TEXT', title: 'Begäran kan inte behandlas' });
    expect(response.body.detail).toMatch(/personnummer eller samordningsnummer/);
    expect(response.body.errors.map((e: { pointer: string }) => e.pointer).sort()).toEqual(['/kontaktpersoner/0/namn', '/utfall']);
    expect(response.body.errors[0].detail).toBe(response.body.detail);
    expect(await deviations()).toBe(0);
  });

  it('should explain in English to a caller who prefers it', async () => {
    const response = await t.http
      .post('/api/v1/deviations')
      .set({ ...auth(reporter), 'Accept-Language': 'en' })
      .send(aDeviationBody({ rubrik: `Fel för ${REAL_LOOKING.replace('-', '')}` }));
    expect(response.status).toBe(422);
    expect(response.body.detail).toMatch(/personal identity number or coordination number/);
    expect(response.body.errors).toEqual([expect.objectContaining({ pointer: '/rubrik', code: 'personalIdentityNumber' })]);
  });

  it('should take organisation numbers and other digits as they are', async () => {
    const utfall = 'Parten 202100-5489 (16202100-5489) får fel 2026-03-14 kl 08:00, ärende AVV-2026-00042, tel 070-123 45 67.';
    const response = await t.http.post('/api/v1/deviations').set(auth(reporter)).send(aDeviationBody({ utfall }));
    expect(response.status).toBe(201);
    const [row] = await (await ownerDb()).query('SELECT utfall FROM deviation WHERE id = $1', [response.body.id]);
    expect(row.utfall).toBe(utfall);
  });

  it("should take Skatteverket's test numbers about the test environment, and only there", async () => {
    const steps = `1. Sök ${TEST_NUMBERS[0]}\n2. Sök ${TEST_NUMBERS[1].slice(2, 8)}-${TEST_NUMBERS[1].slice(8)}`;
    const inTest = await t.http
      .post('/api/v1/deviations')
      .set(auth(reporter))
      .send(aDeviationBody({ miljö: 'test', reproduktionssteg: steps }));
    expect(inTest.status).toBe(201);
    const [row] = await (await ownerDb()).query('SELECT reproduktionssteg FROM deviation WHERE id = $1', [inTest.body.id]);
    expect(row.reproduktionssteg).toBe(steps);

    const inProduction = await t.http
      .post('/api/v1/deviations')
      .set(auth(reporter))
      .send(aDeviationBody({ reproduktionssteg: steps }));
    expect(inProduction.status).toBe(422);
    const notOnTheList = await t.http
      .post('/api/v1/deviations')
      .set(auth(reporter))
      .send(aDeviationBody({ miljö: 'test', reproduktionssteg: `Sök ${REAL_LOOKING}` }));
    expect(notOnTheList.status).toBe(422);
  });

  it("should take a sole trader's organisation number, which is the owner's personnummer, where it is an identifier", async () => {
    const body = { kind: 'systemleverantör', name: 'Anderssons IT', organisationNumber: REAL_LOOKING.slice(2) };
    const created = await t.http
      .post('/api/v1/parties')
      .set(auth(await t.skrToken(Role.SkrAdmin)))
      .send(body);
    expect(created.status).toBe(201);
    const named = await t.http
      .post('/api/v1/parties')
      .set(auth(await t.skrToken(Role.SkrAdmin)))
      .send({ ...body, name: `Anderssons IT ${REAL_LOOKING}`, organisationNumber: '202100-5489' });
    expect(named.status).toBe(422);
    expect(named.body.errors).toEqual([expect.objectContaining({ pointer: '/name' })]);
  });

  it('should refuse a number in a comment, from a party or from SKR', async () => {
    const created = await t.http.post('/api/v1/deviations').set(auth(reporter)).send(aDeviationBody());
    expect(created.status).toBe(201);
    for (const token of [reporter, skr]) {
      const response = await t.http
        .post(`/api/v1/deviations/${created.body.id}/comments`)
        .set(auth(token))
        .send({ text: `Gäller ${REAL_LOOKING}` });
      expect(response.status).toBe(422);
      expect(response.body.errors).toEqual([expect.objectContaining({ pointer: '/text' })]);
    }
    expect(Number((await (await ownerDb()).query('SELECT count(*)::int AS n FROM deviation_comment'))[0].n)).toBe(0);
  });
});
