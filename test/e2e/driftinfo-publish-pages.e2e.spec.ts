import { randomUUID } from 'node:crypto';
import { Role } from '../../src/actor/role';
import { PartyKind } from '../../src/parties/party.entity';
import { aParty, aUser } from '../factories/party.factory';
import { ownerDb, truncateAll } from '../support/database';
import { DRIFT_ADMIN } from '../support/drift-board';
import { pageClient, startPortalTest, type PortalTest } from '../support/portal';

const CARL = { subject: 'carl-csn-drift', name: 'Carl CSN', email: 'carl@csn.example' };
const RUT = { subject: 'rut-reader-drift', name: 'Rut Läsare', email: 'rut@csn.example' };
const KIM = { subject: 'kim-kommun-drift', name: 'Kim Kommun', email: 'kim@kommun.example' };
const DAY = 86_400_000;

/** A `datetime-local` value in Swedish time for an instant `days` from now (winter: UTC+1 is enough for the rule). */
const local = (days: number) => new Date(Date.now() + days * DAY + 3_600_000).toISOString().slice(0, 16);

/**
 * The portal's publishing pages keep the API's rules (issue 23): only the API's writer roles reach them, a party
 * publishes only for what it owns and changes only its own announcements (403 otherwise, 404 for none), the notice
 * rule and the version check hold, and every refusal is an error beside its field with no row written.
 */
