import { Role } from '../../src/actor/role';
import { PartyKind } from '../../src/parties/party.entity';
import { aDeviationRow } from '../factories/deviation.factory';
import { aParty, aUser } from '../factories/party.factory';
import { ownerDb, truncateAll } from '../support/database';
import { DRIFT_ADMIN } from '../support/drift-board';
import { pageClient, startPortalTest, type PortalTest } from '../support/portal';

const CARL = { subject: 'carl-csn-portal', name: 'Carl CSN', email: 'carl@csn.example' };
const RUT = { subject: 'rut-reader-portal', name: 'Rut Läsare', email: 'rut@csn.example' };
const KIM = { subject: 'kim-kommun-portal', name: 'Kim Kommun', email: 'kim@kommun.example' };
const DORA = { subject: 'dora-drift-portal', name: 'Dora Drift', email: 'dora@drift.example' };
const SARA = { subject: 'sara-skr-portal', name: 'Sara SKR', email: 'sara@skr.example' };
const DAY = 86_400_000;

/**
 * The Driftinformation pages issue 23 still lacked: calling off a planned change, the menu link for whoever may
 * publish, changing an announcement's parts and clearing its English texts, its linked deviations, and the
 * availability register. Each asserts the answer and the rows.
 */
describe('driftinformation portal pages (e2e)', () => {
  let portal: PortalTest;
  const { get, post, session } = pageClient(() => portal);

  beforeAll(async () => {
    portal = await startPortalTest([CARL, RUT, KIM, DORA, SARA]);
  });
  beforeEach(() => truncateAll());
  afterAll(() => portal.close());

  const db = () => ownerDb();
  const row = async (id: string) =>
    (
      (await (
        await db()
      ).query(`SELECT status, version, bastjanster, central_component, title_en, impact_en FROM drift_announcement WHERE id = $1`, [
        id,
      ])) as {
        status: string;
        version: number;
        bastjanster: string[];
        central_component: boolean;
        title_en: string | null;
        impact_en: string | null;
      }[]
    )[0];

  /** CSN (an Uppgiftslämnare of csn and skatteverket) with Carl reporting and Rut reading, a kommun with Kim, and SKR's Sara. */
  async function seed(): Promise<{ csnId: string; csnToken: string; kommunId: string }> {
    const csn = await aParty({ name: 'CSN', kind: PartyKind.Uppgiftslämnare });
    for (const code of ['csn', 'skatteverket'])
      await (
        await db()
      ).query(`INSERT INTO party_agreement (party_id, bastjanst, agreement_code) VALUES ($1, $2, 'UC_SSBTEK_2024')`, [csn.id, code]);
    await aUser({ partyId: csn.id, subject: CARL.subject, role: Role.Reporter });
    await aUser({ partyId: csn.id, subject: RUT.subject, role: Role.Reader });
    const kommun = await aParty({ name: 'Aby kommun' });
    await aUser({ partyId: kommun.id, subject: KIM.subject, role: Role.Reporter });
    await aUser({ partyId: null, subject: SARA.subject, role: Role.Skr });
    return { csnId: csn.id, csnToken: await portal.t.partyToken(csn.id, Role.Reporter), kommunId: kommun.id };
  }

  async function publish(token: string, body: Record<string, unknown>): Promise<string> {
    const created = await portal.t.http
      .post(DRIFT_ADMIN)
      .set('Authorization', `Bearer ${token}`)
      .send({ rubrik: 'Rubrik', påverkan: 'Påverkan', bastjänster: ['csn'], ...body })
      .expect(201);
    return (created.body as { id: string }).id;
  }
  const window = (token: string) =>
    publish(token, {
      typ: 'planerad_andring',
      rubrik: 'Uppgradering',
      start: new Date(Date.now() + 60 * DAY).toISOString(),
      förväntatSlut: new Date(Date.now() + 60 * DAY + 3_600_000).toISOString(),
    });

  describe('calling off a planned change', () => {
    const audit = async (id: string) =>
      ((await (await db()).query(`SELECT action FROM audit_entry WHERE entity_id = $1 ORDER BY id`, [id])) as { action: string }[]).map(
        (a) => a.action,
      );

    it("should call off its owner's planned change at the page's version, with the message in the history and the audit", async () => {
      const { csnToken } = await seed();
      const id = await window(csnToken);
      const carl = await session(CARL.subject);
      const page = await get(`/announcements/${id}`, carl.cookies);
      expect(page.text).toContain(`action="/announcements/${id}/cancel"`);

      const done = await post(
        `/announcements/${id}/cancel`,
        carl.cookies,
        carl.csrf,
        'version=1&installMeddelande=Flyttas+till+v%C3%A5ren',
      );
      expect(done.status).toBe(303);
      expect(done.headers.location).toBe(`/announcements/${id}?saved=cancelled`);
      expect(await row(id)).toMatchObject({ status: 'installd', version: 2 });
      const versions = (await (
        await db()
      ).query(`SELECT version, message_sv FROM drift_announcement_version WHERE announcement_id = $1 ORDER BY version`, [id])) as {
        version: number;
        message_sv: string | null;
      }[];
      expect(versions).toEqual([
        { version: 1, message_sv: null },
        { version: 2, message_sv: 'Flyttas till våren' },
      ]);
      expect(await audit(id)).toEqual(['drift.published', 'drift.cancelled']);
      const after = await get(`/announcements/${id}?saved=cancelled`, carl.cookies);
      expect(after.text).toContain('Den planerade ändringen är inställd.');
      expect(after.text).toMatch(/id="announcement-status">Inställd/);
      expect(after.text).not.toContain(`action="/announcements/${id}/cancel"`);
    });

    it('should refuse a stale version, an outage, and a stranger, leaving the row as it was', async () => {
      const { csnToken } = await seed();
      const id = await window(csnToken);
      const carl = await session(CARL.subject);
      // Changed through the API after the page was read: the page's version 1 is stale.
      await portal.t.http
        .patch(`${DRIFT_ADMIN}/${id}`)
        .set('Authorization', `Bearer ${csnToken}`)
        .set('If-Match', 'W/"1"')
        .send({ meddelande: 'Från API:t' })
        .expect(200);
      const stale = await post(`/announcements/${id}/cancel`, carl.cookies, carl.csrf, 'version=1');
      expect(stale.headers.location).toBe(`/announcements/${id}`);
      expect((await get(`/announcements/${id}`, carl.cookies)).text).toMatch(
        /id="andra-error">Meddelandet har ändrats sedan du öppnade sidan/,
      );
      expect(await row(id)).toMatchObject({ status: 'planerad', version: 2 });

      const kim = await session(KIM.subject);
      expect((await post(`/announcements/${id}/cancel`, kim.cookies, kim.csrf, 'version=2')).status).toBe(403);
      const rut = await session(RUT.subject);
      expect((await post(`/announcements/${id}/cancel`, rut.cookies, rut.csrf, 'version=2')).status).toBe(403);
      expect(await row(id)).toMatchObject({ status: 'planerad', version: 2 });

      const outage = await publish(csnToken, { typ: 'driftstorning', start: new Date().toISOString() });
      expect((await get(`/announcements/${outage}`, carl.cookies)).text).not.toContain(`/cancel"`);
      const refused = await post(`/announcements/${outage}/cancel`, carl.cookies, carl.csrf, 'version=1');
      expect(refused.headers.location).toBe(`/announcements/${outage}`);
      expect((await get(`/announcements/${outage}`, carl.cookies)).text).toMatch(
        /id="andra-error">Bara en planerad ändring som inte har börjat kan ställas in\./,
      );
      expect(await row(outage)).toMatchObject({ status: 'pagaende', version: 1 });
      expect(await audit(outage)).toEqual(['drift.published']);
    });
  });
  it('should offer the publishing pages in the menu to SKR and to a party owning a part of SSBTEK, and to no one else', async () => {
    await seed();
    const drift = await aParty({ name: 'Driftleverantören', kind: PartyKind.Driftleverantör });
    await aUser({ partyId: drift.id, subject: DORA.subject, role: Role.Reporter });
    const menu = async (subject: string) => {
      const { cookies } = await session(subject);
      const start = await get('/', cookies);
      expect(start.status).toBe(200);
      return /<nav class="site-nav"[\s\S]*?<li><a href="\/announcements"/.test(start.text);
    };
    expect({
      skr: await menu(SARA.subject),
      uppgiftslämnare: await menu(CARL.subject),
      driftleverantör: await menu(DORA.subject),
      reader: await menu(RUT.subject),
      kommun: await menu(KIM.subject),
    }).toEqual({ skr: true, uppgiftslämnare: true, driftleverantör: true, reader: false, kommun: false });
  });
  it("should change an announcement's parts within what the party owns and clear its English texts, keeping what the form leaves out", async () => {
    const { csnToken } = await seed();
    const id = await publish(csnToken, {
      typ: 'driftstorning',
      start: new Date().toISOString(),
      rubrikEn: 'CSN down',
      påverkanEn: 'No answers',
    });
    const carl = await session(CARL.subject);
    const page = await get(`/announcements/${id}`, carl.cookies);
    expect([...page.text.matchAll(/name="bastjanster\[\]" value="([^"]+)"( checked)?/g)].map((m) => `${m[1]}${m[2] ?? ''}`)).toEqual([
      'csn checked',
      'skatteverket',
    ]);

    // A post without the parts or the English fields (another form, an old page) keeps them.
    await post(`/announcements/${id}`, carl.cookies, carl.csrf, 'version=1&rubrik=CSN+svarar+inte');
    expect(await row(id)).toMatchObject({ version: 2, bastjanster: ['csn'], title_en: 'CSN down', impact_en: 'No answers' });

    // A part CSN does not own, and no part at all: refused beside the parts, nothing written.
    const unowned = await post(
      `/announcements/${id}`,
      carl.cookies,
      carl.csrf,
      'version=2&delar=ja&bastjanster[]=csn&bastjanster[]=migrationsverket&rubrikEn=&paverkanEn=',
    );
    expect(unowned.headers.location).toBe(`/announcements/${id}`);
    const shown = await get(`/announcements/${id}`, carl.cookies);
    expect(shown.text).toMatch(/id="bastjanster-error">Du kan bara publicera för det din organisation ansvarar för\./);
    await post(`/announcements/${id}`, carl.cookies, carl.csrf, 'version=2&delar=ja&rubrikEn=&paverkanEn=');
    expect((await get(`/announcements/${id}`, carl.cookies)).text).toMatch(
      /id="bastjanster-error">Välj den centrala komponenten eller minst en bastjänst\./,
    );
    expect(await row(id)).toMatchObject({ version: 2, bastjanster: ['csn'], central_component: false, title_en: 'CSN down' });

    const changed = await post(
      `/announcements/${id}`,
      carl.cookies,
      carl.csrf,
      'version=2&delar=ja&bastjanster[]=csn&bastjanster[]=skatteverket&rubrikEn=&paverkanEn=+',
    );
    expect(changed.headers.location).toBe(`/announcements/${id}?saved=updated`);
    expect(await row(id)).toEqual({
      status: 'pagaende',
      version: 3,
      bastjanster: ['csn', 'skatteverket'],
      central_component: false,
      title_en: null,
      impact_en: null,
    });
    const [snapshot] = (await (
      await db()
    ).query(`SELECT snapshot FROM drift_announcement_version WHERE announcement_id = $1 AND version = 3`, [id])) as {
      snapshot: { bastjänster: string[]; titleEn: string | null };
    }[];
    expect(snapshot.snapshot).toMatchObject({ bastjänster: ['csn', 'skatteverket'], titleEn: null });
  });
  it("should list on an outage's page the linked deviations the viewer may see, and none on the public pages", async () => {
    const { csnId, csnToken, kommunId } = await seed();
    const id = await publish(csnToken, { typ: 'driftstorning', start: new Date().toISOString() });
    const own = await aDeviationRow(csnId, { rubrik: 'CSN:s egen rapport' });
    const foreign = await aDeviationRow(kommunId, { rubrik: 'Kommunens rapport' });
    for (const [deviation, by] of [
      [own, csnId],
      [foreign, kommunId],
    ] as const)
      await (
        await db()
      ).query(`INSERT INTO drift_outage_deviation (announcement_id, deviation_id, linked_by_party_id) VALUES ($1, $2, $3)`, [
        id,
        deviation.id,
        by,
      ]);
    const listed = (html: string) =>
      [...html.matchAll(/<a href="\/deviations\/([^"]+)">([^<]+)<\/a>: ([^(]+) \(/g)].map((m) => [m[1], m[2], m[3]]);

    // The owner sees its own report, not the kommun's, though both are linked to its outage.
    const carl = await session(CARL.subject);
    const owner = await get(`/announcements/${id}`, carl.cookies);
    expect(owner.status).toBe(200);
    expect(listed(owner.text)).toEqual([[own.id, own.key, 'CSN:s egen rapport']]);
    expect(owner.text).not.toContain(foreign.key);
    expect(owner.text).not.toContain('Kommunens rapport');

    const sara = await session(SARA.subject);
    expect(
      listed((await get(`/announcements/${id}`, sara.cookies)).text)
        .map(([deviationId]) => deviationId)
        .sort(),
    ).toEqual([own.id, foreign.id].sort());

    // The kommun linked a report to the outage but does not own it: the page is not its to see.
    const kim = await session(KIM.subject);
    const stranger = await get(`/announcements/${id}`, kim.cookies);
    expect(stranger.status).toBe(403);
    expect(stranger.text).not.toContain(own.key);

    for (const path of ['/driftinformation', '/api/v1/public/driftinfo/status', '/api/v1/public/driftinfo/feed.atom']) {
      const seen = await portal.t.http.get(path);
      expect({ path, status: seen.status }).toEqual({ path, status: 200 });
      expect({ path, keys: [own.key, foreign.key].filter((key) => seen.text.includes(key)) }).toEqual({ path, keys: [] });
    }
  });
  describe('the availability register page', () => {
    /** The scenario of src/driftinfo/availability.spec.ts for csn, and one LEFI Online hour on Wed 3 Feb 10–11. */
    async function february(): Promise<void> {
      const insert = (kind: string, codes: string, startsAt: string, endedAt: string, announcedEndAt: string | null = null) =>
        db().then((d) =>
          d.query(
            `INSERT INTO drift_announcement (kind, status, bastjanster, title_sv, impact_sv, starts_at, ended_at, announced_end_at, expected_end_at, published_at, version)
             VALUES ($1, 'avslutad', $2, 'T', 'P', $3, $4, $5, $5, '2027-01-01T00:00:00+01:00', 1)`,
            [kind, codes, startsAt, endedAt, announcedEndAt],
          ),
        );
      // 150 + 150 + 75 unavailable minutes of 10 800 = 96.53 %: the announced window (10 Feb) costs nothing, the
      // overrun past its announced 08:00 (22 Feb) 75 minutes and one interruption.
      await insert('driftstorning', '{csn}', '2027-02-02T10:00:00+01:00', '2027-02-02T12:30:00+01:00');
      await insert('driftstorning', '{csn}', '2027-02-18T16:00:00+01:00', '2027-02-19T09:30:00+01:00');
      await insert('planerad_andring', '{csn}', '2027-02-10T06:00:00+01:00', '2027-02-10T09:00:00+01:00', '2027-02-10T09:00:00+01:00');
      await insert('planerad_andring', '{csn}', '2027-02-22T05:00:00+01:00', '2027-02-22T09:15:00+01:00', '2027-02-22T08:00:00+01:00');
      await insert('driftstorning', '{lefi_online}', '2027-02-03T10:00:00+01:00', '2027-02-03T11:00:00+01:00');
      const fk = await aParty({ name: 'Försäkringskassan LEFI', kind: PartyKind.Uppgiftslämnare });
      await (
        await db()
      ).query(`INSERT INTO party_agreement (party_id, bastjanst, agreement_code) VALUES ($1, 'lefi_online', 'SLA_LEFI_ONLINE_2017')`, [
        fk.id,
      ]);
    }

    /** Each section's heading, its summary and its table rows [target, outcome, met], as plain text. */
    const sections = (html: string) =>
      html
        .split('<section')
        .slice(1)
        .map((section) => ({
          name: /<h2[^>]*>([^<]+)<\/h2>/.exec(section)![1],
          summary: [...section.matchAll(/<dd class="definition-list__definition">([^<]+)<\/dd>/g)].map((m) => m[1]),
          rows: [...section.matchAll(/<tr>\s*<th scope="row">([^<]+)<\/th>\s*<td>([^<]+)<\/td>\s*<td>([^<]+)<\/td>/g)].map((m) => [
            m[1],
            m[2],
            m[3],
          ]),
        }));

    it('should show SKR the hand-computed February 2027 figures with the UC and LEFI targets and whether each is met', async () => {
      await seed();
      await february();
      const sara = await session(SARA.subject);
      const page = await get('/availability?month=2027-02', sara.cookies);
      expect(page.status).toBe(200);
      const shown = sections(page.text);
      expect(shown.map((s) => s.name)).toEqual([
        'SSBTEK som helhet',
        'LEFI Online (Försäkringskassan och Pensionsmyndigheten)',
        'CSN',
        'Skatteverket',
        'Arbetsförmedlingen (AFLI)',
        'Migrationsverket',
        'Transportstyrelsen',
        'Sveriges a-kassor',
      ]);
      const csn = shown.find((s) => s.name === 'CSN')!;
      // 20 weekdays × 9 h = 180 h of öppettid; 375 min = 6.25 h unavailable; 96.53 % < 98 %; 3 interruptions.
      expect(csn.summary).toEqual(['180 h', '6,25 h', '0 h', '96,53 %']);
      expect(csn.rows).toEqual([
        ['Tillgänglighet under öppettid minst 98 %', '96,53 %', 'Nej'],
        ['Hindertid under öppettid högst 62 timmar per år', '6,25 h hittills i år', 'Ja'],
        ['Högst 4 oplanerade avbrott i månaden', '3', 'Ja'],
        ['Högst 12 oplanerade avbrott per år', '3 hittills i år', 'Ja'],
      ]);
      // LEFI §2.4: 60 of 12 000 min of kontorstid = 99.5 % ≥ 99.3 %, and 1 h ≤ 1.4 h of hindertid.
      expect(shown.find((s) => s.name.startsWith('LEFI'))!.rows).toEqual([
        ['Tillgänglighet under kontorstid minst 99,3 %', '99,5 %', 'Ja'],
        ['Tillgänglighet under kvällar minst 98,6 %', '100 %', 'Ja'],
        ['Tillgänglighet under helger minst 98 %', '100 %', 'Ja'],
        ['Hindertid under kontorstid högst 1,4 timmar i månaden', '1 h', 'Ja'],
        ['Hindertid under kvällar och helger högst 2,6 timmar i månaden', '0 h', 'Ja'],
        ['Högst 4 oplanerade avbrott i månaden', '1', 'Ja'],
      ]);
      // SSBTEK as a whole: the other agencies still answered during the three outages (150 + 150 + 60 min), §4.9.
      expect(shown[0].summary[2]).toBe('6 h');
      expect(page.text).not.toContain('<script>');
    });

    it('should show a party only its own bastjänster, a kommun none, and refuse a month that is no month', async () => {
      await seed();
      await february();
      const carl = await session(CARL.subject);
      const own = sections((await get('/availability?month=2027-02', carl.cookies)).text);
      expect(own.map((s) => [s.name, s.summary[3]])).toEqual([
        ['CSN', '96,53 %'],
        ['Skatteverket', '100 %'],
      ]);
      const kim = await session(KIM.subject);
      const none = await get('/availability?month=2027-02', kim.cookies);
      expect(none.status).toBe(200);
      expect(sections(none.text)).toEqual([]);
      expect(none.text).toContain('Det finns ingen bastjänst i registret som du kan se.');
      const wrong = await get('/availability?month=2027-13', carl.cookies);
      expect(wrong.text).toContain('Ange månaden som år och månad, till exempel 2027-02.');
      expect(sections(wrong.text)).toEqual([]);
    });
  });
});
