import { Role } from '../../src/actor/role';
import { ScopedDb } from '../../src/database/scoped-db';
import { aParty, aUser } from '../factories/party.factory';
import { ownerDb, truncateAll } from '../support/database';
import { pageClient, startPortalTest, type PortalTest } from '../support/portal';

const ANNA = { subject: 'anna-settings', name: 'Anna Andersson', email: 'anna@goteborg.example' };
const BO = { subject: 'bo-settings', name: 'Bo Berg', email: 'bo@boras.example' };
const SARA = { subject: 'sara-settings', name: 'Sara SKR', email: 'sara@skr.example' };
const CARL = { subject: 'carl-settings', name: 'Carl Admin', email: 'carl@boras.example' };

/**
 * A person's own settings in the portal (issue 22): notification preferences, saved list filters and (party admin)
 * webhook secret rotation, through the API's services with the same Actor, each row only its owner's.
 */
describe('portal settings pages (e2e)', () => {
  let portal: PortalTest;

  beforeAll(async () => {
    portal = await startPortalTest([ANNA, BO, SARA, CARL]);
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
    await aUser({ partyId: borås.id, subject: CARL.subject, role: Role.Admin });
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

  describe('saved filters', () => {
    const filters = async () => query(`SELECT id, party_id, user_subject, name, query FROM saved_filter ORDER BY name`);

    it("should save the list's filter under a name, list and apply it, refuse a bad or taken name beside its field, and delete it", async () => {
      const { göteborg } = await seed();
      const anna = await session(ANNA.subject);
      const saved = await post(
        '/deviations/filters',
        anna.cookies,
        anna.csrf,
        'status=mottagen&q=csn+<b>&cursor=abc&filterName=Mottagna+<i>CSN</i>',
      );
      expect(saved.headers.location).toBe('/deviations?status=mottagen&q=csn+%3Cb%3E&filterSaved=1');
      const [row] = await filters();
      expect(row).toMatchObject({
        party_id: göteborg.id,
        user_subject: ANNA.subject,
        name: 'Mottagna <i>CSN</i>',
        query: 'status=mottagen&q=csn+%3Cb%3E',
      });
      const list = await get(saved.headers.location, anna.cookies);
      expect(list.text).toContain('Filtret är sparat.');
      expect(list.text).toContain(
        '<a href="/deviations?status=mottagen&amp;q=csn+%3Cb%3E" aria-current="true">Mottagna &lt;i&gt;CSN&lt;/i&gt;</a>',
      );

      const taken = await post('/deviations/filters', anna.cookies, anna.csrf, 'status=löst&filterName=Mottagna+<i>CSN</i>');
      expect(taken.headers.location).toBe('/deviations?status=l%C3%B6st');
      expect((await get(taken.headers.location, anna.cookies)).text).toMatch(
        /id="filterName-error">Du har redan ett filter med det namnet\./,
      );
      await post('/deviations/filters', anna.cookies, anna.csrf, 'status=påhittad&filterName=Fel');
      expect((await get('/deviations', anna.cookies)).text).toMatch(/id="filterName-error">Filtret är ogiltigt/);
      await post('/deviations/filters', anna.cookies, anna.csrf, 'filterName=++');
      expect((await get('/deviations', anna.cookies)).text).toMatch(/id="filterName-error">Ange ett namn/);
      expect(await filters()).toHaveLength(1);

      const deleted = await post('/deviations/filters/delete', anna.cookies, anna.csrf, `filterId=${row.id as string}`);
      expect(deleted.headers.location).toBe('/deviations?filterDeleted=1');
      expect(await filters()).toEqual([]);
    });

    it("should show another party none of a person's saved filters and let it delete none, and keep SKR's apart", async () => {
      const { borås } = await seed();
      const anna = await session(ANNA.subject);
      await post('/deviations/filters', anna.cookies, anna.csrf, 'status=mottagen&filterName=Annas+filter');
      const [annas] = await filters();
      const bo = await session(BO.subject);
      const seen = await get('/deviations', bo.cookies);
      expect(seen.text).toContain('Du har inga sparade filter.');
      expect(seen.text).not.toContain('Annas filter');
      const forged = await post('/deviations/filters/delete', bo.cookies, bo.csrf, `filterId=${annas.id as string}`);
      expect(forged.headers.location).toBe('/deviations');
      expect((await get('/deviations', bo.cookies)).text).toMatch(/id="savedFilters-error">Det sparade filtret finns inte längre\./);
      await post('/deviations/filters', bo.cookies, bo.csrf, 'filterName=Annas+filter');
      const sara = await session(SARA.subject);
      await post('/deviations/filters', sara.cookies, sara.csrf, 'status=inskickad&filterName=Annas+filter');
      expect((await get('/deviations', sara.cookies)).text.match(/Annas filter<\/a>/g)).toHaveLength(1);
      expect((await filters()).map((f) => [f.user_subject, f.party_id === null])).toEqual(
        expect.arrayContaining([
          [ANNA.subject, false],
          [BO.subject, false],
          [SARA.subject, true],
        ]),
      );
      expect(await filters()).toHaveLength(3);
      // Row-level security alone, without the service's filter on the person: a party's rows, and SKR only its own.
      const visible = (scope: { partyId: string | null; skr: boolean }) =>
        portal.t.app
          .get(ScopedDb)
          .transaction(scope, (m) => m.query(`SELECT user_subject FROM saved_filter`) as Promise<{ user_subject: string }[]>);
      expect(await visible({ partyId: borås.id, skr: false })).toEqual([{ user_subject: BO.subject }]);
      expect(await visible({ partyId: null, skr: true })).toEqual([{ user_subject: SARA.subject }]);
    });
  });

  describe('webhook secret rotation', () => {
    const secrets = async () => (await query(`SELECT secret, previous_secret, previous_secret_expires_at FROM party_webhook`))[0];

    it('should give a party admin a new secret over the API, keep the old one for the grace, and answer another party 404', async () => {
      const { göteborg, borås } = await seed();
      const admin = { Authorization: `Bearer ${await portal.t.partyToken(göteborg.id, Role.Admin)}` };
      const created = await portal.t.http
        .post('/api/v1/notifications/webhooks')
        .set(admin)
        .send({ url: 'https://hooks.example/avvikelse', eventTypes: ['status_ändrad'] })
        .expect(201);
      const { id, secret } = created.body as { id: string; secret: string };
      const foreign = await portal.t.http
        .post(`/api/v1/notifications/webhooks/${id}/rotate-secret`)
        .set('Authorization', `Bearer ${await portal.t.partyToken(borås.id, Role.Admin)}`);
      expect(foreign.status).toBe(404);
      expect(foreign.headers['content-type']).toContain('application/problem+json');
      expect(await secrets()).toMatchObject({ secret, previous_secret: null });

      const rotated = await portal.t.http.post(`/api/v1/notifications/webhooks/${id}/rotate-secret`).set(admin).expect(200);
      const body = rotated.body as { secret: string; previousSecretExpiresAt: string };
      expect(body.secret).toMatch(/^whsec_/);
      expect(body.secret).not.toBe(secret);
      expect(await secrets()).toMatchObject({ secret: body.secret, previous_secret: secret });
      expect(new Date(body.previousSecretExpiresAt).getTime()).toBe(((await secrets()).previous_secret_expires_at as Date).getTime());
      const listed = (await portal.t.http.get(`/api/v1/notifications/webhooks/${id}`).set(admin).expect(200)).body as Record<
        string,
        unknown
      >;
      expect(listed).not.toHaveProperty('secret');
      expect(listed.previousSecretExpiresAt).toBe(body.previousSecretExpiresAt);
    });

    it("should show the new secret once on the webhooks page, with until when the old one is accepted, and rotate no other party's", async () => {
      const { göteborg } = await seed();
      const admin = { Authorization: `Bearer ${await portal.t.partyToken(göteborg.id, Role.Admin)}` };
      const { id } = (
        await portal.t.http
          .post('/api/v1/notifications/webhooks')
          .set(admin)
          .send({ url: 'https://hooks.example/avvikelse', eventTypes: ['status_ändrad'] })
          .expect(201)
      ).body as { id: string };
      const before = await secrets();
      const carl = await session(CARL.subject);
      const forged = await post('/admin/webhooks/rotate-secret', carl.cookies, carl.csrf, `webhookId=${id}`);
      expect(forged.headers.location).toBe('/admin/webhooks');
      expect((await get('/admin/webhooks', carl.cookies)).text).toMatch(/id="webhooks-error">/);
      expect(await secrets()).toEqual(before);
      const bo = await session(BO.subject);
      expect((await post('/admin/webhooks/rotate-secret', bo.cookies, bo.csrf, `webhookId=${id}`)).status).toBe(403);

      const anna = await session(ANNA.subject);
      expect((await get('/admin/webhooks', anna.cookies)).text).toContain('action="/admin/webhooks/rotate-secret"');
      const rotated = await post('/admin/webhooks/rotate-secret', anna.cookies, anna.csrf, `webhookId=${id}`);
      expect(rotated.headers.location).toBe('/admin/webhooks');
      const after = await secrets();
      expect(after.previous_secret).toBe(before.secret);
      const shown = await get('/admin/webhooks', anna.cookies);
      expect(shown.text).toContain(`<code id="webhook-secret">${after.secret as string}</code>`);
      expect(shown.text).toContain('Den tidigare nyckeln godtas också till');
      const again = await get('/admin/webhooks', anna.cookies);
      expect(again.text).not.toContain(after.secret as string);
      expect(again.text).toContain('Den tidigare nyckeln godtas också till');
    });
  });
});
