import { Role } from '../../src/actor/role';
import { aContact, aDeviationBody } from '../factories/deviation.factory';
import { PartyKind } from '../../src/parties/party.entity';
import { ssbtekTemplateId } from '../factories/declaration.factory';
import { aParty, aUser } from '../factories/party.factory';
import { ownerDb, truncateAll } from '../support/database';
import { ONE_PIXEL_PNG } from '../support/portal-journeys';
import { discoverPages, pagePath, type PageRoute } from '../support/pages';
import { cookieHeader, logIn, startPortalTest, type PortalTest } from '../support/portal';
import { changedTables, settledChecksums, tableChecksums } from '../support/table-checksums';

const ANNA = { subject: 'anna-discovered', name: 'Anna Andersson', email: 'anna@goteborg.example' };
const BO = { subject: 'bo-discovered', name: 'Bo Berg', email: 'bo@boras.example' };
/** An SKR administrator, who fills in the forms of SKR's pages that a party gets the 403 page on. */
const SARA = { subject: 'sara-discovered', name: 'Sara SKR', email: 'sara@skr.example' };
/** Planted in every text field of party A's deviation: party B must never see it. */
const A_MARKER = 'PARTY-A-PAGE-MARKER';
/** Planted in SKR's internal note: no party sees it on any page. */
const INTERNAL_MARKER = 'SKR-INTERNAL-PAGE-MARKER';
/** Nine bodies on every discovered form, each followed by table checksums: the time grows with every page added. */
const HOSTILE_TIMEOUT_MS = 420_000;
// Every discovered page is visited in one test, and each issue adds pages: not jest's 30 s for one request's worth.
const PAGES_TIMEOUT_MS = 120_000;
const PDF = Buffer.from('%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n');

/**
 * Issue 22's standing rule for pages, as hostile-input and the isolation helpers keep it for /docs-json: the portal's
 * pages are read from Nest's routing metadata (test/support/pages.ts), so a page added later is attacked by party B,
 * fed hostile forms and searched for SKR's internal notes without editing this suite.
 */
