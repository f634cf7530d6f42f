import { Role } from '../../src/actor/role';
import { AccessibilityFeedbackService } from '../../src/portal/accessibility-feedback.service';
import { aParty, aUser } from '../factories/party.factory';
import { ownerDb, truncateAll } from '../support/database';
import { mailedSecret } from '../support/invitations';
import { cookieHeader, logIn, startPortalTest, type PortalTest } from '../support/portal';
import { startDemoIdentityProvider, DemoProviderRefusedError } from '../../tools/stack/demo-identity-provider';

const ANNA = { subject: 'anna-portal', name: 'Anna Andersson', email: 'anna@goteborg.example' };
const KIM = { subject: 'kim-portal', name: 'Kim Konsult', email: 'kim@konsult.example' };

/** Issue 22: the page stack (layout, catalogue, CSP, error pages, assets) and the login through a real provider. */
describe('portal stack and login (e2e)', () => {
  let portal: PortalTest;

  beforeAll(async () => {
    portal = await startPortalTest([ANNA, KIM]);
  });
  beforeEach(() => truncateAll());
  afterAll(() => portal.close());

  const page = (path: string, cookies?: Map<string, string>) => {
    const request = portal.t.http.get(path).set('Accept', 'text/html');
    return cookies ? request.set('Cookie', cookieHeader(cookies)) : request;
  };
  const member = async (subject: string, partyName: string, role = Role.Reporter) => {
    const party = await aParty({ name: partyName });
    const [existing] = (await (await ownerDb()).query(`SELECT id FROM person WHERE subject = $1`, [subject])) as { id: string }[];
    await aUser({ partyId: party.id, subject, role, ...(existing ? { personId: existing.id } : {}) });
    return party;
  };

  it('should serve the accessibility statement in Swedish with the page policy, and in English once chosen', async () => {
    const sv = await page('/accessibility');
    expect(sv.status).toBe(200);
    expect(sv.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(sv.headers['content-security-policy']).toContain("script-src 'self'");
    expect(sv.headers['content-security-policy']).toContain(`form-action 'self' ${portal.provider.issuer}`);
    expect(sv.headers['cache-control']).toBe('no-store');
    expect(sv.text).toContain('<html lang="sv">');
    expect(sv.text).toContain('Tillgänglighetsredogörelse');

    const choose = await page('/language?lang=en&returnTo=%2Faccessibility');
    expect(choose.status).toBe(303);
    expect(choose.headers.location).toBe('/accessibility');
    expect(choose.headers['set-cookie'][0]).toMatch(/^lang=en; Max-Age=\d+; Path=\/; Expires=.*; HttpOnly; SameSite=Lax$/);
    const en = await page('/accessibility').set('Cookie', 'lang=en');
    expect(en.text).toContain('<html lang="en">');
    expect(en.text).toContain('Accessibility statement');
  });

  it('should not follow a language switch or login to another origin', async () => {
    for (const returnTo of ['//evil.example/x', 'https://evil.example/', '/\\evil.example']) {
      const answer = await page(`/language?lang=en&returnTo=${encodeURIComponent(returnTo)}`);
      expect(answer.headers.location).toBe('/');
    }
  });

  it('should serve hashed assets for a year and nothing else under /assets', async () => {
    const html = (await page('/accessibility')).text;
    const [, css] = /href="(\/assets\/fkui\.[0-9a-f]{16}\.css)"/.exec(html)!;
    const asset = await portal.t.http.get(css);
    expect(asset.status).toBe(200);
    expect(asset.headers['content-type']).toBe('text/css; charset=utf-8');
    expect(asset.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect((await page('/assets/fkui.0000000000000000.css')).status).toBe(404);
  });

  it('should answer an unknown page with a 404 page to a browser and problem+json to the API', async () => {
    const html = await page('/no-such-page');
    expect(html.status).toBe(404);
    expect(html.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(html.text).toContain('Sidan hittades inte');
    const api = await portal.t.http.get('/api/v1/no-such-thing').set('Accept', 'text/html');
    expect(api.status).toBe(404);
    expect(api.headers['content-type']).toContain('application/problem+json');
  });

  it('should show feedback errors beside their fields and keep what was typed', async () => {
    const answer = await portal.t.http
      .post('/accessibility/feedback')
      .set('Accept', 'text/html')
      .type('form')
      .send({ message: ' ', email: 'not-an-address<script>' });
    // The page's own status: the handler is @HttpCode(200), which Nest would otherwise send over it.
    expect(answer.status).toBe(400);
    expect(answer.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(answer.headers['content-security-policy']).toContain("form-action 'self'");
    expect(answer.text).toContain('aria-describedby="message-hint message-error"');
    expect(answer.text).toContain('Beskriv vad som inte fungerade.');
    expect(answer.text).toContain('value="not-an-address&lt;script&gt;"');
    expect(answer.text).not.toContain('<script>');
    const sent = await portal.t.http
      .post('/accessibility/feedback')
      .set('Accept', 'text/html')
      .type('form')
      .send({ message: 'Knappen saknar namn.' });
    expect(sent.status).toBe(200);
    expect(sent.text).toContain('Tack! Vi har tagit emot din synpunkt.');
  });

  it('should refuse feedback another site posted, with the error page, and take none of it', async () => {
    const receive = jest.spyOn(portal.t.app.get(AccessibilityFeedbackService), 'receive');
    const post = (headers: Record<string, string>) =>
      portal.t.http
        .post('/accessibility/feedback')
        .set('Accept', 'text/html')
        .set(headers)
        .type('form')
        .send({ message: 'Från en annan sida.' });
    const crossSite: Record<string, string>[] = [
      { 'Sec-Fetch-Site': 'cross-site' },
      { 'Sec-Fetch-Site': 'same-site' },
      { Origin: 'https://evil.example' },
    ];
    try {
      for (const headers of crossSite) {
        const answer = await post(headers);
        expect({ headers, status: answer.status }).toEqual({ headers, status: 403 });
        expect(answer.headers['content-type']).toBe('text/html; charset=utf-8');
        expect(answer.text).toContain('<html lang="sv">');
        expect(answer.text).not.toContain('Tack! Vi har tagit emot din synpunkt.');
      }
      expect(receive).not.toHaveBeenCalled();
      const sameOrigin = await post({ 'Sec-Fetch-Site': 'same-origin' });
      expect(sameOrigin.status).toBe(200);
      expect(sameOrigin.text).toContain('Tack! Vi har tagit emot din synpunkt.');
      expect(receive).toHaveBeenCalledTimes(1);
    } finally {
      receive.mockRestore();
    }
  });

  it('should send a visitor without a session to the login and bring them back to the page they asked for', async () => {
    const party = await member(ANNA.subject, 'Göteborgs Stad');
    const bounce = await page('/?x=1');
    expect(bounce.status).toBe(303);
    expect(bounce.headers.location).toBe('/login?returnTo=%2F%3Fx%3D1');

    const { cookies, callback } = await logIn(portal, ANNA.subject, { returnTo: '/accessibility' });
    expect(callback.status).toBe(303);
    expect(callback.headers.location).toBe('/accessibility');
    expect(callback.headers['set-cookie'][0]).toMatch(/^avvikelse_session=[A-Za-z0-9_-]{43}; Path=\/; HttpOnly; SameSite=Lax$/);
    const start = await page('/', cookies);
    expect(start.status).toBe(200);
    expect(start.text).toContain(`Du agerar för ${party.name}`);
    const [person] = (await (await ownerDb()).query(`SELECT issuer FROM person WHERE subject = $1`, [ANNA.subject])) as {
      issuer: string;
    }[];
    expect(person.issuer).toBe(portal.provider.issuer);
  });

  it('should refuse a callback that belongs to no login of this browser, and a replayed one', async () => {
    await member(ANNA.subject, 'Göteborgs Stad');
    const { callback, callbackPath } = await logIn(portal, ANNA.subject);
    expect(callback.status).toBe(303);
    const replay = await page(callbackPath);
    expect(replay.status).toBe(400);
    expect(replay.text).toContain('Begäran kunde inte behandlas');
  });

  it('should let a person of several parties pick one, and only one of their own', async () => {
    const first = await member(KIM.subject, 'Alingsås kommun');
    const second = await member(KIM.subject, 'Borås Stad', Role.Admin);
    const foreign = await aParty({ name: 'Främmande kommun' });
    const { cookies, callback } = await logIn(portal, KIM.subject, { returnTo: '/accessibility' });
    expect(callback.headers.location).toBe('/choose-party');
    expect((await page('/', cookies)).headers.location).toBe('/login?returnTo=%2F');
    const picker = await page('/choose-party', cookies);
    expect(picker.text).toContain(first.name);
    expect(picker.text).toContain(second.name);
    const csrf = /name="_csrf" value="([^"]+)"/.exec(picker.text)![1];

    const post = (body: object) =>
      portal.t.http.post('/choose-party').set('Accept', 'text/html').set('Cookie', cookieHeader(cookies)).type('form').send(body);
    expect((await post({ partyId: second.id })).status).toBe(403);
    const refused = await post({ _csrf: csrf, partyId: foreign.id });
    expect(refused.headers.location).toBe('/choose-party');
    expect((await page('/choose-party', cookies)).text).toContain('Välj en av dina parter.');
    const chosen = await post({ _csrf: csrf, partyId: second.id });
    expect(chosen.status).toBe(303);
    expect(chosen.headers.location).toBe('/accessibility');
    const start = await page('/', cookies);
    expect(start.text).toContain(`Du agerar för ${second.name}`);
    expect(start.text).toContain('href="/choose-party"');
  });

  it('should bind a person without membership to the party that invited them, through the invitation code page', async () => {
    const party = await aParty({ name: 'Mölndals stad' });
    const admin = await portal.t.partyToken(party.id, Role.Admin);
    const invitation = await portal.t.http
      .post(`/api/v1/parties/${party.id}/invitations`)
      .set('Authorization', `Bearer ${admin}`)
      .send({ email: ANNA.email, name: ANNA.name, role: Role.Reporter });
    expect(invitation.status).toBe(201);
    const secret = await mailedSecret(portal.t, invitation.body.id);
    const { cookies, callback } = await logIn(portal, ANNA.subject);
    expect(callback.headers.location).toBe('/choose-party');
    expect((await page('/choose-party', cookies)).text).toContain('Du är inte medlem i någon part ännu.');

    const form = await page(`/invitations/accept?code=${secret}`, cookies);
    expect(form.text).toContain(`value="${secret}"`);
    const csrf = /name="_csrf" value="([^"]+)"/.exec(form.text)![1];
    const accept = (code: string) =>
      portal.t.http
        .post('/invitations/accept')
        .set('Accept', 'text/html')
        .set('Cookie', cookieHeader(cookies))
        .type('form')
        .send({ _csrf: csrf, code });
    expect((await accept('x'.repeat(43))).headers.location).toBe('/invitations/accept');
    expect((await page('/invitations/accept', cookies)).text).toContain('Koden gäller inte.');
    const accepted = await accept(secret);
    expect(accepted.headers.location).toBe('/');
    expect((await page('/', cookies)).text).toContain(`Du agerar för ${party.name}`);
    const [row] = (await (
      await ownerDb()
    ).query(`SELECT u.role, p.issuer FROM app_user u JOIN person p ON p.id = u.person_id WHERE u.party_id = $1`, [party.id])) as {
      role: string;
      issuer: string;
    }[];
    expect(row).toEqual({ role: 'reporter', issuer: portal.provider.issuer });
  });

  it('should log out here and at the provider, after which the session is gone', async () => {
    await member(ANNA.subject, 'Göteborgs Stad');
    const { cookies } = await logIn(portal, ANNA.subject);
    const csrf = /name="_csrf" value="([^"]+)"/.exec((await page('/', cookies)).text)![1];
    const out = await portal.t.http
      .post('/logout')
      .set('Accept', 'text/html')
      .set('Cookie', cookieHeader(cookies))
      .type('form')
      .send({ _csrf: csrf });
    expect(out.status).toBe(303);
    expect(out.headers.location).toMatch(new RegExp(`^${portal.provider.issuer}/session/end\\?`));
    expect(new URL(out.headers.location).searchParams.get('post_logout_redirect_uri')).toBe('http://localhost:3000/');
    expect((await page('/', cookies)).status).toBe(303);
  });

  it('should refuse to start the demo identity provider in production', async () => {
    await expect(
      startDemoIdentityProvider({ portalBaseUrl: 'https://x.example', clientId: 'c', people: [], nodeEnv: 'production' }),
    ).rejects.toThrow(DemoProviderRefusedError);
  });
});
