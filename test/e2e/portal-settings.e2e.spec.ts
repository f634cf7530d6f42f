import { Role } from '../../src/actor/role';
import { aParty, aUser } from '../factories/party.factory';
import { ownerDb, truncateAll } from '../support/database';
import { pageClient, startPortalTest, type PortalTest } from '../support/portal';

const ANNA = { subject: 'anna-settings', name: 'Anna Andersson', email: 'anna@goteborg.example' };
const BO = { subject: 'bo-settings', name: 'Bo Berg', email: 'bo@boras.example' };
const SARA = { subject: 'sara-settings', name: 'Sara SKR', email: 'sara@skr.example' };

/**
 * A person's own settings in the portal (issue 22): notification preferences, saved list filters and (party admin)
 * webhook secret rotation, through the API's services with the same Actor, each row only its owner's.
 */
describe('portal settings pages (e2e)', () => {
  let portal: PortalTest;

  beforeAll(async () => {
    portal = await startPortalTest([ANNA, BO, SARA]);
  });
  beforeEach(() => truncateAll());
  afterAll(() => portal.close());

  const { get, post, session } = pageClient(() => portal);
  const query = async (sql: string, params: unknown[] = []) => (await ownerDb()).query(sql, params) as Promise<Record<string, unknown>[]>;
  async function seed() {
    const göteborg = await aParty({ name: 'Göteborgs Stad' });
    const borås = await aParty({ name: 'Borås Stad' });
    await aUser({ partyId: göteborg.id, subject: ANNA.subject, role: Role.Admin });
    await aUser({ partyId: borås.id, subject: BO.subject, role: Role.Reader });
    await aUser({ partyId: null, subject: SARA.subject, role: Role.Skr });
    return { göteborg, borås };
  }

  describe('notification preferences', () => {
    it("should show the person's e-mail choices, save what they uncheck for their party only, and keep the mandatory ones on", async () => {
      const { göteborg } = await seed();
      const anna = await session(ANNA.subject);
      const form = await get('/notifications', anna.cookies);
      expect(form.status).toBe(200);
      expect(form.text).toContain('href="/notifications" aria-current="page"');
      expect(form.text).toMatch(/id="email-status_ändrad" name="email\[\]" value="status_ändrad" checked>/);
      expect(form.text).toMatch(/id="email-sla_brott" name="email\[\]" value="sla_brott" checked disabled/);

      const chosen = ['avvikelse_inskickad', 'lösning_satt', 'sla_brott'].map((type) => `email%5B%5D=${type}`).join('&');
      const saved = await post('/notifications', anna.cookies, anna.csrf, `${chosen}&email%5B%5D=drift_publicerad&email=x`);
      expect(saved.status).toBe(303);
      expect(saved.headers.location).toBe('/notifications?saved=1');
      const rows = await query(`SELECT party_id, type, email FROM notification_preference WHERE user_subject = $1 ORDER BY type`, [
        ANNA.subject,
      ]);
      expect(rows.filter((row) => row.email).map((row) => row.type)).toEqual(['avvikelse_inskickad', 'lösning_satt']);
      expect(rows.map((row) => row.type)).not.toContain('sla_brott');
      expect(rows.map((row) => row.type)).not.toContain('drift_publicerad');
      expect(new Set(rows.map((row) => row.party_id))).toEqual(new Set([göteborg.id]));
      const after = await get('/notifications?saved=1', anna.cookies);
      expect(after.text).toContain('Dina val är sparade.');
      expect(after.text).toMatch(/value="status_ändrad">/);
      expect(after.text).toMatch(/value="lösning_satt" checked>/);
      const api = await portal.t.http
        .get('/api/v1/notifications/preferences')
        .set('Authorization', `Bearer ${await portal.t.partyToken(göteborg.id, Role.Admin, ANNA.subject)}`);
      expect(
        (api.body as { preferences: { type: string; email: boolean }[] }).preferences.find((p) => p.type === 'status_ändrad')?.email,
      ).toBe(false);
    });

    it('should show another party member only their own choices, and SKR the 403 page', async () => {
      await seed();
      const anna = await session(ANNA.subject);
      await post('/notifications', anna.cookies, anna.csrf, 'email%5B%5D=sla_brott');
      const bo = await session(BO.subject);
      expect((await get('/notifications', bo.cookies)).text).toMatch(/value="status_ändrad" checked>/);
      expect((await post('/notifications', bo.cookies, bo.csrf, '')).status).toBe(303);
      expect(await query(`SELECT 1 FROM notification_preference WHERE user_subject = $1 AND email`, [ANNA.subject])).toEqual([]);
      const sara = await session(SARA.subject);
      expect((await get('/', sara.cookies)).text).not.toContain('href="/notifications"');
      expect((await get('/notifications', sara.cookies)).status).toBe(403);
      expect((await post('/notifications', sara.cookies, sara.csrf, '')).status).toBe(403);
    });
  });
});