describe('discovered portal pages (e2e)', () => {
  let portal: PortalTest;
  let pages: PageRoute[];

  beforeAll(async () => {
    portal = await startPortalTest([ANNA, BO, SARA]);
    pages = discoverPages(portal.t.app);
  });
  beforeEach(() => truncateAll());
  afterAll(() => portal.close());

  /** Party A's submitted deviation with a comment and evidence (every text carrying A_MARKER), and an SKR internal note. */
  async function seed(): Promise<{ ids: Record<string, string>; key: string }> {
    const partyA = await aParty({ name: `Göteborgs Stad ${A_MARKER}`, additionalKinds: [PartyKind.Driftleverantör] });
    await aUser({ partyId: partyA.id, subject: ANNA.subject, role: Role.Reporter });
    const partyB = await aParty({ name: 'Borås Stad' });
    await aUser({ partyId: partyB.id, subject: BO.subject, role: Role.Reporter });
    await aUser({ partyId: null, subject: SARA.subject, role: Role.SkrAdmin });
    const a = { Authorization: `Bearer ${await portal.t.partyToken(partyA.id)}` };
    const skr = { Authorization: `Bearer ${await portal.t.skrToken()}` };
    const body = aDeviationBody({
      rubrik: `Svarstider ${A_MARKER}`,
      reproduktionssteg: `Steg ${A_MARKER}`,
      utfall: `Timeout ${A_MARKER}`,
      förväntat: `Svar ${A_MARKER}`,
      kravreferens: `SLA ${A_MARKER}`,
      kontaktpersoner: [{ ...aContact, namn: `Anna ${A_MARKER}` }],
    });
    const created = (await portal.t.http.post('/api/v1/deviations').set(a).send(body).expect(201)).body as { id: string; key: string };
    await portal.t.http.post(`/api/v1/deviations/${created.id}/submit`).set(a).expect(200);
    await portal.t.http
      .post(`/api/v1/deviations/${created.id}/comments`)
      .set(a)
      .send({ text: `Loggar ${A_MARKER}` })
      .expect(201);
    // An image, so its thumbnail page is one party A sees too.
    const evidence = await portal.t.http
      .post(`/api/v1/deviations/${created.id}/attachments`)
      .set(a)
      .attach('file', ONE_PIXEL_PNG, `${A_MARKER}.png`);
    expect(evidence.status).toBe(201);
    await portal.t.http
      .post(`/api/v1/deviations/${created.id}/comments`)
      .set(skr)
      .send({ text: `Intern bedömning ${INTERNAL_MARKER}`, internal: true })
      .expect(201);
    const declaration = await seedDeclaration(a, created.key);
    // Party A (a Driftleverantör) publishes an outage of the central component; its internal cause carries A_MARKER.
    const announcement = await portal.t.http
      .post('/api/v1/driftinfo/announcements')
      .set(a)
      .send({
        typ: 'driftstorning',
        centralKomponent: true,
        rubrik: 'Nere',
        påverkan: 'Inga svar',
        start: new Date().toISOString(),
        orsak: A_MARKER,
      })
      .expect(201);
    return {
      ids: {
        id: created.id,
        attachmentId: (evidence.body as { id: string }).id,
        announcementId: (announcement.body as { id: string }).id,
        ...declaration,
      },
      key: created.key,
    };
  }

  /** Party A's declaration citing its deviation, every text carrying A_MARKER, with an attachment of its own. */
  async function seedDeclaration(a: { Authorization: string }, deviationKey: string): Promise<Record<string, string>> {
    const started = await portal.t.http
      .post('/api/v1/declarations')
      .set(a)
      .send({ templateId: await ssbtekTemplateId() })
      .expect(201);
    const { id } = started.body as { id: string };
    const answers = {
      'anslutningsobjekt.produktbeteckning.produkt': { svar: `Produkt ${A_MARKER}` },
      'miljo.prestanda.svarstid-ett-90': { svar: 'nej', kommentar: `Kommentar ${A_MARKER}`, citations: [deviationKey] },
    };
    const answered = await portal.t.http
      .put(`/api/v1/declarations/${id}/answers`)
      .set(a)
      .set('If-Match', 'W/"1"')
      .send({ answers })
      .expect(200);
    await portal.t.http
      .put(`/api/v1/declarations/${id}/signature`)
      .set(a)
      .set('If-Match', `W/"${(answered.body as { version: number }).version}"`)
      .send({ namn: `Anna ${A_MARKER}`, datum: '2026-03-02' })
      .expect(200);
    // An image, so its thumbnail route has something to show party A.
    const file = await portal.t.http
      .post(`/api/v1/declarations/${id}/attachments`)
      .set(a)
      .attach('file', ONE_PIXEL_PNG, `${A_MARKER}-intyg.png`);
    expect(file.status).toBe(201);
    return { declarationId: id, fileId: (file.body as { id: string }).id };
  }

  async function session(subject: string): Promise<{ cookies: Map<string, string>; csrf: string }> {
    const { cookies } = await logIn(portal, subject);
    const start = await get('/', cookies);
    return { cookies, csrf: /name="_csrf" value="([^"]+)"/.exec(start.text)![1] };
  }
  const get = (path: string, cookies: Map<string, string>) =>
    portal.t.http.get(path).set('Accept', 'text/html').set('Cookie', cookieHeader(cookies));
  /** What an answer shows: its headers (a download's file name) and its text (none for a binary download). */
  const shown = (answer: { text?: string; headers: Record<string, string> }) => `${JSON.stringify(answer.headers)}${answer.text ?? ''}`;
  /** A form post, as bytes so a hostile body can be invalid UTF-8 (superagent would encode a Buffer as an object). */
  const post = (path: string, cookies: Map<string, string>, csrf: string | undefined, body: string | Buffer, type = 'form') => {
    const sent = Buffer.concat([Buffer.from(csrf === undefined ? '' : `_csrf=${csrf}&`), Buffer.from(body)]);
    return portal.t.http
      .post(path)
      .set('Accept', 'text/html')
      .set('Cookie', cookieHeader(cookies))
      .type(type)
      .serialize(() => sent as unknown as string)
      .send(sent);
  };
  /** The evidence form is multipart and carries its token in the query, as the page's form does. */
  const upload = (path: string, cookies: Map<string, string>, csrf: string) =>
    portal.t.http
      .post(path)
      .query({ _csrf: csrf })
      .set('Accept', 'text/html')
      .set('Cookie', cookieHeader(cookies))
      .attach('file', PDF, 'b.pdf');

  it('should discover the portal pages from the routes Nest serves, with their audience and ids', () => {
    const found = pages.map((route) => `${route.method} ${route.path} ${route.audience}`);
    expect(found).toEqual(
      expect.arrayContaining([
        'GET / party',
        'GET /deviations/:id party',
        'GET /declarations/:declarationId party',
        'POST /declarations/:declarationId/answers party',
        'GET /declarations/:declarationId/evidence/:fileId party',
        'POST /deviations/:id/comments party',
        'GET /deviations/:id/evidence/:attachmentId party',
        'POST /choose-party person',
        'GET /accessibility anyone',
        'POST /accessibility/feedback anyone',
        'GET /language anyone',
        'GET /skr/triage party',
        'POST /deviations/:id/responsible-party party',
        'GET /skr/jira party',
        'GET /skr/kpi party',
        'GET /announcements/:announcementId party',
      ]),
    );
    expect(pages.some((route) => route.path.startsWith('/api/') || route.path.startsWith('/assets'))).toBe(false);
  });

  it(
    "should answer party B every page on party A's deviation as if it did not exist, showing and changing nothing",
    async () => {
      const { ids, key } = await seed();
      const anna = await session(ANNA.subject);
      const bo = await session(BO.subject);
      const withIds = pages.filter((route) => route.params.length > 0);
      expect(withIds.length).toBeGreaterThanOrEqual(6);
      for (const route of withIds.filter((r) => r.method === 'GET')) {
        const path = pagePath(route, ids);
        expect({ path, status: (await get(path, anna.cookies)).status }).toEqual({ path, status: 200 });
        const seen = await get(path, bo.cookies);
        expect({ path, status: seen.status, leaked: shown(seen).includes(A_MARKER) || shown(seen).includes(key) }).toEqual({
          path,
          // Everyone reads announcements (they are public); changing another party's answers 403, as the API's PATCH.
          status: route.path.startsWith('/announcements/') ? 403 : 404,
          leaked: false,
        });
      }
      const before = await settledChecksums();
      // Every form both as fields and as a multipart upload, so the evidence form needs no special case.
      for (const route of withIds.filter((r) => r.method === 'POST')) {
        const path = pagePath(route, ids);
        for (const answer of [
          await post(path, bo.cookies, bo.csrf, 'text=B+skriver&reason=B+vill'),
          await upload(path, bo.cookies, bo.csrf),
        ]) {
          expect({
            path,
            status: answer.status,
            refused: [403, 404].includes(answer.status),
            leaked: shown(answer).includes(A_MARKER),
          }).toEqual({
            path,
            status: answer.status,
            refused: true,
            leaked: false,
          });
          expect({ path, changed: changedTables(before, await tableChecksums()) }).toEqual({ path, changed: [] });
        }
      }
      for (const route of pages.filter((r) => r.method === 'GET' && r.params.length === 0 && r.audience === 'party')) {
        const seen = await get(route.path, bo.cookies);
        // SKR's and other role-bound pages answer a reporter the 403 page; the rest show B only B's own.
        const forbidden = route.roles.length > 0 && !route.roles.includes(Role.Reporter);
        expect({ path: route.path, status: seen.status, leaked: shown(seen).includes(A_MARKER) }).toEqual({
          path: route.path,
          status: forbidden ? 403 : 200,
          leaked: false,
        });
      }
    },
    PAGES_TIMEOUT_MS,
  );

  /** The names of the fields of every form on the discovered pages party A sees: the hostile bodies fill them all. */
  async function formFields(cookies: Map<string, string>, ids: Record<string, string>): Promise<string[]> {
    const names = new Set<string>();
    for (const route of pages.filter((r) => r.method === 'GET')) {
      const text = shown(await get(pagePath(route, ids), cookies));
      for (const [, name] of text.matchAll(/<(?:input|select|textarea)\b[^>]*\bname="([^"]+)"/g)) names.add(name);
    }
    names.delete('_csrf');
    return [...names].sort();
  }

  it(
    'should answer hostile bodies on every discovered form without a 5xx, and change no row when it refuses one',
    async () => {
      const { ids } = await seed();
      // A deleted Jira issue, so SKR's failures page shows its decision form too.
      await (
        await ownerDb()
      ).query(
        `INSERT INTO jira_link (deviation_id, party_id, issue_id, issue_key, state, last_error, last_error_code, last_error_at)
       SELECT id, party_id, '10001', 'SSB-1', 'fel', 'Jira 404', 'JIRA_ISSUE_NOT_FOUND', now() FROM deviation WHERE id = $1
       ON CONFLICT (deviation_id) DO UPDATE SET state = 'fel', last_error_code = 'JIRA_ISSUE_NOT_FOUND', last_error_at = now()`,
        [ids.id],
      );
      const fields = [
        ...new Set([
          ...(await formFields((await session(ANNA.subject)).cookies, ids)),
          ...(await formFields((await session(SARA.subject)).cookies, ids)),
        ]),
      ];
      expect(fields).toEqual(
        expect.arrayContaining(['text', 'reason', 'rubrik', 'partyId', 'code', 'deviationIds[]', 'responsiblePartyId', 'decision']),
      );
      const every = (value: string) => fields.map((name) => `${encodeURIComponent(name)}=${value}`).join('&');
      const bodies: { name: string; token: 'none' | 'wrong' | 'valid'; body: string | Buffer; status?: number; type?: string }[] = [
        { name: 'no token', token: 'none', body: every('x'), status: 403 },
        { name: 'wrong token', token: 'wrong', body: every('x'), status: 403 },
        {
          name: 'multipart to a form of fields',
          token: 'none',
          type: 'multipart/form-data; boundary=b',
          body: `--b\r\nContent-Disposition: form-data; name="text"\r\n\r\nx\r\n--b--\r\n`,
        },
        { name: 'text/plain', token: 'none', type: 'text/plain', body: every('x') },
        { name: 'oversized', token: 'valid', body: `${every('x')}&text=${'x'.repeat(70_000)}`, status: 413 },
        { name: 'NUL bytes', token: 'valid', body: every('a%00b') },
        { name: 'raw NUL bytes', token: 'valid', body: Buffer.from(every('a\0b')) },
        {
          name: 'invalid UTF-8',
          token: 'valid',
          body: Buffer.concat([Buffer.from(every('%FF%FE')), Buffer.from([0x26, 0x78, 0x3d, 0xff, 0xc0, 0xaf])]),
        },
        {
          name: 'unknown and repeated fields',
          token: 'valid',
          body: `${every('x')}&${every('y')}&__proto__[a]=1&constructor[prototype][b]=1&unknown=1`,
        },
      ];
      const failures: string[] = [];
      for (const route of pages.filter((r) => r.method === 'POST')) {
        // A fresh session per form: logging out or choosing a party changes the session the next form would use. A form
        // only SKR may send is filled in by SKR, so the hostile bodies reach its handler rather than the role check.
        const anna = await session(route.roles.length > 0 && !route.roles.includes(Role.Reporter) ? SARA.subject : ANNA.subject);
        const path = pagePath(route, ids);
        for (const { name, token, body, status, type } of bodies) {
          const before = await settledChecksums();
          const csrf =
            token === 'valid'
              ? anna.csrf
              : token === 'wrong'
                ? `${anna.csrf.slice(0, -1)}${anna.csrf.endsWith('A') ? 'B' : 'A'}`
                : undefined;
          const answer = await post(path, anna.cookies, csrf, body, type);
          const label = `${name} → ${route.method} ${route.path}: ${answer.status}`;
          if (answer.status >= 500) failures.push(label);
          if (status && route.audience !== 'anyone' && answer.status !== status) failures.push(`${label}, expected ${status}`);
          const changed = changedTables(before, await tableChecksums());
          if (changed.length > 0 && (await refused(answer, anna.cookies)))
            failures.push(`${label} refused, yet changed ${changed.join(', ')}`);
        }
      }
      expect(failures).toEqual([]);
      // Nine bodies to each of the forms, each waiting for the outbox to settle: minutes on two shared cores.
    },
    HOSTILE_TIMEOUT_MS,
  );

  /** A form was refused when it answered an error, or its page (after the redirect) shows an error beside a field. */
  async function refused(
    answer: { status: number; text: string; headers: Record<string, string> },
    cookies: Map<string, string>,
  ): Promise<boolean> {
    if (answer.status >= 400) return true;
    const location = answer.status === 303 ? answer.headers.location : undefined;
    const page = location?.startsWith('/') ? (await get(location, cookies)).text : answer.text;
    return /id="[\w-]+-error"|error-summary/.test(page);
  }

  it(
    "should show a party none of SKR's internal notes on any discovered page",
    async () => {
      const { ids } = await seed();
      const planted = await (
        await ownerDb()
      ).query(`SELECT 1 FROM deviation_comment WHERE internal AND body LIKE $1`, [`%${INTERNAL_MARKER}%`]);
      expect(planted).toHaveLength(1);
      const anna = await session(ANNA.subject);
      const bo = await session(BO.subject);
      expect((await get(`/deviations/${ids.id}`, anna.cookies)).text).toContain(`Loggar ${A_MARKER}`);
      for (const { cookies, who } of [
        { cookies: anna.cookies, who: 'reporting party' },
        { cookies: bo.cookies, who: 'other party' },
      ]) {
        for (const route of pages.filter((r) => r.method === 'GET')) {
          const path = pagePath(route, ids);
          const seen = await get(path, cookies);
          expect({ who, path, status: seen.status < 500, leaked: shown(seen).includes(INTERNAL_MARKER) }).toEqual({
            who,
            path,
            status: true,
            leaked: false,
          });
        }
      }
    },
    PAGES_TIMEOUT_MS,
  );
});
