import { Role } from '../../src/actor/role';
import { aParty, aUser } from '../factories/party.factory';
import { ownerDb, truncateAll } from '../support/database';
import { pageClient, startPortalTest, type PortalTest } from '../support/portal';

const ALVA = { subject: 'alva-admin', name: 'Alva Admin', email: 'alva@goteborg.example' };
const ANNA = { subject: 'anna-admin-pages', name: 'Anna Andersson', email: 'anna@goteborg.example' };

/**
 * The party admin's pages (issue 22): users and invitations (invite, revoke) and webhooks (add with the secret shown
 * once, delete), through the same services as the API and only for the party's admin.
 */
describe('party admin pages in the portal (e2e)', () => {
  let portal: PortalTest;

  beforeAll(async () => {
    portal = await startPortalTest([ALVA, ANNA]);
  });
  beforeEach(() => truncateAll());
  afterAll(() => portal.close());

  const { get, post, session } = pageClient(() => portal);
  async function seed() {
    const party = await aParty({ name: 'Göteborgs Stad' });
    const other = await aParty({ name: 'Borås Stad' });
    await aUser({ partyId: party.id, subject: ALVA.subject, role: Role.Admin, name: 'Alva <i>Admin</i>' });
    await aUser({ partyId: party.id, subject: ANNA.subject, role: Role.Reporter });
    return { party, other };
  }
  const query = async (sql: string, params: unknown[] = []) => (await ownerDb()).query(sql, params) as Promise<Record<string, unknown>[]>;

  it('should invite a person to the admin party, refuse a bad form beside its fields, and revoke the invitation', async () => {
    const { party } = await seed();
    const alva = await session(ALVA.subject);
    const page = await get('/admin/users', alva.cookies);
    expect({ status: page.status, text: page.status === 200 ? '' : page.text }).toEqual({ status: 200, text: '' });
    expect(page.text).toContain('Alva &lt;i&gt;Admin&lt;/i&gt;');

    const refused = await post('/admin/invitations', alva.cookies, alva.csrf, 'name=&email=inte-en-adress&role=skr-admin');
    expect(refused.headers.location).toBe('/admin/users');
    const errors = (await get('/admin/users', alva.cookies)).text;
    expect(errors).toMatch(/id="name-error"/);
    expect(errors).toMatch(/id="email-error">Ange en giltig e-postadress/);
    expect(errors).toMatch(/id="role-error">Välj en av rollerna\./);
    expect(await query(`SELECT 1 FROM invitation`)).toHaveLength(0);

    const invited = await post(
      '/admin/invitations',
      alva.cookies,
      alva.csrf,
      'name=Bo+Berg&email=bo%40goteborg.example&role=reader&language=en',
    );
    expect(invited.headers.location).toBe('/admin/users?invited=1');
    const [row] = await query(`SELECT id, party_id, email, role, language, revoked_at FROM invitation`);
    expect(row).toMatchObject({ party_id: party.id, email: 'bo@goteborg.example', role: 'reader', language: 'en', revoked_at: null });
    expect((await get('/admin/users?invited=1', alva.cookies)).text).toContain('bo@goteborg.example');

    const revoked = await post('/admin/invitations/revoke', alva.cookies, alva.csrf, `invitationId=${row.id as string}`);
    expect(revoked.headers.location).toBe('/admin/users?revoked=1');
    expect((await query(`SELECT revoked_at FROM invitation`))[0].revoked_at).not.toBeNull();
    const again = await post('/admin/invitations/revoke', alva.cookies, alva.csrf, `invitationId=${row.id as string}`);
    expect(again.headers.location).toBe('/admin/users');
    expect((await get('/admin/users', alva.cookies)).text).toMatch(/id="invitations-error"/);
  });

  it('should add a webhook showing its secret once, refuse one without events, and delete it', async () => {
    await seed();
    const alva = await session(ALVA.subject);
    const none = await post('/admin/webhooks', alva.cookies, alva.csrf, 'url=https%3A%2F%2Fhooks.example%2Fa&description=x');
    expect(none.headers.location).toBe('/admin/webhooks');
    expect((await get('/admin/webhooks', alva.cookies)).text).toMatch(/id="eventTypes-error">Välj minst en händelse\./);
    expect(await query(`SELECT 1 FROM party_webhook`)).toHaveLength(0);

    const body =
      'url=https%3A%2F%2Fhooks.example%2Fa&description=%3Cb%3EProcapita%3C%2Fb%3E&eventTypes%5B%5D=status_%C3%A4ndrad&eventTypes%5B%5D=sla_brott';
    const added = await post('/admin/webhooks', alva.cookies, alva.csrf, body);
    expect(added.headers.location).toBe('/admin/webhooks');
    const [row] = await query(`SELECT id, url, secret, event_types FROM party_webhook`);
    expect(row).toMatchObject({ url: 'https://hooks.example/a' });
    const first = (await get('/admin/webhooks', alva.cookies)).text;
    expect(first).toContain(`<code id="webhook-secret">${row.secret as string}</code>`);
    expect(first).toContain('&lt;b&gt;Procapita&lt;/b&gt;');
    const second = (await get('/admin/webhooks', alva.cookies)).text;
    expect(second).not.toContain(row.secret as string);
    expect(second).toContain('Status ändrad, Svars- eller åtgärdstid överskriden');

    const deleted = await post('/admin/webhooks/delete', alva.cookies, alva.csrf, `webhookId=${row.id as string}`);
    expect(deleted.headers.location).toBe('/admin/webhooks?deleted=1');
    expect(await query(`SELECT 1 FROM party_webhook`)).toHaveLength(0);
  });

  it('should keep the checked events, the address and the description of a webhook form it refuses', async () => {
    await seed();
    const alva = await session(ALVA.subject);
    const checkedOf = (html: string) => [...html.matchAll(/name="eventTypes\[\]" value="([^"]+)" checked>/g)].map(([, type]) => type);

    const two = 'url=inte-en-adress&description=Procapita+%3Cb%3E&eventTypes%5B%5D=status_%C3%A4ndrad&eventTypes%5B%5D=sla_brott';
    expect((await post('/admin/webhooks', alva.cookies, alva.csrf, two)).headers.location).toBe('/admin/webhooks');
    const refused = (await get('/admin/webhooks', alva.cookies)).text;
    expect(refused).toMatch(/id="url-error"/);
    expect(refused).toMatch(/id="url"[^>]*value="inte-en-adress"/);
    expect(refused).toContain('value="Procapita &lt;b&gt;"');
    expect(checkedOf(refused)).toEqual(['status_ändrad', 'sla_brott']);

    const one = 'url=inte-en-adress&eventTypes%5B%5D=sla_brott';
    await post('/admin/webhooks', alva.cookies, alva.csrf, one);
    expect(checkedOf((await get('/admin/webhooks', alva.cookies)).text)).toEqual(['sla_brott']);
    // Shown once: the next view of the form starts empty.
    expect(checkedOf((await get('/admin/webhooks', alva.cookies)).text)).toEqual([]);
    expect(await query(`SELECT 1 FROM party_webhook`)).toHaveLength(0);
  });

  it('should answer a reporter the 403 page on every admin page and form, changing nothing', async () => {
    await seed();
    const anna = await session(ANNA.subject);
    for (const path of ['/admin/users', '/admin/webhooks'])
      expect({ path, status: (await get(path, anna.cookies)).status }).toEqual({ path, status: 403 });
    const body = 'name=Bo&email=bo%40goteborg.example&role=admin&url=https%3A%2F%2Fhooks.example%2Fa&eventTypes%5B%5D=sla_brott';
    for (const path of ['/admin/invitations', '/admin/invitations/revoke', '/admin/webhooks', '/admin/webhooks/delete']) {
      expect({ path, status: (await post(path, anna.cookies, anna.csrf, body)).status }).toEqual({ path, status: 403 });
    }
    expect(await query(`SELECT 1 FROM invitation UNION ALL SELECT 1 FROM party_webhook`)).toHaveLength(0);
  });
});
