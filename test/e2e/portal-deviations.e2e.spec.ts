import { Role } from '../../src/actor/role';
import { SlaService } from '../../src/sla/sla.service';
import { aDeviationRow, aSolvedDeviationReportedBack } from '../factories/deviation.factory';
import { aParty, aUser } from '../factories/party.factory';
import { ownerDb, truncateAll } from '../support/database';
import { cookieHeader, logIn, startPortalTest, type PortalTest } from '../support/portal';

const ANNA = { subject: 'anna-pages', name: 'Anna Andersson', email: 'anna@goteborg.example' };
const BO = { subject: 'bo-pages', name: 'Bo Berg', email: 'bo@boras.example' };
const RITA = { subject: 'rita-pages', name: 'Rita Läsare', email: 'rita@goteborg.example' };
const SIGRID = { subject: 'sigrid-pages', name: 'Sigrid SKR', email: 'sigrid@skr.example' };
const XSS = '<script>alert(1)</script><img src=x onerror=alert(2)>"\'';

/** Issue 22: the deviation pages act through the same services and Actor as the API, so its isolation holds. */
describe('portal deviation pages (e2e)', () => {
  let portal: PortalTest;

  beforeAll(async () => {
    portal = await startPortalTest([ANNA, BO, RITA, SIGRID]);
  });
  beforeEach(() => truncateAll());
  afterAll(() => portal.close());

  const signIn = async (subject: string, partyName: string, role = Role.Reporter) => {
    const party = await aParty({ name: partyName });
    await aUser({ partyId: party.id, subject, role });
    const { cookies } = await logIn(portal, subject);
    return { party, cookies };
  };
  const get = (path: string, cookies: Map<string, string>) =>
    portal.t.http.get(path).set('Accept', 'text/html').set('Cookie', cookieHeader(cookies));
  const post = async (path: string, cookies: Map<string, string>, form: Record<string, string>) => {
    const csrf = /name="_csrf" value="([^"]+)"/.exec((await get('/', cookies)).text)![1];
    return portal.t.http
      .post(path)
      .set('Accept', 'text/html')
      .set('Cookie', cookieHeader(cookies))
      .type('form')
      .send({ _csrf: csrf, ...form });
  };
  const REPORT = {
    rubrik: `Svarstider över 30 sekunder ${XSS}`,
    reproduktionssteg: `1. Logga in\n2. Sök ${XSS}`,
    utfall: `Timeout ${XSS}`,
    del: 'gränssnitt_mot_frågetjänster',
    miljö: 'produktion',
    kravreferens: `SLA 4.8.1 ${XSS}`,
    påverkan: '2',
    contactName: `Anna ${XSS}`,
    contactPhone: '070-123 45 67',
    contactEmail: 'anna@goteborg.example',
  };

  it('should report a deviation from the form, list it and show it, with every stored text inert', async () => {
    const { party, cookies } = await signIn(ANNA.subject, 'Göteborgs Stad');
    expect((await get('/', cookies)).text).toContain('href="/deviations/new"');
    const form = await get('/deviations/new', cookies);
    expect(form.status).toBe(200);
    expect(form.text).toContain('value="anna@goteborg.example"');
    expect(form.text).toContain('value="Anna Andersson"');

    const reported = await post('/deviations', cookies, REPORT);
    expect(reported.status).toBe(303);
    const id = /^\/deviations\/([0-9a-f-]{36})$/.exec(reported.headers.location)![1];
    const [row] = (await (
      await ownerDb()
    ).query(`SELECT party_id, status, rubrik, kontaktpersoner FROM deviation WHERE id = $1`, [id])) as {
      party_id: string;
      status: string;
      rubrik: string;
      kontaktpersoner: { telefon: string }[];
    }[];
    expect(row).toMatchObject({ party_id: party.id, status: 'inskickad', rubrik: REPORT.rubrik });
    expect(row.kontaktpersoner[0].telefon).toBe('+46701234567');

    for (const path of [
      '/',
      '/deviations',
      `/deviations?q=${encodeURIComponent('Svarstider')}&status=inskickad&sort=updated&order=asc`,
      `/deviations/${id}`,
    ]) {
      const page = await get(path, cookies);
      expect(page.status).toBe(200);
      expect(page.text).toContain('Svarstider över 30 sekunder');
      expect(page.text).not.toMatch(/<script>alert|<img src=x/);
      expect(page.text).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    }
    expect((await get('/deviations?status=nosuch', cookies)).text).toContain('Filtret är ogiltigt.');
    // A reader sees the part and the impact by their names, not by the codes the API stores.
    const detail = (await get(`/deviations/${id}`, cookies)).text;
    expect(detail).toContain('Gränssnitt mot frågetjänster');
    expect(detail).toContain('2 – stor påverkan');
    expect(detail).not.toContain('gränssnitt_mot_frågetjänster<');
  });

  it('should show a form error beside its field, keep what was typed and store nothing', async () => {
    const { cookies } = await signIn(ANNA.subject, 'Göteborgs Stad');
    const refused = await post('/deviations', cookies, { ...REPORT, utfall: '', contactPhone: 'inte ett nummer' });
    expect(refused.headers.location).toBe('/deviations/new');
    const form = (await get('/deviations/new', cookies)).text;
    expect(form).toContain('id="utfall-error"');
    expect(form).toContain('Fyll i utfall.');
    expect(form).toContain('id="contactPhone-error"');
    expect(form).toContain('value="inte ett nummer"');
    expect(form).toContain('href="#utfall"');
    expect(await (await ownerDb()).query(`SELECT id FROM deviation`)).toEqual([]);
    expect((await get('/deviations/new', cookies)).text).not.toContain('id="utfall-error"');
  });

  it('should comment on and withdraw a deviation, as the API would record it', async () => {
    const { cookies } = await signIn(ANNA.subject, 'Göteborgs Stad');
    const id = (await post('/deviations', cookies, REPORT)).headers.location.split('/')[2];
    expect((await post(`/deviations/${id}/comments`, cookies, { text: `Loggar bifogade ${XSS}` })).headers.location).toBe(
      `/deviations/${id}`,
    );
    expect((await post(`/deviations/${id}/comments`, cookies, { text: ' ' })).headers.location).toBe(`/deviations/${id}`);
    expect((await get(`/deviations/${id}`, cookies)).text).toContain('Skriv en kommentar.');
    expect((await post(`/deviations/${id}/withdraw`, cookies, { reason: 'Fel system' })).status).toBe(303);
    const db = await ownerDb();
    const comments = (await db.query(`SELECT body FROM deviation_comment WHERE deviation_id = $1 ORDER BY created_at`, [id])) as {
      body: string;
    }[];
    expect(comments.map((comment) => comment.body)).toEqual([
      `Loggar bifogade ${XSS}`,
      'Parten har återkallat avvikelsen. Motivering: Fel system',
    ]);
    expect(await db.query(`SELECT status FROM deviation WHERE id = $1`, [id])).toEqual([{ status: 'återkallad' }]);
    const detail = (await get(`/deviations/${id}`, cookies)).text;
    expect(detail).toContain('Status ändrad till Återkallad');
    expect(detail).not.toContain('action="/deviations/' + id + '/withdraw"');
  });

  it('should show a second party none of the first party deviation, and 404 on its page and its forms', async () => {
    const anna = await signIn(ANNA.subject, 'Göteborgs Stad');
    const id = (await post('/deviations', anna.cookies, REPORT)).headers.location.split('/')[2];
    const bo = await signIn(BO.subject, 'Borås Stad');
    for (const path of ['/', '/deviations', `/deviations?q=Svarstider`]) {
      const page = await get(path, bo.cookies);
      expect(page.status).toBe(200);
      expect(page.text).not.toContain(id);
      expect(page.text).not.toContain('över 30 sekunder');
    }
    const foreign = await get(`/deviations/${id}`, bo.cookies);
    expect(foreign.status).toBe(404);
    expect(foreign.text).toContain('Sidan hittades inte');
    expect((await post(`/deviations/${id}/comments`, bo.cookies, { text: 'hej' })).status).toBe(404);
    expect(await (await ownerDb()).query(`SELECT id FROM deviation_comment`)).toEqual([]);
  });

  it("should show each open deviation's SLA clock on the start page, read for all its rows at once", async () => {
    const { party, cookies } = await signIn(ANNA.subject, 'Göteborgs Stad');
    await aDeviationRow(party.id, { rubrik: 'Klockan går', prioritet: 'låg' });
    await aDeviationRow(party.id, { rubrik: 'Klockan är sen', prioritet: 'kritisk', submitted_at: new Date(Date.now() - 30 * 86_400_000) });
    await aDeviationRow(party.id, { rubrik: 'Ett utkast', status: 'utkast' });
    const sla = portal.t.app.get(SlaService);
    const read = jest.spyOn(sla, 'read');
    const one = jest.spyOn(sla, 'clocksOf');
    try {
      const start = await get('/', cookies);
      expect(start.status).toBe(200);
      const cell = (rubrik: string) => new RegExp(`${rubrik}</td>(?:\\s*<td>[^<]*</td>){4}\\s*<td>([^<]*)</td>`).exec(start.text)?.[1];
      expect(cell('Klockan går')).toMatch(/^Svarstid pågår: \d+ h \d+ min kvar, senast \d/);
      expect(cell('Klockan är sen')).toMatch(/^Svarstid överskriden med \d+ h \d+ min$/);
      expect(cell('Ett utkast')).toBe('Ej startad');
      expect(read).toHaveBeenCalledTimes(1);
      expect(read.mock.calls[0][1]).toHaveLength(3);
      expect(one).not.toHaveBeenCalled();
    } finally {
      read.mockRestore();
      one.mockRestore();
    }
  });

  it('should show the reporter, the responsible party and SKR the same SLA clocks on the deviation page', async () => {
    const anna = await signIn(ANNA.subject, 'Göteborgs Stad');
    const bo = await signIn(BO.subject, 'Borås Drift', Role.Reader);
    await aUser({ partyId: null, subject: SIGRID.subject, role: Role.Skr });
    const sigrid = await logIn(portal, SIGRID.subject);
    const { id } = await aSolvedDeviationReportedBack(anna.party.id, bo.party.id);
    const clocksAs = async (cookies: Map<string, string>) => {
      const page = await get(`/deviations/${id}`, cookies);
      expect(page.status).toBe(200);
      return /<h2>Svarstid och åtgärdstid<\/h2>\s*(<dl[\s\S]*?<\/dl>)/.exec(page.text)?.[1];
    };
    // Hand-computed in aSolvedDeviationReportedBack: 20 of 30 minutes, 3 of 8 business hours.
    const reporters = await clocksAs(anna.cookies);
    expect(reporters).toMatch(/Svarstid<\/dt>\s*<dd[^>]*>Inom tid, senast [^(]*\(67 % av tiden använd\)/);
    expect(reporters).toMatch(/Åtgärdstid<\/dt>\s*<dd[^>]*>Inom tid, senast [^(]*\(38 % av tiden använd\)/);
    expect(await clocksAs(bo.cookies)).toBe(reporters);
    expect(await clocksAs(sigrid.cookies)).toBe(reporters);
  });

  it('should show where the deviation stands with Jira to its reporter and SKR, and no such line to the party it concerns', async () => {
    const anna = await signIn(ANNA.subject, 'Göteborgs Stad');
    const bo = await signIn(BO.subject, 'Borås Drift', Role.Reader);
    await aUser({ partyId: null, subject: SIGRID.subject, role: Role.Skr });
    const sigrid = await logIn(portal, SIGRID.subject);
    const { id } = await aSolvedDeviationReportedBack(anna.party.id, bo.party.id);
    const jiraLineAs = async (cookies: Map<string, string>) => {
      const page = await get(`/deviations/${id}`, cookies);
      expect(page.status).toBe(200);
      return /<dd class="definition-list__definition" id="jira-state">([^<]*)<\/dd>/.exec(page.text)?.[1] ?? null;
    };
    expect(await jiraLineAs(anna.cookies)).toBe('Inte skickad till SKR:s Jira ännu.');
    await (
      await ownerDb()
    ).query(`INSERT INTO jira_link (deviation_id, party_id, issue_id, issue_key, state) VALUES ($1, $2, '10042', 'KHA-42', 'synkad')`, [
      id,
      anna.party.id,
    ]);
    expect(await jiraLineAs(anna.cookies)).toBe('Registrerad i SKR:s Jira som KHA-42.');
    expect(await jiraLineAs(sigrid.cookies)).toBe('Registrerad i SKR:s Jira som KHA-42.');
    // Row-level security lets the party the deviation concerns see its link too (app_sees_deviation), as GET …/jira does.
    expect(await jiraLineAs(bo.cookies)).toBe('Registrerad i SKR:s Jira som KHA-42.');
    const api = await portal.t.http
      .get(`/api/v1/deviations/${id}/jira`)
      .set('Authorization', `Bearer ${await portal.t.partyToken(bo.party.id, Role.Reader)}`);
    expect({ status: api.status, issueKey: api.body.issueKey }).toEqual({ status: 200, issueKey: 'KHA-42' });
  });

  it('should not let a reader report, as the API does not, nor offer it in the menu', async () => {
    const { cookies } = await signIn(RITA.subject, 'Göteborgs Stad', Role.Reader);
    const start = await get('/', cookies);
    expect(start.text).toContain('href="/deviations"');
    expect(start.text).not.toContain('href="/deviations/new"');
    expect((await get('/deviations/new', cookies)).status).toBe(403);
    expect((await post('/deviations', cookies, REPORT)).status).toBe(403);
    expect(await (await ownerDb()).query(`SELECT id FROM deviation`)).toEqual([]);
  });
});
