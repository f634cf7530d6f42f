import { randomUUID } from 'node:crypto';
import { Role } from '../../src/actor/role';
import { PartyKind } from '../../src/parties/party.entity';
import { aDeviationBody } from '../factories/deviation.factory';
import { aSignature, bastjänstTemplateId, completeAnswers, ssbtekTemplateId } from '../factories/declaration.factory';
import { aDriftleverantör, aParty } from '../factories/party.factory';
import { startTestApp, type TestApp } from '../support/app';
import { ownerDb, truncateAll } from '../support/database';
import { expectAbsentForOtherParty, expectNotFoundForOtherParty } from '../support/isolation';

const db = async () => ownerDb();
const count = async (table: string) => Number((await (await db()).query(`SELECT count(*)::int AS n FROM ${table}`))[0].n);
const NEJ_KEY = 'miljo.prestanda.svarstid-ett-90';
const NEJ_KEY_2 = 'miljo.tillganglighet.oplanerade-avbrott';

interface Body {
  id: string;
  version: number;
  status: string;
  round: number;
  answers: Record<
    string,
    { svar: string; citations: { id: string; key: string; status: string }[]; newDeviation: unknown; evidence: unknown[] }
  >;
  knownDeviations: { id: string; key: string; status: string }[];
  reviews: { round: number; outcome: string }[];
}

