import { Role } from '../../src/actor/role';
import { aDeviationBody } from '../factories/deviation.factory';
import { aParty, aUser } from '../factories/party.factory';
import { ownerDb, truncateAll } from '../support/database';
import { driftWriters, populateBoard } from '../support/drift-board';
import { pageClient, startPortalTest, type PortalTest } from '../support/portal';

const SARA = { subject: 'sara-skr-admin', name: 'Sara SKR', email: 'sara@skr.example' };
const SIV = { subject: 'siv-skr', name: 'Siv SKR', email: 'siv@skr.example' };
const ANNA = { subject: 'anna-skr-pages', name: 'Anna Andersson', email: 'anna@goteborg.example' };

/**
 * SKR's pages in the portal (issue 22): an SKR person signs in like everyone and acts with the API's SKR Actor;
 * triage assigns the responsible party (in bulk and on a deviation's page), the Jira failures page replays and decides
 * on deleted issues, the KPI page draws the report. Parties get the 403 page on all of it and change nothing.
 */
describe('SKR pages in the portal (e2e)', () => {
  let portal: PortalTest;

  beforeAll(async () => {
    portal = await startPortalTest([SARA, SIV, ANNA]);
  });
  beforeEach(() => truncateAll());
  afterAll(() => portal.close());

  const { get, post, session } = pageClient(() => portal);
  const responsibleOf = async (id: string) =>
    (
      (await (await ownerDb()).query(`SELECT responsible_party_id FROM deviation WHERE id = $1`, [id])) as {
        responsible_party_id: string | null;
      }[]
    )[0].responsible_party_id;

  /** Göteborg's two submitted deviations, awaiting a responsible party; Borås, a party to give them to. */
  async function seed() {
    const göteborg = await aParty({ name: 'Göteborgs Stad' });
    const borås = await aParty({ name: 'Borås Stad <b>fet</b>' });
    await aUser({ partyId: null, subject: SARA.subject, role: Role.SkrAdmin });
    await aUser({ partyId: null, subject: SIV.subject, role: Role.Skr });
    await aUser({ partyId: göteborg.id, subject: ANNA.subject, role: Role.Reporter });
    const a = { Authorization: `Bearer ${await portal.t.partyToken(göteborg.id)}` };
    const deviations: { id: string; key: string }[] = [];
    for (const rubrik of ['Inloggningen hänger', 'Svarstider <script>x</script>']) {
      const created = (await portal.t.http.post('/api/v1/deviations').set(a).send(aDeviationBody({ rubrik })).expect(201)).body as {
        id: string;
        key: string;
      };
      await portal.t.http.post(`/api/v1/deviations/${created.id}/submit`).set(a).expect(200);
      deviations.push(created);
    }
    return { göteborg, borås, deviations };
  }

  it('should welcome SKR and its admin to all parties’ latest, and a party’s person to what waits for their party', async () => {
    await seed();
    const welcome = {
      skr: {
        sv: 'Här ser du de senast ändrade avvikelserna och självdeklarationerna från alla parter.',
        en: 'Here you see the most recently changed deviations and self-declarations of all parties.',
      },
      party: { sv: 'Här ser du det som väntar på dig och din part.', en: 'Here you see what is waiting for you and your party.' },
    };
    for (const [subject, audience] of [
      [SARA.subject, 'skr'],
      [SIV.subject, 'skr'],
      [ANNA.subject, 'party'],
    ] as const) {
      const { cookies } = await session(subject);
      for (const language of ['sv', 'en'] as const) {
        const start = await get('/', new Map([...cookies, ['lang', language]]));
        expect(start.status).toBe(200);
        expect(start.text).toContain(`<p>${welcome[audience][language]}</p>`);
        const other = audience === 'skr' ? 'party' : 'skr';
        expect(start.text).not.toContain(welcome[other][language]);
      }
    }
  });

  it("should show everyone's start page what the public status page shows as going on now, and nothing more", async () => {
    await seed();
    const anna = await session(ANNA.subject);
    expect((await get('/', anna.cookies)).text).toContain('<p>Inga pågående driftstörningar eller planerade ändringar.</p>');

    // An ongoing CSN outage (its cause and plan are not public), a window in ten days, an outage resolved.
    await populateBoard(portal.t, await driftWriters(portal.t), 'STARTMARKER');
    for (const subject of [ANNA.subject, SIV.subject]) {
      const start = await get('/', (await session(subject)).cookies);
      const items = [...start.text.matchAll(/<a href="\/driftinformation#announcement-[0-9a-f-]{36}">([^<]*)<\/a>/g)].map((m) => m[1]);
      expect({ subject, items }).toEqual({ subject, items: ['CSN svarar inte'] });
      expect(start.text).toMatch(/Driftstörning sedan [^<]+\.\s+Berör: CSN<\/li>/);
      expect(start.text).not.toContain('STARTMARKER');
      expect(start.text).not.toContain('Inga pågående driftstörningar');
    }
    const english = await get('/', new Map([...anna.cookies, ['lang', 'en']]));
    expect(english.text).toMatch(/">CSN does not answer<\/a>\s+— Outage since [^<]+\.\s+Affects: CSN \(student finance\)<\/li>/);
  });

  it('should sign an SKR person in as SKR and assign the responsible party of the checked deviations at once', async () => {
    const { borås, deviations } = await seed();
    const sara = await session(SARA.subject);
    const page = await get('/skr/triage', sara.cookies);
    expect(page.status).toBe(200);
    expect(page.text).toContain('Du agerar för SKR');
    for (const { key } of deviations) expect(page.text).toContain(key);
    expect(page.text).toContain('Svarstider &lt;script&gt;x&lt;/script&gt;');
    expect(page.text).toContain('Borås Stad &lt;b&gt;fet&lt;/b&gt;');

    const ids = deviations.map(({ id }) => `deviationIds%5B%5D=${id}`).join('&');
    const assigned = await post('/skr/triage', sara.cookies, sara.csrf, `${ids}&responsiblePartyId=${borås.id}&motivering=Gäller+Borås`);
    expect(assigned.status).toBe(303);
    expect(assigned.headers.location).toBe('/skr/triage?assigned=2');
    for (const { id } of deviations) expect(await responsibleOf(id)).toBe(borås.id);
    const after = await get(assigned.headers.location, sara.cookies);
    expect(after.text).toContain('2 avvikelser fick en ny ansvarig part.');
    for (const { key } of deviations) expect(after.text).not.toContain(key);
  });

  it("should label each deviation on SKR's start page and list by who reported it to whom, and offer SKR no report entry", async () => {
    const { borås, deviations } = await seed();
    const sara = await session(SARA.subject);
    await post(`/deviations/${deviations[0].id}/responsible-party`, sara.cookies, sara.csrf, `responsiblePartyId=${borås.id}`);
    for (const path of ['/', '/deviations']) {
      const page = await get(path, sara.cookies);
      expect(page.text).toContain('Rapporterad av Göteborgs Stad, ansvarig Borås Stad &lt;b&gt;fet&lt;/b&gt;');
      expect(page.text).toContain('Rapporterad av Göteborgs Stad, ingen ansvarig part än');
      expect(page.text).not.toContain('Gäller oss');
      expect(page.text).not.toContain('href="/deviations/new"');
    }
    const start = await get('/', sara.cookies);
    expect(start.text.split(deviations[0].key)).toHaveLength(2);
  });

  it('should show the errors of a triage form beside its fields and assign nothing', async () => {
    const { deviations } = await seed();
    const sara = await session(SARA.subject);
    const refused = await post('/skr/triage', sara.cookies, sara.csrf, 'responsiblePartyId=&motivering=x');
    expect(refused.status).toBe(303);
    const page = await get('/skr/triage', sara.cookies);
    expect(page.text).toMatch(/id="deviationIds-error">Markera minst en avvikelse\./);
    expect(page.text).toMatch(/id="responsiblePartyId-error">Välj en aktiv part\./);
    const unknownParty = await post(
      '/skr/triage',
      sara.cookies,
      sara.csrf,
      `deviationIds%5B%5D=${deviations[0].id}&responsiblePartyId=${deviations[1].id}`,
    );
    expect(unknownParty.status).toBe(303);
    expect((await get('/skr/triage', sara.cookies)).text).toMatch(/id="responsiblePartyId-error"/);
    for (const { id } of deviations) expect(await responsibleOf(id)).toBeNull();
  });

  it("should let SKR set the responsible party on a deviation's page, and offer a party no such form", async () => {
    const { borås, deviations } = await seed();
    const sara = await session(SARA.subject);
    const id = deviations[0].id;
    expect((await get(`/deviations/${id}`, sara.cookies)).text).toContain(`action="/deviations/${id}/responsible-party"`);
    const answer = await post(`/deviations/${id}/responsible-party`, sara.cookies, sara.csrf, `responsiblePartyId=${borås.id}`);
    expect(answer.headers.location).toBe(`/deviations/${id}`);
    expect(await responsibleOf(id)).toBe(borås.id);
    expect((await get(`/deviations/${id}`, sara.cookies)).text).toContain('Borås Stad &lt;b&gt;fet&lt;/b&gt;');

    const anna = await session(ANNA.subject);
    expect((await get(`/deviations/${deviations[1].id}`, anna.cookies)).text).not.toContain('responsible-party');
    const forged = await post(
      `/deviations/${deviations[1].id}/responsible-party`,
      anna.cookies,
      anna.csrf,
      `responsiblePartyId=${borås.id}`,
    );
    expect(forged.status).toBe(403);
    expect(await responsibleOf(deviations[1].id)).toBeNull();
  });

  it('should answer a party the 403 page on every SKR page and form', async () => {
    const { borås, deviations } = await seed();
    const anna = await session(ANNA.subject);
    for (const path of ['/skr/triage', '/skr/jira', '/skr/kpi']) {
      const seen = await get(path, anna.cookies);
      expect({ path, status: seen.status, html: seen.headers['content-type'] }).toEqual({
        path,
        status: 403,
        html: expect.stringContaining('text/html'),
      });
    }
    const body = `deviationIds%5B%5D=${deviations[0].id}&responsiblePartyId=${borås.id}&deviationId=${deviations[0].id}&decision=unlink&confirm=yes`;
    for (const path of ['/skr/triage', '/skr/jira/replay', '/skr/jira/replay-matching', '/skr/jira/deleted']) {
      expect({ path, status: (await post(path, anna.cookies, anna.csrf, body)).status }).toEqual({ path, status: 403 });
    }
    expect(await responsibleOf(deviations[0].id)).toBeNull();
  });

  /** A failed sync as the worker leaves it: the issue answered 404 (deleted), or Jira refused the push. */
  async function failedLink(deviationId: string, partyId: string, code: string | null, error: string, key: string) {
    await (
      await ownerDb()
    ).query(
      `INSERT INTO jira_link (deviation_id, party_id, issue_id, issue_key, state, last_error, last_error_code, last_error_at)
       VALUES ($1, $2, $3, $4, 'fel', $5, $6, now())
       ON CONFLICT (deviation_id) DO UPDATE SET issue_id = $3, issue_key = $4, state = 'fel', last_error = $5, last_error_code = $6, last_error_at = now()`,
      [deviationId, partyId, `${key}-id`, key, error, code],
    );
  }
  const stateOf = async (id: string) =>
    ((await (await ownerDb()).query(`SELECT state FROM jira_link WHERE deviation_id = $1`, [id])) as { state: string }[])[0].state;

  it('should list Jira sync failures, replay one and those matching, and take the deleted-issue decision only when confirmed', async () => {
    const { göteborg, deviations } = await seed();
    const [gone, refused] = deviations.map(({ id }) => id);
    await failedLink(gone, göteborg.id, 'JIRA_ISSUE_NOT_FOUND', 'Jira svarar 404 <i>borta</i>', 'SSB-1');
    await failedLink(refused, göteborg.id, null, 'Jira 403: Forbidden', 'SSB-2');
    const sara = await session(SARA.subject);
    const page = await get('/skr/jira', sara.cookies);
    expect(page.status).toBe(200);
    expect(page.text).toContain('Jira svarar 404 &lt;i&gt;borta&lt;/i&gt;');
    expect(page.text).toContain('action="/skr/jira/deleted"');

    const replayed = await post('/skr/jira/replay-matching', sara.cookies, sara.csrf, 'reason=403&failedFrom=&failedTo=');
    expect(replayed.headers.location).toBe('/skr/jira?replayed=1');
    expect([await stateOf(refused), await stateOf(gone)]).toEqual(['väntar', 'fel']);
    const badDate = await post('/skr/jira/replay-matching', sara.cookies, sara.csrf, 'reason=&failedFrom=igår');
    expect(badDate.headers.location).toBe('/skr/jira');
    expect((await get('/skr/jira', sara.cookies)).text).toMatch(/id="failedFrom-error">Ange datum och tid/);

    const unconfirmed = await post('/skr/jira/deleted', sara.cookies, sara.csrf, `deviationId=${gone}&decision=unlink`);
    expect(unconfirmed.headers.location).toBe('/skr/jira');
    expect((await get('/skr/jira', sara.cookies)).text).toContain(`id="confirm-${gone}-error"`);
    expect(await stateOf(gone)).toBe('fel');
    const siv = await session(SIV.subject);
    expect((await get('/skr/jira', siv.cookies)).text).not.toContain('action="/skr/jira/deleted"');
    expect((await post('/skr/jira/deleted', siv.cookies, siv.csrf, `deviationId=${gone}&decision=unlink&confirm=yes`)).status).toBe(403);
    expect(await stateOf(gone)).toBe('fel');
    const decided = await post('/skr/jira/deleted', sara.cookies, sara.csrf, `deviationId=${gone}&decision=unlink&confirm=yes`);
    expect(decided.headers.location).toBe('/skr/jira?decided=1');
    expect(await stateOf(gone)).toBe('frikopplad');

    await failedLink(refused, göteborg.id, null, 'Jira 500', 'SSB-2');
    expect((await post('/skr/jira/replay', siv.cookies, siv.csrf, `deviationId=${refused}`)).headers.location).toBe('/skr/jira?replayed=1');
    expect(await stateOf(refused)).toBe('väntar');
  });

  it('should draw the KPI report as SVG charts with the same numbers in a table, by either grouping', async () => {
    const { deviations } = await seed();
    expect(deviations).toHaveLength(2);
    const sara = await session(SARA.subject);
    const month = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Stockholm', year: 'numeric', month: '2-digit' }).format(new Date());
    for (const view of ['ansvarig', 'rapporterad']) {
      const page = await get(`/skr/kpi?month=${month}&view=${view}`, sara.cookies);
      expect(page.status).toBe(200);
      expect(page.text).toMatch(/<svg [^>]*role="img" aria-labelledby="received-title received-desc"/);
      expect(page.text).toContain('<title id="received-title">Mottagna incidenter</title>');
      const row = /<th scope="row">Göteborgs Stad<\/th>\s*<td>[^<]*<\/td>\s*<td>(\d+)<\/td>/.exec(page.text);
      expect(row?.[1]).toBe('2');
      expect(page.text).toContain(`id="view-${view}" name="view" value="${view}" checked`);
    }
    const invalid = await get('/skr/kpi?month=2026-13', sara.cookies);
    expect(invalid.status).toBe(200);
    expect(invalid.text).toMatch(/id="month-error"/);
  });
});
