import { Role } from '../../src/actor/role';
import { SSBTEK_TEMPLATE_V1 } from '../../src/declarations/templates';
import { aDeviationBody } from '../factories/deviation.factory';
import { bastjänstTemplateId, completeAnswers } from '../factories/declaration.factory';
import { aDriftleverantör, aUser } from '../factories/party.factory';
import { ownerDb, truncateAll } from '../support/database';
import { cookieHeader, logIn, startPortalTest, type PortalTest } from '../support/portal';
import { ONE_PIXEL_PNG } from '../support/portal-journeys';

const ANNA = { subject: 'anna-declarations', name: 'Anna Andersson', email: 'anna@drift.example' };
const BO = { subject: 'bo-declarations', name: 'Bo Berg', email: 'bo@drift.example' };
const XSS = '<script>alert(1)</script><img src=x onerror=alert(2)>"\'';
const NEJ_KEY = 'miljo.prestanda.svarstid-ett-90';
const PRODUCT_KEY = 'anslutningsobjekt.produktbeteckning.produkt';
/** The attachment limit for this file. */
const LIMIT = 64 * 1024;
const PDF = Buffer.from('%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n');

/** Issue 22: the declaration pages fill in, cite, sign and submit through the API's services with the same Actor. */
describe('portal declaration pages (e2e)', () => {
  let portal: PortalTest;

  beforeAll(async () => {
    // A small attachment limit, so a file too large is quick to send.
    portal = await startPortalTest([ANNA, BO], { ATTACHMENT_MAX_BYTES: String(LIMIT) });
  });
  beforeEach(() => truncateAll());
  afterAll(() => portal.close());

  const signIn = async (subject: string, name: string) => {
    const party = await aDriftleverantör({ name });
    await aUser({ partyId: party.id, subject, role: Role.Reporter });
    const { cookies } = await logIn(portal, subject);
    return { party, cookies };
  };
  const get = (path: string, cookies: Map<string, string>) =>
    portal.t.http.get(path).set('Accept', 'text/html').set('Cookie', cookieHeader(cookies));
  const csrfOf = async (cookies: Map<string, string>) => /name="_csrf" value="([^"]+)"/.exec((await get('/', cookies)).text)![1];
  const post = async (path: string, cookies: Map<string, string>, form: Record<string, string | string[]>) =>
    portal.t.http
      .post(path)
      .set('Accept', 'text/html')
      .set('Cookie', cookieHeader(cookies))
      .type('form')
      .send({ _csrf: await csrfOf(cookies), ...form });
  const versionOf = async (id: string, cookies: Map<string, string>) =>
    /name="version" value="(\d+)"/.exec((await get(`/declarations/${id}`, cookies)).text)![1];
  const row = async (id: string) =>
    (
      (await (await ownerDb()).query(`SELECT status, signature_name, round FROM declaration WHERE id = $1`, [id])) as Record<
        string,
        unknown
      >[]
    )[0];
  const answerOf = async (key: string) =>
    (
      (await (await ownerDb()).query(`SELECT svar, kommentar, citations FROM declaration_answer WHERE question_key = $1`, [key])) as {
        svar: string;
        kommentar: string | null;
        citations: string[];
      }[]
    )[0];
  /** A deviation of the party, submitted over the API, for the declaration to cite. */
  const aDeviation = async (partyId: string, rubrik: string) => {
    const auth = { Authorization: `Bearer ${await portal.t.partyToken(partyId)}` };
    const created = await portal.t.http.post('/api/v1/deviations').set(auth).send(aDeviationBody({ rubrik })).expect(201);
    await portal.t.http.post(`/api/v1/deviations/${created.body.id}/submit`).set(auth).expect(200);
    return created.body as { id: string; key: string };
  };
  const start = async (cookies: Map<string, string>) => {
    const list = await get('/declarations', cookies);
    const templateId = /<option value="([0-9a-f-]{36})">/.exec(list.text)![1];
    const started = await post('/declarations', cookies, { templateId });
    expect(started.status).toBe(303);
    return /^\/declarations\/([0-9a-f-]{36})$/.exec(started.headers.location)![1];
  };
  /** Every section saved from its form, as a person would: the answers of completeAnswers, with `overrides`. */
  const fillIn = async (id: string, cookies: Map<string, string>, overrides: Record<string, { svar: string; kommentar?: string }>) => {
    const answers = completeAnswers(overrides) as Record<string, { svar: string; kommentar?: string }>;
    for (const section of SSBTEK_TEMPLATE_V1.sections) {
      const fields: Record<string, string> = { section: section.key, version: await versionOf(id, cookies) };
      for (const question of section.subsections.flatMap((s) => s.questions)) {
        const answer = answers[question.key];
        if (!answer) continue;
        fields[`svar:${question.key}`] = answer.svar;
        if (answer.kommentar) fields[`kommentar:${question.key}`] = answer.kommentar;
      }
      const saved = await post(`/declarations/${id}/answers`, cookies, fields);
      expect({ section: section.key, location: saved.headers.location }).toEqual({
        section: section.key,
        location: `/declarations/${id}?section=${encodeURIComponent(section.key)}`,
      });
      expect((await get(saved.headers.location, cookies)).text).not.toContain('error-summary');
    }
  };

  it('should offer only the templates for the party kind and answer a forged start with the API error page', async () => {
    const { cookies } = await signIn(ANNA.subject, 'Drift AB');
    const other = await bastjänstTemplateId();
    const list = await get('/declarations', cookies);
    expect(list.status).toBe(200);
    expect(list.text).toContain('Självdeklaration SSBTEK');
    expect(list.text).not.toContain(other);
    const forged = await post('/declarations', cookies, { templateId: other });
    expect(forged.status).toBe(422);
    expect(forged.headers['content-type']).toMatch(/^text\/html/);
    expect(await (await ownerDb()).query(`SELECT id FROM declaration`)).toEqual([]);
  });

  it('should fill in section by section, cite a deviation from the picker, sign and submit, with every stored text inert', async () => {
    const { party, cookies } = await signIn(ANNA.subject, `Drift ${XSS}`);
    const cited = await aDeviation(party.id, `Svarstider ${XSS}`);
    const id = await start(cookies);
    const first = await get(`/declarations/${id}`, cookies);
    expect(first.text).toContain('Anslutningsobjekt: 0 av 3 besvarade');

    const picker = await get(`/declarations/${id}/citations?question=${NEJ_KEY}&q=Svarstider`, cookies);
    expect(picker.status).toBe(200);
    expect(picker.text).toContain(`Lägg till ${cited.key}`);
    const added = await post(`/declarations/${id}/citations`, cookies, {
      version: await versionOf(id, cookies),
      question: NEJ_KEY,
      deviation: cited.id,
      op: 'add',
    });
    expect(added.headers.location).toBe(`/declarations/${id}/citations?question=${NEJ_KEY}`);
    expect(await answerOf(NEJ_KEY)).toEqual({ svar: 'nej', kommentar: null, citations: [cited.id] });
    expect((await get(added.headers.location, cookies)).text).toContain(`Ta bort ${cited.key}`);

    await fillIn(id, cookies, { [NEJ_KEY]: { svar: 'nej' }, [PRODUCT_KEY]: { svar: `SSBTEK 3.2 ${XSS}` } });
    expect(await answerOf(NEJ_KEY)).toEqual({ svar: 'nej', kommentar: null, citations: [cited.id] });
    expect((await get(`/declarations/${id}`, cookies)).text).toContain('Anslutningsobjekt: 3 av 3 besvarade');

    const unsigned = await post(`/declarations/${id}/submit`, cookies, {});
    expect(unsigned.headers.location).toBe(`/declarations/${id}#submit`);
    expect((await get(`/declarations/${id}`, cookies)).text).toContain('id="signature-name-error"');
    expect(await row(id)).toMatchObject({ status: 'utkast' });

    const signed = await post(`/declarations/${id}/signature`, cookies, {
      version: await versionOf(id, cookies),
      namn: `Anna ${XSS}`,
      datum: '2026-03-02',
    });
    expect(signed.headers.location).toBe(`/declarations/${id}#signature`);
    const evidence = await portal.t.http
      .post(`/declarations/${id}/evidence`)
      .query({ _csrf: await csrfOf(cookies) })
      .set('Accept', 'text/html')
      .set('Cookie', cookieHeader(cookies))
      .attach('file', PDF, 'test.pdf');
    expect(evidence.headers.location).toBe(`/declarations/${id}#files`);
    expect((await post(`/declarations/${id}/submit`, cookies, {})).headers.location).toBe(`/declarations/${id}`);
    expect(await row(id)).toMatchObject({ status: 'inskickad', signature_name: `Anna ${XSS}` });

    const fileId = /\/declarations\/[0-9a-f-]{36}\/evidence\/([0-9a-f-]{36})/.exec((await get(`/declarations/${id}`, cookies)).text)![1];
    const download = await get(`/declarations/${id}/evidence/${fileId}`, cookies);
    expect(download.status).toBe(200);
    for (const path of ['/', '/declarations', `/declarations/${id}`, `/declarations/${id}?section=miljo`, `/declarations/${id}/print`]) {
      const page = await get(path, cookies);
      expect({ path, status: page.status }).toEqual({ path, status: 200 });
      expect(page.text).not.toMatch(/<script>alert|<img src=x/);
    }
    const print = (await get(`/declarations/${id}/print`, cookies)).text;
    expect(print).toContain(`${cited.key} Svarstider &lt;script&gt;alert(1)&lt;/script&gt;`);
    expect(print).toContain('SSBTEK 3.2 &lt;script&gt;');
    expect((await get(`/declarations/${id}?section=miljo`, cookies)).text).toContain(`${cited.key} Svarstider &lt;script&gt;`);
  });

  it('should show the review outcome and what to complete, and reopen only those questions', async () => {
    const { party, cookies } = await signIn(ANNA.subject, 'Drift AB');
    await aDeviation(party.id, 'Svarstider');
    const id = await start(cookies);
    await fillIn(id, cookies, {});
    await post(`/declarations/${id}/signature`, cookies, { version: await versionOf(id, cookies), namn: 'Anna', datum: '2026-03-02' });
    expect((await post(`/declarations/${id}/submit`, cookies, {})).headers.location).toBe(`/declarations/${id}`);
    const skr = { Authorization: `Bearer ${await portal.t.skrToken()}` };
    await portal.t.http
      .post(`/api/v1/declarations/${id}/reviews`)
      .set(skr)
      .send({
        outcome: 'godkänd_med_förbehåll',
        reviewerName: `Eva ${XSS}`,
        agreedDate: '2026-05-01',
        comment: `Rätta ${XSS}`,
        items: [PRODUCT_KEY],
      })
      .expect(201);
    const page = (await get(`/declarations/${id}`, cookies)).text;
    expect(page).toContain('Godkänd med förbehåll');
    expect(page).toContain('2026-05-01');
    expect(page).toContain('Produktnamn och version som hanterar informationen för SSBTEK.');
    expect(page).toContain('Rätta &lt;script&gt;');
    expect(page).not.toMatch(/<script>alert|<img src=x/);
    expect(page).toContain(`name="svar:${PRODUCT_KEY}"`);
    expect(page).not.toContain('name="svar:anslutningsobjekt.organisation.namn"');
    expect((await get('/', cookies)).text).toContain('Godkänd med förbehåll');
  });

  it('should cite the deviation reported from the citation picker in its answer and come back to the picker', async () => {
    const { cookies } = await signIn(ANNA.subject, 'Drift AB');
    const id = await start(cookies);
    const picker = `/declarations/${id}/citations?question=${NEJ_KEY}`;
    const link = `/deviations/new?returnTo=${encodeURIComponent(picker)}&citeIn=${id}&question=${NEJ_KEY}`;
    expect((await get(picker, cookies)).text).toContain(`href="${link.replaceAll('&', '&amp;')}"`);
    const form = (await get(link, cookies)).text;
    for (const [name, value] of [
      ['returnTo', picker],
      ['citeIn', id],
      ['question', NEJ_KEY],
    ]) {
      expect(form).toContain(`name="${name}" value="${value.replaceAll('&', '&amp;')}"`);
    }
    const report = (rubrik: string, context: Record<string, string>) =>
      post('/deviations', cookies, {
        ...context,
        rubrik,
        reproduktionssteg: '1. Sök',
        utfall: 'Timeout',
        del: 'gränssnitt_mot_frågetjänster',
        miljö: 'produktion',
        kravreferens: 'SLA 4.8.1',
        påverkan: '2',
        contactName: 'Anna',
        contactPhone: '070-123 45 67',
        contactEmail: 'anna@drift.example',
      });
    const reported = await report('Svarstider över 7 sekunder', { returnTo: picker, citeIn: id, question: NEJ_KEY });
    const [deviation] = (await (await ownerDb()).query(`SELECT id, key, status FROM deviation`)) as {
      id: string;
      key: string;
      status: string;
    }[];
    expect(deviation.status).toBe('inskickad');
    expect(reported.headers.location).toBe(picker);
    expect(await answerOf(NEJ_KEY)).toEqual({ svar: 'nej', kommentar: null, citations: [deviation.id] });
    expect((await get(reported.headers.location, cookies)).text).toContain(`Ta bort ${deviation.key}`);

    // A link from before (no citeIn) still comes back to the picker with the new deviation found, to add by hand.
    const uncited = await report('Svarstider över 8 sekunder', { returnTo: picker });
    const [{ key }] = (await (await ownerDb()).query(`SELECT key FROM deviation WHERE rubrik = 'Svarstider över 8 sekunder'`)) as {
      key: string;
    }[];
    expect(uncited.headers.location).toBe(`${picker}&q=${encodeURIComponent(key)}`);
    expect((await get(uncited.headers.location, cookies)).text).toContain(`Lägg till ${key}`);
    expect((await answerOf(NEJ_KEY)).citations).toEqual([deviation.id]);
    const elsewhere = await report('Annan', { returnTo: 'https://evil.example/' });
    expect(elsewhere.headers.location).toMatch(/^\/deviations\/[0-9a-f-]{36}$/);
  });

  it('should keep a refused answer beside its field and store nothing of the section', async () => {
    const { cookies } = await signIn(ANNA.subject, 'Drift AB');
    const id = await start(cookies);
    const refused = await post(`/declarations/${id}/answers`, cookies, {
      version: await versionOf(id, cookies),
      section: 'anslutningsobjekt',
      'svar:anslutningsobjekt.organisation.organisationsnummer': '123',
      'svar:anslutningsobjekt.organisation.namn': 'Drift AB',
    });
    expect(refused.headers.location).toBe(`/declarations/${id}?section=anslutningsobjekt`);
    const page = (await get(refused.headers.location, cookies)).text;
    expect(page).toContain('id="q-anslutningsobjekt__organisation__organisationsnummer-error"');
    expect(page).toContain('value="123"');
    expect(await (await ownerDb()).query(`SELECT id FROM declaration_answer`)).toEqual([]);
    const stale = await post(`/declarations/${id}/answers`, cookies, {
      version: '99',
      section: 'anslutningsobjekt',
      'svar:anslutningsobjekt.organisation.namn': 'Drift AB',
    });
    expect((await get(stale.headers.location, cookies)).text).toContain('har ändrats sedan du öppnade sidan');
    expect(await (await ownerDb()).query(`SELECT id FROM declaration_answer`)).toEqual([]);
  });

  it('should take evidence from the page script with progress, preview an image, refuse beside the field, and answer another party 404', async () => {
    const anna = await signIn(ANNA.subject, 'Drift AB');
    const id = await start(anna.cookies);
    const files = async () =>
      (await ownerDb()).query(`SELECT id, filename, content_type FROM declaration_attachment WHERE declaration_id = $1 ORDER BY filename`, [
        id,
      ]) as Promise<{ id: string; filename: string; content_type: string }[]>;
    /** The upload portal.js sends (XHR, multipart, the form's token in the query), and its JSON answer. */
    const scriptUpload = async (cookies: Map<string, string>, name: string, buffer: Buffer) =>
      portal.t.http
        .post(`/declarations/${id}/evidence/uploads`)
        .query({ _csrf: await csrfOf(cookies) })
        .set('Accept', 'application/json')
        .set('Cookie', cookieHeader(cookies))
        .attach('file', buffer, name);

    const png = await scriptUpload(anna.cookies, 'skarm.png', ONE_PIXEL_PNG);
    const [image] = await files();
    expect(image).toMatchObject({ filename: 'skarm.png', content_type: 'image/png' });
    const href = `/declarations/${id}/evidence/${image.id}`;
    expect({ status: png.status, body: png.body }).toEqual({
      status: 200,
      body: {
        uploaded: true,
        message: 'skarm.png är uppladdad.',
        href,
        linkText: 'Ladda ned skarm.png',
        previewHref: `${href}/preview`,
        previewAlt: 'Förhandsvisning av skarm.png',
      },
    });
    const html = await scriptUpload(anna.cookies, 'sida.txt', Buffer.from('<!doctype html><script>alert(1)</script>'));
    expect({ status: html.status, body: html.body }).toEqual({
      status: 200,
      body: { uploaded: false, message: expect.stringContaining('Filer av den typen tas inte emot') },
    });
    expect((await scriptUpload(anna.cookies, 'logg.txt', Buffer.from('14:02 timeout\n'))).body).toMatchObject({ uploaded: true });
    expect((await files()).map((file) => file.filename)).toEqual(['logg.txt', 'skarm.png']);

    const page = (await get(`/declarations/${id}`, anna.cookies)).text;
    expect(page).toContain(`data-evidence-upload="/declarations/${id}/evidence/uploads?_csrf=`);
    expect(page).toContain(`<img class="evidence-thumbnail" src="${href}/preview" alt="Förhandsvisning av skarm.png">`);
    expect(page).toContain('<progress id="file-progress"');
    const shown = await get(`${href}/preview`, anna.cookies).buffer(true);
    expect({ status: shown.status, headers: shown.headers }).toMatchObject({
      status: 200,
      headers: {
        'content-type': 'image/png',
        'content-disposition': 'inline',
        'x-content-type-options': 'nosniff',
        'content-security-policy': "default-src 'none'; sandbox",
      },
    });
    expect(Buffer.compare(shown.body as Buffer, ONE_PIXEL_PNG)).toBe(0);
    const text = (await files()).find((file) => file.filename === 'logg.txt')!;
    expect((await get(`/declarations/${id}/evidence/${text.id}/preview`, anna.cookies)).status).toBe(404);

    // Without a script the form's refusal is the same catalogue text, beside the field.
    const refused = await portal.t.http
      .post(`/declarations/${id}/evidence`)
      .query({ _csrf: await csrfOf(anna.cookies) })
      .set('Accept', 'text/html')
      .set('Cookie', cookieHeader(anna.cookies))
      .attach('file', Buffer.from('<!doctype html><p>x</p>'), 'sida.html');
    expect({ status: refused.status, location: refused.headers.location }).toEqual({ status: 303, location: `/declarations/${id}#files` });
    expect((await get(`/declarations/${id}`, anna.cookies)).text).toMatch(
      /id="file-error" data-upload-error>Filer av den typen tas inte emot/,
    );

    const bo = await signIn(BO.subject, 'Annan Drift AB');
    for (const path of [`${href}/preview`, href]) {
      const seen = await get(path, bo.cookies);
      expect({ path, status: seen.status, image: seen.headers['content-type'] === 'image/png' }).toEqual({
        path,
        status: 404,
        image: false,
      });
    }
    expect((await scriptUpload(bo.cookies, 'bo.png', ONE_PIXEL_PNG)).status).toBe(404);
    expect((await files()).map((file) => file.filename)).toEqual(['logg.txt', 'skarm.png']);
  });

  it('should show the catalogue text beside the field, not a raw 413, when a form without script sends a file too large', async () => {
    const { party, cookies } = await signIn(ANNA.subject, 'Drift AB');
    const id = await start(cookies);
    const deviation = await aDeviation(party.id, 'Svarstider');
    for (const [form, page] of [
      [`/declarations/${id}/evidence`, `/declarations/${id}#files`],
      [`/deviations/${deviation.id}/evidence`, `/deviations/${deviation.id}`],
    ]) {
      const sent = await portal.t.http
        .post(form)
        .query({ _csrf: await csrfOf(cookies) })
        .set('Accept', 'text/html')
        .set('Cookie', cookieHeader(cookies))
        .attach('file', Buffer.alloc(LIMIT + 1, 'x'), 'stor.log');
      expect({ form, status: sent.status, location: sent.headers.location }).toEqual({ form, status: 303, location: page });
      const shown = (await get(page, cookies)).text;
      expect(shown).toMatch(/id="file-error" data-upload-error>Filen är större än vad som tas emot/);
      expect(shown).toContain('aria-describedby="file-hint file-error" aria-invalid="true"');
    }
    const stored = await (
      await ownerDb()
    ).query(
      `SELECT (SELECT count(*)::int FROM declaration_attachment) AS declaration, (SELECT count(*)::int FROM deviation_attachment) AS deviation`,
    );
    expect(stored).toEqual([{ declaration: 0, deviation: 0 }]);
  });

  it('should answer a second party 404 on every page and form of the first party declaration', async () => {
    const anna = await signIn(ANNA.subject, 'Drift AB');
    const id = await start(anna.cookies);
    const bo = await signIn(BO.subject, 'Annan Drift AB');
    expect((await get('/declarations', bo.cookies)).text).not.toContain(id);
    for (const path of [`/declarations/${id}`, `/declarations/${id}/print`, `/declarations/${id}/citations?question=${NEJ_KEY}`]) {
      const page = await get(path, bo.cookies);
      expect({ path, status: page.status }).toEqual({ path, status: 404 });
      expect(page.text).toContain('Sidan hittades inte');
    }
    for (const path of ['answers', 'citations', 'signature', 'submit']) {
      const answer = await post(`/declarations/${id}/${path}`, bo.cookies, {
        version: '1',
        section: 'anslutningsobjekt',
        namn: 'B',
        datum: '2026-01-01',
      });
      expect({ path, status: answer.status }).toEqual({ path, status: 404 });
    }
    expect(await row(id)).toMatchObject({ status: 'utkast', signature_name: null });
  });
});