describe('declarations (e2e)', () => {
  let t: TestApp;
  let partyId: string;
  let reporter: string;
  let foreign: string;
  let foreignPartyId: string;
  let skr: string;
  let templateId: string;

  beforeAll(async () => {
    t = await startTestApp();
  });
  beforeEach(async () => {
    await truncateAll();
    partyId = (await aDriftleverantör({ name: 'Drift <IT> AB' })).id;
    foreignPartyId = (await aDriftleverantör()).id;
    reporter = await t.partyToken(partyId, Role.Reporter, 'anna@kommun');
    foreign = await t.partyToken(foreignPartyId, Role.Admin);
    skr = await t.skrToken();
    templateId = await ssbtekTemplateId();
  });
  afterAll(() => t.close());

  const auth = (token: string) => ({ Authorization: `Bearer ${token}` });
  const start = async (token = reporter): Promise<Body> => {
    const response = await t.http.post('/api/v1/declarations').set(auth(token)).send({ templateId });
    expect(response.status).toBe(201);
    return response.body as Body;
  };
  const put = (d: { id: string; version: number }, what: string, body: object, token = reporter) =>
    t.http.put(`/api/v1/declarations/${d.id}/${what}`).set(auth(token)).set('If-Match', `W/"${d.version}"`).send(body);
  const aDeviation = async (token = reporter, overrides: Record<string, unknown> = {}) => {
    const created = await t.http.post('/api/v1/deviations').set(auth(token)).send(aDeviationBody(overrides));
    expect(created.status).toBe(201);
    const submitted = await t.http.post(`/api/v1/deviations/${created.body.id}/submit`).set(auth(token));
    expect(submitted.status).toBe(200);
    return submitted.body as { id: string; key: string };
  };
  /** A declaration with every required answer and a signature, ready to submit. */
  const readyToSubmit = async (overrides: Record<string, unknown> = {}): Promise<Body> => {
    let d = await start();
    const answered = await put(d, 'answers', { answers: completeAnswers(overrides) });
    expect(answered.status).toBe(200);
    d = answered.body;
    const signed = await put(d, 'signature', aSignature);
    expect(signed.status).toBe(200);
    return signed.body as Body;
  };
  const submit = async (d: { id: string }) => {
    const response = await t.http.post(`/api/v1/declarations/${d.id}/submit`).set(auth(reporter));
    expect(response.status).toBe(200);
    return response.body as Body;
  };
  const review = (d: { id: string }, body: object, token = skr) =>
    t.http.post(`/api/v1/declarations/${d.id}/reviews`).set(auth(token)).send(body);

  it('should start a draft pinned to the template and write row and history', async () => {
    const response = await t.http.post('/api/v1/declarations').set(auth(reporter)).send({ templateId });
    expect(response.status).toBe(201);
    expect(response.headers.etag).toBe('W/"1"');
    expect(response.body).toMatchObject({
      status: 'utkast',
      round: 1,
      templateId,
      templateName: 'ssbtek',
      templateVersion: 1,
      partyId,
      answers: {},
      signature: null,
    });
    const rows = await (await db()).query(`SELECT party_id, template_id, status, created_by FROM declaration`);
    expect(rows).toEqual([{ party_id: partyId, template_id: templateId, status: 'utkast', created_by: 'anna@kommun' }]);
    const [audit] = await (await db()).query(`SELECT action, entity_id FROM audit_entry WHERE entity_type = 'declaration'`);
    expect(audit).toEqual({ action: 'declaration.created', entity_id: response.body.id });
    const unknown = await t.http.post('/api/v1/declarations').set(auth(reporter)).send({ templateId: randomUUID() });
    expect(unknown.status).toBe(422);
    expect(unknown.body.errors[0].pointer).toBe('/templateId');
  });

  it('should refuse a template meant for another kind of party with 422 and a pointer, and start nothing', async () => {
    const kommun = await t.partyToken((await aParty({ kind: PartyKind.Kommun })).id, Role.Admin);
    const agency = await aParty({ kind: PartyKind.Uppgiftslämnare });
    const uppgiftslämnare = await t.partyToken(agency.id, Role.Admin);
    for (const token of [kommun, uppgiftslämnare]) {
      const refused = await t.http.post('/api/v1/declarations').set(auth(token)).send({ templateId });
      expect(refused.status).toBe(422);
      expect(refused.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(refused.body).toMatchObject({
        code: 'TEMPLATE_NOT_FOR_PARTY_KIND',
        errors: [{ pointer: '/templateId', code: 'partyKind', detail: 'Filled in by: driftleverantör.' }],
      });
    }
    expect(await (await db()).query(`SELECT id FROM declaration`)).toEqual([]);
    expect(await (await db()).query(`SELECT id FROM audit_entry WHERE entity_type = 'declaration'`)).toEqual([]);

    // A role beside the main one counts (Försäkringskassan: Uppgiftslämnare and the Driftleverantör).
    const both = await aParty({ kind: PartyKind.Uppgiftslämnare, additionalKinds: [PartyKind.Driftleverantör] });
    const started = await t.http
      .post('/api/v1/declarations')
      .set(auth(await t.partyToken(both.id, Role.Admin)))
      .send({ templateId });
    expect(started.status).toBe(201);
    const bastjänst = await bastjänstTemplateId();
    const own = await t.http.post('/api/v1/declarations').set(auth(uppgiftslämnare)).send({ templateId: bastjänst });
    expect(own.status).toBe(201);
    expect(await start()).toMatchObject({ templateName: 'ssbtek' });
    const notOurs = await t.http.post('/api/v1/declarations').set(auth(reporter)).send({ templateId: bastjänst });
    expect(notOurs.body).toMatchObject({ status: 422, code: 'TEMPLATE_NOT_FOR_PARTY_KIND' });
    const rows = (await (await db()).query(`SELECT party_id FROM declaration`)) as { party_id: string }[];
    expect(rows.map((r) => r.party_id).sort()).toEqual([both.id, agency.id, partyId].sort());
  });

  it('should cite own deviations with evidence, register an inline deviation on submit, and lock', async () => {
    const known = await aDeviation();
    const [attachment] = await (
      await db()
    ).query(
      `INSERT INTO deviation_attachment (deviation_id, party_id, filename, content_type, size_bytes, sha256, storage_key, uploaded_by)
       VALUES ($1, $2, 'testrapport.pdf', 'application/pdf', 100, $3, 'k', 'anna@kommun') RETURNING id`,
      [known.id, partyId, 'a'.repeat(64)],
    );
    let d = await readyToSubmit({
      [NEJ_KEY]: {
        svar: 'nej',
        kommentar: 'Se testrapporten',
        citations: [known.key],
        evidence: [{ attachmentId: attachment.id, locator: 'Sida 4, figur 2' }],
      },
      [NEJ_KEY_2]: { svar: 'nej', newDeviation: aDeviationBody({ rubrik: 'Fem oplanerade avbrott under året' }) },
    });
    expect(d.answers[NEJ_KEY].citations).toEqual([{ id: known.id, key: known.key, rubrik: expect.any(String), status: 'inskickad' }]);
    expect(d.answers[NEJ_KEY].evidence).toEqual([{ attachmentId: attachment.id, deviationId: known.id, locator: 'Sida 4, figur 2' }]);
    expect(await count('deviation')).toBe(1);

    d = await submit(d);
    expect(d).toMatchObject({ status: 'inskickad', round: 1 });
    const [registered] = await (await db()).query(`SELECT id, key, status, party_id, rubrik FROM deviation WHERE id <> $1`, [known.id]);
    expect(registered).toMatchObject({ status: 'inskickad', party_id: partyId, rubrik: 'Fem oplanerade avbrott under året' });
    expect(d.answers[NEJ_KEY_2]).toMatchObject({
      newDeviation: null,
      citations: [{ id: registered.id, key: registered.key, status: 'inskickad' }],
    });
    const [answerRow] = await (
      await db()
    ).query(`SELECT citations, new_deviation FROM declaration_answer WHERE question_key = $1`, [NEJ_KEY_2]);
    expect(answerRow).toEqual({ citations: [registered.id], new_deviation: null });
    expect(d.knownDeviations.map((k) => k.id).sort()).toEqual([known.id, registered.id].sort());
    const actions = (await (await db()).query(`SELECT action FROM audit_entry ORDER BY id`)).map((r: { action: string }) => r.action);
    expect(actions).toEqual(
      expect.arrayContaining([
        'declaration.answers_updated',
        'declaration.signed',
        'deviation.created',
        'deviation.submitted',
        'declaration.submitted',
      ]),
    );

    const locked = await put(d, 'answers', { answers: { [NEJ_KEY]: { svar: 'ja' } } });
    expect(locked.status).toBe(409);
    expect(locked.body.code).toBe('DECLARATION_LOCKED');
    expect((await put(d, 'signature', aSignature)).status).toBe(409);
    expect((await put(d, 'known-deviations', { deviations: [] })).status).toBe(409);
    expect((await t.http.post(`/api/v1/declarations/${d.id}/submit`).set(auth(reporter))).status).toBe(409);
    const [row] = await (await db()).query(`SELECT status, round, submitted_at IS NOT NULL AS submitted FROM declaration`);
    expect(row).toEqual({ status: 'inskickad', round: 1, submitted: true });
  });

  it('should show a cited deviation with its current status', async () => {
    const known = await aDeviation();
    const d = await readyToSubmit({ [NEJ_KEY]: { svar: 'nej', citations: [known.id] } });
    await t.http.post(`/api/v1/deviations/${known.id}/status`).set(auth(skr)).send({ status: 'löst', resolution: 'Åtgärdat' });
    const response = await t.http.get(`/api/v1/declarations/${d.id}`).set(auth(reporter));
    expect(response.body.answers[NEJ_KEY].citations[0]).toMatchObject({ key: known.key, status: 'löst' });
  });

  it('should reject invalid answers with pointers and write nothing', async () => {
    const own = await aDeviation();
    const withdrawn = await aDeviation();
    await t.http.post(`/api/v1/deviations/${withdrawn.id}/withdraw`).set(auth(reporter)).send({});
    const theirs = await aDeviation(foreign);
    const d = await start();
    const cases: [Record<string, unknown>, string, string][] = [
      [{ 'no.such.question': { svar: 'ja' } }, '/answers/no.such.question', 'unknownQuestion'],
      [{ 'underskrifter.resultat.bedomning': { svar: 'godkand' } }, '/answers/underskrifter.resultat.bedomning', 'filledBySkr'],
      [{ 'underskrifter.kontaktperson.namn': { svar: 'Anna' } }, '/answers/underskrifter.kontaktperson.namn', 'signature'],
      [{ [NEJ_KEY]: { svar: 'kanske' } }, `/answers/${NEJ_KEY}/svar`, 'isIn'],
      [{ [NEJ_KEY]: { svar: 'ej_relevant' } }, `/answers/${NEJ_KEY}/kommentar`, 'required'],
      [{ [NEJ_KEY]: { svar: 'nej' } }, `/answers/${NEJ_KEY}/citations`, 'required'],
      [{ [NEJ_KEY]: { svar: 'ja', okänt: 1 } }, `/answers/${NEJ_KEY}/okänt`, 'unknownField'],
      [{ [NEJ_KEY]: { svar: 'nej', newDeviation: { rubrik: '' } } }, `/answers/${NEJ_KEY}/newDeviation/rubrik`, 'minLength'],
      [
        { 'anslutningsobjekt.organisation.organisationsnummer': { svar: '123456-7890' } },
        '/answers/anslutningsobjekt.organisation.organisationsnummer/svar',
        'organisationsnummer',
      ],
      [
        { [NEJ_KEY]: { svar: 'nej', citations: [own.key], evidence: [{ attachmentId: randomUUID(), locator: 'Sida 1' }] } },
        `/answers/${NEJ_KEY}/evidence/0/attachmentId`,
        'citable',
      ],
    ];
    for (const [answers, pointer, code] of cases) {
      const response = await put(d, 'answers', { answers: { ...answers, 'anslutningsobjekt.organisation.namn': { svar: 'Giltigt' } } });
      expect({ pointer, status: response.status }).toEqual({ pointer, status: response.status === 400 ? 400 : 422 });
      expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(response.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ pointer, code })]));
    }

    // A foreign deviation answers exactly like one that does not exist, and like a withdrawn one of one's own.
    const citing = async (ref: string) => (await put(d, 'answers', { answers: { [NEJ_KEY]: { svar: 'nej', citations: [ref] } } })).body;
    const [foreignKey, foreignId, unknownKey, unknownId, withdrawnKey] = await Promise.all(
      [theirs.key, theirs.id, 'AVV-2026-99999', randomUUID(), withdrawn.key].map(citing),
    );
    for (const body of [foreignKey, foreignId, unknownKey, unknownId, withdrawnKey]) {
      expect(body).toMatchObject({ status: 422, code: 'DECLARATION_ANSWERS_INVALID' });
      expect(body.errors).toEqual([{ pointer: `/answers/${NEJ_KEY}/citations/0`, detail: unknownKey.errors[0].detail, code: 'citable' }]);
    }
    expect(await count('declaration_answer')).toBe(0);
    const [row] = await (await db()).query(`SELECT version FROM declaration`);
    expect(row.version).toBe(1);
    expect(await count(`audit_entry WHERE action = 'declaration.answers_updated'`)).toBe(0);
  });

  it('should require If-Match and refuse a stale one', async () => {
    const d = await start();
    const missing = await t.http.put(`/api/v1/declarations/${d.id}/answers`).set(auth(reporter)).send({ answers: {} });
    expect(missing.status).toBe(428);
    expect((await put(d, 'answers', { answers: { [NEJ_KEY]: { svar: 'ja' } } })).status).toBe(200);
    const stale = await put(d, 'answers', { answers: { [NEJ_KEY]: { svar: 'ej_relevant', kommentar: 'Gäller inte oss' } } });
    expect(stale.status).toBe(412);
    const [answer] = await (await db()).query(`SELECT svar FROM declaration_answer`);
    expect(answer.svar).toBe('ja');
  });

  it('should refuse an incomplete submit with pointers and leave the draft as it was', async () => {
    let d = await start();
    d = (
      await put(d, 'answers', {
        answers: completeAnswers({ [NEJ_KEY]: null, [NEJ_KEY_2]: { svar: 'nej', newDeviation: { rubrik: 'Bara en rubrik' } } }),
      })
    ).body;
    const response = await t.http.post(`/api/v1/declarations/${d.id}/submit`).set(auth(reporter));
    expect(response.status).toBe(422);
    expect(response.body.code).toBe('DECLARATION_INCOMPLETE');
    const pointers = response.body.errors.map((e: { pointer: string }) => e.pointer);
    expect(pointers).toEqual(expect.arrayContaining([`/answers/${NEJ_KEY}`, '/signature', `/answers/${NEJ_KEY_2}/newDeviation/utfall`]));
    expect(pointers).not.toContain('/answers/underskrifter.resultat.bedomning');
    const [row] = await (await db()).query(`SELECT status, submitted_at FROM declaration`);
    expect(row).toEqual({ status: 'utkast', submitted_at: null });
    expect(await count('deviation')).toBe(0);
  });

  it('should keep every review round: förbehåll reopens the items, icke godkänd a new round, godkänd closes', async () => {
    let d = await submit(await readyToSubmit());

    const noDate = await review(d, { outcome: 'godkänd_med_förbehåll', reviewerName: 'Eva Ek' });
    expect(noDate.status).toBe(422);
    expect(noDate.body.errors[0].pointer).toBe('/agreedDate');
    expect(await count('declaration_review')).toBe(0);

    const reserved = await review(d, {
      outcome: 'godkänd_med_förbehåll',
      reviewerName: 'Eva Ek',
      comment: 'Svarstiderna',
      agreedDate: '2026-05-01',
      items: [NEJ_KEY],
    });
    expect(reserved.status).toBe(201);
    expect(reserved.body).toMatchObject({
      status: 'komplettering',
      reopenedKeys: [NEJ_KEY],
      reviews: [{ round: 1, outcome: 'godkänd_med_förbehåll', agreedDate: '2026-05-01', reviewer: 'Eva Ek' }],
    });
    d = reserved.body;
    const notReopened = await put(d, 'answers', { answers: { [NEJ_KEY_2]: { svar: 'ej_relevant', kommentar: 'x' } } });
    expect(notReopened.status).toBe(422);
    expect(notReopened.body.errors[0]).toMatchObject({ pointer: `/answers/${NEJ_KEY_2}`, code: 'notReopened' });
    d = (await put(d, 'answers', { answers: { [NEJ_KEY]: { svar: 'ja', kommentar: 'Omtestat 2026-04-20' } } })).body;
    d = await submit(d);
    expect(d).toMatchObject({ status: 'inskickad', round: 2 });

    const noTimetable = await review(d, { outcome: 'icke_godkänd', reviewerName: 'Eva Ek' });
    expect(noTimetable.status).toBe(422);
    expect(noTimetable.body.errors[0].pointer).toBe('/newTimetable');
    const rejected = await review(d, {
      outcome: 'icke_godkänd',
      reviewerName: 'Eva Ek',
      newTimetable: 'Nya tester vecka 20, granskning vecka 22',
    });
    expect(rejected.body).toMatchObject({ status: 'icke_godkänd', reviews: [{ round: 1 }, { round: 2, outcome: 'icke_godkänd' }] });
    d = await submit(rejected.body);
    expect(d).toMatchObject({ status: 'inskickad', round: 3 });

    const approved = await review(d, { outcome: 'godkänd', reviewerName: 'Eva Ek' });
    expect(approved.body.status).toBe('godkänd');
    expect((await review(d, { outcome: 'godkänd', reviewerName: 'Eva Ek' })).status).toBe(409);
    expect((await put(approved.body, 'answers', { answers: { [NEJ_KEY]: { svar: 'ja' } } })).status).toBe(409);
    const rows = await (
      await db()
    ).query(`SELECT round, outcome, agreed_date::text, new_timetable, reviewer_name FROM declaration_review ORDER BY round`);
    expect(rows).toEqual([
      { round: 1, outcome: 'godkänd_med_förbehåll', agreed_date: '2026-05-01', new_timetable: null, reviewer_name: 'Eva Ek' },
      {
        round: 2,
        outcome: 'icke_godkänd',
        agreed_date: null,
        new_timetable: 'Nya tester vecka 20, granskning vecka 22',
        reviewer_name: 'Eva Ek',
      },
      { round: 3, outcome: 'godkänd', agreed_date: null, new_timetable: null, reviewer_name: 'Eva Ek' },
    ]);
    const [row] = await (await db()).query(`SELECT status, round FROM declaration`);
    expect(row).toEqual({ status: 'godkänd', round: 3 });
    expect(await count(`audit_entry WHERE action = 'declaration.reviewed'`)).toBe(3);
  });

  it('should not let a party post a review, nor SKR review or see a draft', async () => {
    const draft = await start();
    const byParty = await review(draft, { outcome: 'godkänd', reviewerName: 'Anna' }, reporter);
    expect(byParty.status).toBe(403);
    expect((await t.http.get(`/api/v1/declarations/${draft.id}`).set(auth(skr))).status).toBe(404);
    expect((await review(draft, { outcome: 'godkänd', reviewerName: 'Eva Ek' })).status).toBe(404);
    const skrList = await t.http.get('/api/v1/declarations').set(auth(skr));
    expect(skrList.body).toEqual([]);
    const submitted = await submit(await readyToSubmit());
    const byPartyAfter = await review(submitted, { outcome: 'godkänd', reviewerName: 'Anna' }, reporter);
    expect(byPartyAfter.status).toBe(403);
    expect(await count('declaration_review')).toBe(0);
    const filtered = await t.http.get(`/api/v1/declarations?partyId=${partyId}&status=inskickad`).set(auth(skr));
    expect(filtered.body.map((d: { id: string }) => d.id)).toEqual([submitted.id]);
    const otherParty = await t.http.get(`/api/v1/declarations?partyId=${foreignPartyId}`).set(auth(skr));
    expect(otherParty.body).toEqual([]);
  });

  it('should answer 404 to another party for the declaration, its answers, citations, signature, submit and export', async () => {
    const own = await aDeviation();
    const d = await readyToSubmit({ [NEJ_KEY]: { svar: 'nej', citations: [own.key] } });
    const ifMatch = { 'If-Match': `W/"${d.version}"` };
    for (const call of [
      { method: 'get' as const, path: `/api/v1/declarations/${d.id}` },
      { method: 'get' as const, path: `/api/v1/declarations/${d.id}/known-deviations` },
      { method: 'get' as const, path: `/api/v1/declarations/${d.id}/export` },
      {
        method: 'put' as const,
        path: `/api/v1/declarations/${d.id}/answers`,
        body: { answers: { [NEJ_KEY]: { svar: 'ja' } } },
        headers: ifMatch,
      },
      { method: 'put' as const, path: `/api/v1/declarations/${d.id}/known-deviations`, body: { deviations: [] }, headers: ifMatch },
      { method: 'put' as const, path: `/api/v1/declarations/${d.id}/signature`, body: aSignature, headers: ifMatch },
      { method: 'post' as const, path: `/api/v1/declarations/${d.id}/submit` },
    ]) {
      await expectNotFoundForOtherParty(t, foreign, call);
    }
    await expectAbsentForOtherParty(t, foreign, '/api/v1/declarations', [d.id]);
    const [row] = await (await db()).query(`SELECT status, version FROM declaration`);
    expect(row).toEqual({ status: 'utkast', version: d.version });
    // The foreign party cannot cite this party's deviation in its own declaration either.
    const theirs = await start(foreign);
    const citing = await put(theirs, 'answers', { answers: { [NEJ_KEY]: { svar: 'nej', citations: [own.key] } } }, foreign);
    expect(citing.status).toBe(422);
    expect(citing.body.errors[0]).toMatchObject({ pointer: `/answers/${NEJ_KEY}/citations/0`, code: 'citable' });
  });

  it('should derive the known deviations from citations until the party edits the list', async () => {
    const a = await aDeviation();
    const b = await aDeviation();
    let d = await start();
    d = (await put(d, 'answers', { answers: { [NEJ_KEY]: { svar: 'nej', citations: [a.key, b.id] } } })).body;
    const derived = await t.http.get(`/api/v1/declarations/${d.id}/known-deviations`).set(auth(reporter));
    expect(derived.body.map((k: { key: string }) => k.key)).toEqual([a.key, b.key]);
    const foreignDeviation = await aDeviation(foreign);
    const refused = await put(d, 'known-deviations', { deviations: [a.key, foreignDeviation.key] });
    expect(refused.status).toBe(422);
    expect(refused.body.errors).toEqual([expect.objectContaining({ pointer: '/deviations/1', code: 'citable' })]);
    const edited = await put(d, 'known-deviations', { deviations: [b.key] });
    expect(edited.body).toMatchObject({ knownDeviationsEdited: true, knownDeviations: [{ key: b.key }] });
    const [row] = await (await db()).query(`SELECT known_deviation_ids FROM declaration`);
    expect(row.known_deviation_ids).toEqual([b.id]);
  });

  it('should export a print-ready, escaped HTML document with Swedish headings and the review decision', async () => {
    const known = await aDeviation(reporter, { rubrik: 'Timeout <script>alert(1)</script>' });
    const d = await submit(
      await readyToSubmit({
        [NEJ_KEY]: { svar: 'nej', citations: [known.key] },
        'anslutningsobjekt.produktbeteckning.produkt': { svar: 'SSBTEK <b>3.2</b> & "mer"' },
      }),
    );
    await review(d, { outcome: 'godkänd_med_förbehåll', reviewerName: 'Eva Ek', agreedDate: '2026-05-01', comment: 'Svarstider' });
    const response = await t.http.get(`/api/v1/declarations/${d.id}/export`).set(auth(reporter));
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toBe('text/html; charset=utf-8');
    const html = response.text;
    expect(html).toMatch(/^<!DOCTYPE html>/);
    expect(html).not.toContain('<script>');
    expect(html).not.toContain('<b>3.2</b>');
    expect(html).toContain('SSBTEK &lt;b&gt;3.2&lt;/b&gt; &amp; &quot;mer&quot;');
    expect(html).toContain('Drift &lt;IT&gt; AB');
    for (const heading of [
      '<h1>Självdeklaration SSBTEK</h1>',
      '<h2>Miljö runt SSBTEK</h2>',
      '<h2>Kända avvikelser vid driftstart</h2>',
      '<h2>Underskrift</h2>',
      '<h2>SKR:s bedömning</h2>',
    ]) {
      expect(html).toContain(heading);
    }
    expect(html).toContain(`${known.key} Timeout &lt;script&gt;alert(1)&lt;/script&gt; (Inskickad)`);
    expect(html).toContain('Godkänd med förbehåll');
    expect(html).toContain('2026-05-01');
    const bySkr = await t.http.get(`/api/v1/declarations/${d.id}/export`).set(auth(skr));
    expect(bySkr.status).toBe(200);
  });
});
