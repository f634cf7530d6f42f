import { Role } from '../../src/actor/role';
import { aContact, aDeviationBody } from '../factories/deviation.factory';
import { aParty, aUser } from '../factories/party.factory';
import { truncateAll } from '../support/database';
import { discoverPages, pagePath, type PageRoute } from '../support/pages';
import { cookieHeader, logIn, startPortalTest, type PortalTest } from '../support/portal';
import { changedTables, tableChecksums, type TableChecksums } from '../support/table-checksums';

const ANNA = { subject: 'anna-discovered', name: 'Anna Andersson', email: 'anna@goteborg.example' };
const BO = { subject: 'bo-discovered', name: 'Bo Berg', email: 'bo@boras.example' };
/** Planted in every text field of party A's deviation: party B must never see it. */
const A_MARKER = 'PARTY-A-PAGE-MARKER';
/** Planted in SKR's internal note: no party sees it on any page. */
const INTERNAL_MARKER = 'SKR-INTERNAL-PAGE-MARKER';
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
    portal = await startPortalTest([ANNA, BO]);
    pages = discoverPages(portal.t.app);
  });
  beforeEach(() => truncateAll());
  afterAll(() => portal.close());

  /** Party A's submitted deviation with a comment and evidence (every text carrying A_MARKER), and an SKR internal note. */
  async function seed(): Promise<{ ids: Record<string, string>; key: string }> {
    const partyA = await aParty({ name: `Göteborgs Stad ${A_MARKER}` });
    await aUser({ partyId: partyA.id, subject: ANNA.subject, role: Role.Reporter });
    const partyB = await aParty({ name: 'Borås Stad' });
    await aUser({ partyId: partyB.id, subject: BO.subject, role: Role.Reporter });
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
    const evidence = await portal.t.http.post(`/api/v1/deviations/${created.id}/attachments`).set(a).attach('file', PDF, `${A_MARKER}.pdf`);
    expect(evidence.status).toBe(201);
    await portal.t.http
      .post(`/api/v1/deviations/${created.id}/comments`)
      .set(skr)
      .send({ text: `Intern bedömning ${INTERNAL_MARKER}`, internal: true })
      .expect(201);
    return { ids: { id: created.id, attachmentId: (evidence.body as { id: string }).id }, key: created.key };
  }

  async function session(subject: string): Promise<{ cookies: Map<string, string>; csrf: string }> {
    const { cookies } = await logIn(portal, subject);
    const start = await get('/', cookies);
    return { cookies, csrf: /name="_csrf" value="([^"]+)"/.exec(start.text)![1] };
  }
  const get = (path: string, cookies: Map<string, string>) =>
    portal.t.http.get(path).set('Accept', 'text/html').set('Cookie', cookieHeader(cookies));
  /** A form post; a multipart form (evidence) carries its token in the query, as the page's form does. */
  const post = (route: PageRoute, path: string, cookies: Map<string, string>, csrf: string | undefined, body: string | Buffer) => {
    const request = portal.t.http.post(path).set('Accept', 'text/html').set('Cookie', cookieHeader(cookies));
    if (path.endsWith('/evidence')) return request.query(csrf ? { _csrf: csrf } : {}).attach('file', PDF, 'b.pdf');
    const sent = csrf === undefined ? Buffer.from(body) : Buffer.concat([Buffer.from(`_csrf=${csrf}&`), Buffer.from(body)]);
    // As bytes, so a hostile body can be invalid UTF-8; superagent would otherwise encode the Buffer as an object.
    return request
      .type('form')
      .serialize(() => sent as unknown as string)
      .send(sent);
  };

  /** Checksums once the outbox relay has finished with what the seed set off. */
  async function settled(): Promise<TableChecksums> {
    let previous = await tableChecksums();
    for (let i = 0; i < 80; i++) {
      await new Promise((resolve) => setTimeout(resolve, 25));
      const next = await tableChecksums();
      if (changedTables(previous, next).length === 0) return next;
      previous = next;
    }
    return previous;
  }

  it('should discover the portal pages from the routes Nest serves, with their audience and ids', () => {
    const found = pages.map((route) => `${route.method} ${route.path} ${route.audience}`);
    expect(found).toEqual(
      expect.arrayContaining([
        'GET / party',
        'GET /deviations/:id party',
        'POST /deviations/:id/comments party',
        'GET /deviations/:id/evidence/:attachmentId party',
        'POST /choose-party person',
        'GET /accessibility anyone',
        'POST /accessibility/feedback anyone',
        'GET /language anyone',
      ]),
    );
    expect(pages.some((route) => route.path.startsWith('/api/') || route.path.startsWith('/assets'))).toBe(false);
  });

  it("should answer party B every page on party A's deviation as if it did not exist, showing and changing nothing", async () => {
    const { ids, key } = await seed();
    const anna = await session(ANNA.subject);
    const bo = await session(BO.subject);
    const withIds = pages.filter((route) => route.params.length > 0);
    expect(withIds.length).toBeGreaterThanOrEqual(6);
    for (const route of withIds.filter((r) => r.method === 'GET')) {
      const path = pagePath(route, ids);
      expect({ path, status: (await get(path, anna.cookies)).status }).toEqual({ path, status: 200 });
      const seen = await get(path, bo.cookies);
      expect({ path, status: seen.status, leaked: seen.text.includes(A_MARKER) || seen.text.includes(key) }).toEqual({
        path,
        status: 404,
        leaked: false,
      });
    }
    const before = await settled();
    for (const route of withIds.filter((r) => r.method === 'POST')) {
      const path = pagePath(route, ids);
      const answer = await post(route, path, bo.cookies, bo.csrf, 'text=B+skriver&reason=B+vill');
      expect({ path, status: answer.status, refused: [403, 404].includes(answer.status), leaked: answer.text.includes(A_MARKER) }).toEqual({
        path,
        status: answer.status,
        refused: true,
        leaked: false,
      });
      expect({ path, changed: changedTables(before, await tableChecksums()) }).toEqual({ path, changed: [] });
    }
    for (const route of pages.filter((r) => r.method === 'GET' && r.params.length === 0 && r.audience === 'party')) {
      const seen = await get(route.path, bo.cookies);
      expect({ path: route.path, status: seen.status, leaked: seen.text.includes(A_MARKER) }).toEqual({
        path: route.path,
        status: 200,
        leaked: false,
      });
    }
  });
});
