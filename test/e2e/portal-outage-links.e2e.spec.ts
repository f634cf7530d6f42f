import { randomUUID } from 'node:crypto';
import { Role } from '../../src/actor/role';
import { aDeviationBody } from '../factories/deviation.factory';
import { aParty, aUser } from '../factories/party.factory';
import { ownerDb, truncateAll } from '../support/database';
import { driftWriters, populateBoard } from '../support/drift-board';
import { pageClient, startPortalTest, type PortalTest } from '../support/portal';

const ANNA = { subject: 'anna-outage-links', name: 'Anna Andersson', email: 'anna@goteborg.example' };
const BO = { subject: 'bo-outage-links', name: 'Bo Borås', email: 'bo@boras.example' };

/**
 * Issue 23 in the portal: a party reporting during an ongoing outage sees it on the report form, and links its
 * deviation to it from the deviation's page (no script), through the API's OutageLinksService and its rules.
 */
describe('Linking a deviation to an ongoing outage in the portal (e2e)', () => {
  let portal: PortalTest;

  beforeAll(async () => {
    portal = await startPortalTest([ANNA, BO]);
  });
  beforeEach(() => truncateAll());
  afterAll(() => portal.close());

  const { get, post, session } = pageClient(() => portal);
  const linksOf = async (deviationId: string) =>
    (await (
      await ownerDb()
    ).query(`SELECT announcement_id, linked_by_party_id FROM drift_outage_deviation WHERE deviation_id = $1`, [deviationId])) as {
      announcement_id: string;
      linked_by_party_id: string | null;
    }[];

  /** The board (an ongoing CSN outage, a window in ten days, a resolved outage) and a submitted deviation per party. */
  async function seed() {
    const board = await populateBoard(portal.t, await driftWriters(portal.t));
    const göteborg = await aParty({ name: 'Göteborgs Stad' });
    const borås = await aParty({ name: 'Borås Stad' });
    await aUser({ partyId: göteborg.id, subject: ANNA.subject, role: Role.Reporter });
    await aUser({ partyId: borås.id, subject: BO.subject, role: Role.Reporter });
    const submitted = async (partyId: string) => {
      const auth = { Authorization: `Bearer ${await portal.t.partyToken(partyId)}` };
      const created = await portal.t.http
        .post('/api/v1/deviations')
        .set(auth)
        .send(aDeviationBody({ bastjänst: 'csn' }))
        .expect(201);
      await portal.t.http.post(`/api/v1/deviations/${created.body.id}/submit`).set(auth).expect(200);
      return created.body.id as string;
    };
    return { ...board, göteborg, own: await submitted(göteborg.id), others: await submitted(borås.id) };
  }

  it('should list the ongoing outage on the report form and say a report of it can be linked once submitted', async () => {
    const { outageId, windowId, oldId } = await seed();
    const anna = await session(ANNA.subject);
    const form = await get('/deviations/new', anna.cookies);
    expect(form.status).toBe(200);
    expect(form.text).toContain(`<a href="/driftinformation#announcement-${outageId}">CSN svarar inte</a>`);
    expect(form.text).toContain('kan du koppla den till störningen från avvikelsens sida när du skickat in den');
    expect(form.text).not.toContain(windowId);
    expect(form.text).not.toContain(oldId);
    const english = await get('/deviations/new', new Map([...anna.cookies, ['lang', 'en']]));
    expect(english.text).toContain('you can link it to the outage from the deviation’s page once submitted');
  });

  it('should link the deviation to the outage chosen on its page, write the link and list it there', async () => {
    const { outageId, göteborg, own } = await seed();
    const anna = await session(ANNA.subject);
    const before = await get(`/deviations/${own}`, anna.cookies);
    expect(before.text).toContain('Avvikelsen är inte kopplad till någon driftstörning.');
    expect(before.text).toContain('Koppla till pågående störning');
    // Only ongoing outages are offered: not the window (a planned change) nor the resolved one.
    const offered = [...before.text.matchAll(/<option value="([0-9a-f-]{36})"/g)].map((m) => m[1]);
    expect(offered).toEqual([outageId]);

    const linked = await post(`/deviations/${own}/outages`, anna.cookies, anna.csrf, `announcementId=${outageId}`);
    expect(linked.status).toBe(303);
    expect(linked.headers.location).toBe(`/deviations/${own}?linked=1`);
    expect(await linksOf(own)).toEqual([{ announcement_id: outageId, linked_by_party_id: göteborg.id }]);

    const after = await get(linked.headers.location as string, anna.cookies);
    expect(after.text).toContain('Avvikelsen är kopplad till driftstörningen.');
    expect(after.text).toContain(`<li><a href="/driftinformation#announcement-${outageId}">CSN svarar inte</a> (Pågår)</li>`);
    expect(after.text).not.toContain('Avvikelsen är inte kopplad');
    expect(after.text).not.toContain('Koppla till pågående störning');
  });

  it('should answer a forged, a planned or a closed announcement with the error summary and link nothing', async () => {
    const { windowId, oldId, own } = await seed();
    const anna = await session(ANNA.subject);
    for (const forged of [randomUUID(), windowId, oldId, 'not-a-uuid']) {
      const refused = await post(`/deviations/${own}/outages`, anna.cookies, anna.csrf, `announcementId=${forged}`);
      expect({ forged, status: refused.status, location: refused.headers.location }).toEqual({
        forged,
        status: 303,
        location: `/deviations/${own}`,
      });
      const page = await get(`/deviations/${own}`, anna.cookies);
      expect(page.text).toContain('error-summary');
      expect(page.text).toContain('<a class="error-list__link" href="#outage">Driftstörningen finns inte eller pågår inte längre.');
    }
    expect(await linksOf(own)).toEqual([]);
  });

  it("should answer another party's deviation with the 404 page and link nothing", async () => {
    const { outageId, others } = await seed();
    const anna = await session(ANNA.subject);
    const refused = await post(`/deviations/${others}/outages`, anna.cookies, anna.csrf, `announcementId=${outageId}`);
    expect(refused.status).toBe(404);
    expect(refused.headers['content-type']).toMatch(/^text\/html/);
    expect(await linksOf(others)).toEqual([]);
  });
});