describe('driftinformation publishing pages (e2e)', () => {
  let portal: PortalTest;
  const { get, post, session } = pageClient(() => portal);

  beforeAll(async () => {
    portal = await startPortalTest([CARL, RUT, KIM]);
  });
  beforeEach(() => truncateAll());
  afterAll(() => portal.close());

  const rows = async () =>
    (await ownerDb()).query(`SELECT id, title_sv, version, bastjanster FROM drift_announcement ORDER BY published_at`) as Promise<
      { id: string; title_sv: string; version: number; bastjanster: string[] }[]
    >;

  async function seed(): Promise<{ skrId: string }> {
    const csn = await aParty({ name: 'CSN', kind: PartyKind.Uppgiftslämnare });
    await (
      await ownerDb()
    ).query(`INSERT INTO party_agreement (party_id, bastjanst, agreement_code) VALUES ($1, 'csn', 'UC_SSBTEK_2024')`, [csn.id]);
    await aUser({ partyId: csn.id, subject: CARL.subject, role: Role.Reporter });
    await aUser({ partyId: csn.id, subject: RUT.subject, role: Role.Reader });
    await aUser({ partyId: (await aParty({ name: 'Aby kommun' })).id, subject: KIM.subject, role: Role.Reporter });
    const skr = await portal.t.http
      .post(DRIFT_ADMIN)
      .set('Authorization', `Bearer ${await portal.t.skrToken(Role.Skr)}`)
      .send({
        typ: 'driftstorning',
        centralKomponent: true,
        rubrik: 'SSBTEK nere',
        påverkan: 'Inga svar.',
        start: new Date().toISOString(),
      })
      .expect(201);
    return { skrId: (skr.body as { id: string }).id };
  }

  it("should keep a reader out, and answer a party another's announcement 403 and none 404, changing nothing", async () => {
    const { skrId } = await seed();
    const rut = await session(RUT.subject);
    for (const path of ['/announcements', '/announcements/new', `/announcements/${skrId}`]) {
      expect({ path, status: (await get(path, rut.cookies)).status }).toEqual({ path, status: 403 });
    }
    expect((await post('/announcements', rut.cookies, rut.csrf, 'typ=driftstorning&rubrik=x&paverkan=y&bastjanster[]=csn')).status).toBe(
      403,
    );

    const carl = await session(CARL.subject);
    expect((await get(`/announcements/${skrId}`, carl.cookies)).status).toBe(403);
    expect((await get(`/announcements/${randomUUID()}`, carl.cookies)).status).toBe(404);
    expect((await post(`/announcements/${skrId}`, carl.cookies, carl.csrf, 'version=1&meddelande=Kapat')).status).toBe(403);
    expect((await post(`/announcements/${skrId}/resolve`, carl.cookies, carl.csrf, `version=1&slut=${local(0)}`)).status).toBe(403);
    const list = await get('/announcements', carl.cookies);
    expect(list.status).toBe(200);
    expect(list.text).not.toContain('SSBTEK nere');
    expect(await rows()).toEqual([expect.objectContaining({ id: skrId, version: 1 })]);

    const kim = await session(KIM.subject);
    const form = await get('/announcements/new', kim.cookies);
    expect(form.status).toBe(200);
    expect(form.text).toContain('Din organisation ansvarar inte för någon del av SSBTEK');
    expect(form.text).not.toContain('<form method="post" action="/announcements"');
  });

  it('should let an Uppgiftslämnare publish for its own bastjänst only, with the notice rule and the version check beside the fields', async () => {
    await seed();
    const carl = await session(CARL.subject);
    const form = await get('/announcements/new', carl.cookies);
    expect([...form.text.matchAll(/name="(centralKomponent|bastjanster\[\])" value="([^"]+)"/g)].map((m) => m[2])).toEqual(['csn']);

    const refusedOwner = await post(
      '/announcements',
      carl.cookies,
      carl.csrf,
      `typ=driftstorning&rubrik=Skatteverket+nere&paverkan=Inga+svar&bastjanster[]=skatteverket&start=${local(0)}`,
    );
    expect(refusedOwner.status).toBe(303);
    expect(refusedOwner.headers.location).toBe('/announcements/new');
    const shown = await get('/announcements/new', carl.cookies);
    expect(shown.text).toMatch(/id="bastjanster-error">Du kan bara publicera för det din organisation ansvarar för\.</);
    expect(shown.text).toContain('value="Skatteverket nere"');

    // Three weeks' notice for a planned change outside a release: refused beside the start, then published as an exception.
    const window = `typ=planerad_andring&rubrik=Uppgradering&paverkan=CSN+st%C3%A4ngt&bastjanster[]=csn&start=${local(21)}&forvantatSlut=${local(21.1)}`;
    await post('/announcements', carl.cookies, carl.csrf, window);
    expect((await get('/announcements/new', carl.cookies)).text).toMatch(/id="start-error">En planerad ändring utanför release/);
    expect(await rows()).toHaveLength(1);
    const published = await post('/announcements', carl.cookies, carl.csrf, `${window}&undantagMotivering=S%C3%A4kerhetsr%C3%A4ttning`);
    const [, created] = await rows();
    expect(created).toMatchObject({ title_sv: 'Uppgradering', version: 1, bastjanster: ['csn'] });
    expect(published.headers.location).toBe(`/announcements/${created.id}?saved=published`);

    // Changed through the API meanwhile: the page's update at version 1 is refused, the API's version 2 kept.
    await portal.t.http
      .patch(`${DRIFT_ADMIN}/${created.id}`)
      .set('Authorization', `Bearer ${await portal.t.skrToken(Role.Skr)}`)
      .set('If-Match', 'W/"1"')
      .send({ meddelande: 'Från API:t' })
      .expect(200);
    const stale = await post(`/announcements/${created.id}`, carl.cookies, carl.csrf, 'version=1&rubrik=Gammal');
    expect(stale.headers.location).toBe(`/announcements/${created.id}`);
    const edit = await get(`/announcements/${created.id}`, carl.cookies);
    expect(edit.text).toMatch(/id="andra-error">Meddelandet har ändrats sedan du öppnade sidan/);
    expect(edit.text).toContain('name="version" value="2"');
    expect((await rows())[1]).toMatchObject({ title_sv: 'Uppgradering', version: 2 });

    const crossSite = await post(`/announcements/${created.id}`, carl.cookies, carl.csrf, 'version=2&rubrik=Fr%C3%A5n+annan+sajt').set(
      'Sec-Fetch-Site',
      'cross-site',
    );
    expect(crossSite.status).toBe(403);
    expect((await rows())[1]).toMatchObject({ title_sv: 'Uppgradering', version: 2 });
  });
});
