import { Role } from '../../src/actor/role';
import { SSBTEK_TEMPLATE_V1 } from '../../src/declarations/templates';
import { completeAnswers } from '../factories/declaration.factory';
import { aDriftleverantör, aParty, aUser } from '../factories/party.factory';
import { ownerDb, truncateAll } from '../support/database';
import { cookieHeader, pageClient, startPortalTest, type PortalTest } from '../support/portal';

const ANNA = { subject: 'anna-autosave-api', name: 'Anna Andersson', email: 'anna@drift.example' };
const BO = { subject: 'bo-autosave-api', name: 'Bo Berg', email: 'bo@boras.example' };
const SAVED = /^Utkastet sparat \d\d:\d\d$/;

/**
 * The autosave endpoints portal.js calls, without a browser: the version a save carries decides (412 when stale, the
 * row unchanged), a draft is the party's own, and the declaration's largest section fits the form parser as a
 * browser posts it — every field, the empty ones too.
 */
describe('portal autosave endpoints (e2e)', () => {
  let portal: PortalTest;
  const pages = pageClient(() => portal);

  beforeAll(async () => {
    portal = await startPortalTest([ANNA, BO]);
  });
  beforeEach(() => truncateAll());
  afterAll(() => portal.close());

  /** A form as portal.js sends it: urlencoded, asking for JSON. */
  const autosave = (path: string, session: { cookies: Map<string, string>; csrf: string }, fields: Record<string, string>) =>
    portal.t.http
      .post(path)
      .set('Accept', 'application/json')
      .set('Cookie', cookieHeader(session.cookies))
      .type('form')
      .send(new URLSearchParams({ _csrf: session.csrf, ...fields }).toString());
  const rows = async (sql: string) => (await ownerDb()).query(sql);

  it("should create the report's draft once it has a title, then save only at the version the page holds", async () => {
    await aUser({ partyId: (await aParty({ name: 'Göteborgs Stad' })).id, subject: ANNA.subject, role: Role.Reporter });
    await aUser({ partyId: (await aParty({ name: 'Borås Stad' })).id, subject: BO.subject, role: Role.Reporter });
    const anna = await pages.session(ANNA.subject);

    const untitled = await autosave('/deviations/drafts', anna, { draftId: '', version: '', utfall: 'Timeout' });
    expect({ status: untitled.status, body: untitled.body }).toEqual({
      status: 200,
      body: { message: 'Skriv en rubrik så sparas utkastet medan du skriver.' },
    });
    expect(await rows(`SELECT id FROM deviation`)).toEqual([]);

    // A phone number half typed is not the API's E.164 yet: it waits, the rest is saved.
    const created = await autosave('/deviations/drafts', anna, { draftId: '', version: '', rubrik: 'Långsamt', contactPhone: '07' });
    expect(created.status).toBe(200);
    const [draft] = await rows(`SELECT id, status, rubrik, kontaktpersoner, version FROM deviation`);
    expect({ ...draft, kontaktpersoner: draft.kontaktpersoner ?? [] }).toMatchObject({
      status: 'utkast',
      rubrik: 'Långsamt',
      kontaktpersoner: [],
    });
    expect(created.body).toEqual({
      draftId: draft.id,
      version: draft.version,
      message: expect.stringMatching(SAVED),
      location: `/deviations/new?draft=${draft.id}`,
    });

    const stale = await autosave('/deviations/drafts', anna, { draftId: draft.id, version: String(draft.version + 5), rubrik: 'Gammal' });
    expect({ status: stale.status, code: stale.body.code }).toEqual({ status: 412, code: 'DEVIATION_VERSION_MISMATCH' });
    const current = await autosave('/deviations/drafts', anna, { draftId: draft.id, version: String(draft.version), rubrik: 'Ny' });
    expect({ status: current.status, version: current.body.version }).toEqual({ status: 200, version: draft.version + 1 });
    expect(await rows(`SELECT rubrik, version FROM deviation`)).toEqual([{ rubrik: 'Ny', version: draft.version + 1 }]);

    const bo = await pages.session(BO.subject);
    const foreign = await autosave('/deviations/drafts', bo, { draftId: draft.id, version: String(draft.version + 1), rubrik: 'B' });
    const forged = await autosave('/deviations/drafts', anna, { draftId: 'x', version: '1', rubrik: 'B' });
    const tokenless = await autosave('/deviations/drafts', { ...anna, csrf: '' }, { rubrik: 'B' });
    expect([foreign.status, forged.status, forged.body.errors?.[0]?.pointer, tokenless.status]).toEqual([404, 400, '/draftId', 403]);
    expect(await rows(`SELECT rubrik FROM deviation`)).toEqual([{ rubrik: 'Ny' }]);
    expect((await pages.get(`/deviations/new?draft=${draft.id}`, anna.cookies)).text).toContain('value="Ny"');
  });

  it('should save the largest declaration section as a browser posts it, by autosave and by its button, and refuse a stale version', async () => {
    await aUser({ partyId: (await aDriftleverantör({ name: 'Drift AB' })).id, subject: ANNA.subject, role: Role.Reporter });
    const anna = await pages.session(ANNA.subject);
    const list = await pages.get('/declarations', anna.cookies);
    const templateId = /<option value="([0-9a-f-]{36})">/.exec(list.text)![1];
    const id = /^\/declarations\/([0-9a-f-]{36})$/.exec(
      (await pages.post('/declarations', anna.cookies, anna.csrf, `templateId=${templateId}`)).headers.location,
    )![1];
    // The miljö section: 54 questions, 40 of them yes/no with a comment box — 99 fields with the hidden ones.
    const section = SSBTEK_TEMPLATE_V1.sections.find((candidate) => candidate.key === 'miljo')!;
    const answers = completeAnswers() as Record<string, { svar: string; kommentar?: string }>;
    const fields: Record<string, string> = { version: '1', section: section.key, next: 'ovrigt' };
    for (const question of section.subsections.flatMap((subsection) => subsection.questions).filter((q) => q.filledBy === 'part')) {
      const answer = answers[question.key];
      if (answer || !['ja_nej', 'enval'].includes(question.answerType)) fields[`svar:${question.key}`] = answer?.svar ?? '';
      if (question.answerType === 'ja_nej') fields[`kommentar:${question.key}`] = answer?.kommentar ?? '';
    }
    expect(Object.keys(fields).length).toBeGreaterThan(90);

    const saved = await autosave(`/declarations/${id}/answers/autosave`, anna, fields);
    expect({ status: saved.status, body: saved.body }).toEqual({
      status: 200,
      body: { version: 2, message: expect.stringMatching(SAVED) },
    });
    const answered = Object.keys(answers).filter((key) => key.startsWith('miljo.')).length;
    expect(await rows(`SELECT count(*)::int AS n FROM declaration_answer WHERE question_key LIKE 'miljo.%'`)).toEqual([{ n: answered }]);

    const stale = await autosave(`/declarations/${id}/answers/autosave`, anna, { ...fields, version: '1' });
    expect({ status: stale.status, code: stale.body.code }).toEqual({ status: 412, code: 'DECLARATION_VERSION_MISMATCH' });
    const body = new URLSearchParams({ ...fields, version: '2' }).toString();
    const button = await pages.post(`/declarations/${id}/answers`, anna.cookies, anna.csrf, body);
    expect({ status: button.status, location: button.headers.location }).toEqual({
      status: 303,
      location: `/declarations/${id}?section=miljo`,
    });
    expect((await pages.get(button.headers.location, anna.cookies)).text).not.toContain('error-summary');
  });
});
