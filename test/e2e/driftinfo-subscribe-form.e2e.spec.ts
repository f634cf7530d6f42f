import { startTestApp, type TestApp } from '../support/app';
import { ownerDb, truncateAll } from '../support/database';
import { resetThrottleCounters } from '../support/throttle';

const FORM = '/driftinformation/prenumeration';
const rows = async (sql: string, params: unknown[] = []) => (await ownerDb()).query(sql, params);

/**
 * Issue 23: the status page's subscribe form, without JavaScript or a session. It asks what the public API asks
 * (double opt-in); the worker's e-mail is driftinfo-subscriptions' business, the browser's view driftinfo-status-browser's.
 */
describe('driftinfo subscribe form (e2e)', () => {
  let t: TestApp;

  beforeAll(async () => {
    Object.assign(process.env, { THROTTLE_SUBSCRIBE_LIMIT: '4' });
    t = await startTestApp();
  });
  beforeEach(async () => {
    await truncateAll();
    await resetThrottleCounters();
  });
  afterAll(() => t.close());

  const post = (body: string, headers: Record<string, string> = { 'Sec-Fetch-Site': 'same-origin' }) =>
    t.http.post(FORM).set('Accept', 'text/html').set(headers).type('form').send(body);
  const requests = () => rows(`SELECT email, language, outages, planned, bastjanster FROM drift_subscribe_request`);

  it('should offer the form on the status page: both kinds checked, a box per bastjänst and none for the central component', async () => {
    const page = await t.http.get('/driftinformation').set('Accept', 'text/html');
    expect(page.text).toContain('<form method="post" action="/driftinformation/prenumeration#prenumerera" novalidate>');
    expect(page.text).toMatch(
      /<input class="checkbox__input" type="checkbox" id="driftstorningar" name="driftstorningar" value="ja" checked>/,
    );
    expect(page.text).toMatch(/id="bastjanst-csn" name="bastjanster\[\]" value="csn">/);
    expect(page.text).not.toContain('id="bastjanst-central"');
  });

  it('should show each field error beside its field, keep what was typed, answer 400 and ask for nothing', async () => {
    const answer = await post('epost=inte-en-adress%3Cb%3E&bastjanster%5B%5D=csn');
    expect(answer.status).toBe(400);
    expect(answer.headers['cache-control']).toBe('no-store');
    expect(answer.text).toMatch(/<span class="label__message label__message--error" id="epost-error">Ange en giltig e-postadress/);
    expect(answer.text).toContain('aria-describedby="epost-error" aria-invalid="true"');
    expect(answer.text).toContain(
      '<p class="label__message label__message--error" id="omfattning-error">Välj driftstörningar, planerade ändringar eller båda.</p>',
    );
    expect(answer.text).toContain('value="inte-en-adress&lt;b&gt;"');
    expect(answer.text).toMatch(/id="bastjanst-csn" name="bastjanster\[\]" value="csn" checked>/);
    expect(answer.text).not.toMatch(/id="driftstorningar" name="driftstorningar" value="ja" checked/);
    expect(await requests()).toEqual([]);

    const forged = await post('epost=it%40kommun.se&driftstorningar=ja&bastjanster%5B%5D=finns-inte');
    expect(forged.status).toBe(400);
    expect(forged.text).toContain('id="bastjanster-error">Välj bland bastjänsterna i listan.</p>');
    expect(await requests()).toEqual([]);
  });

  it('should ask for the subscription as the API does and answer "check your inbox" in the reader\'s language', async () => {
    const answer = await post('epost=+IT%40Kommun.se+&planerade=ja&bastjanster%5B%5D=csn&bastjanster%5B%5D=skatteverket').set(
      'Cookie',
      'lang=en',
    );
    expect(answer.status).toBe(200);
    expect(answer.text).toContain('<h1>Check your inbox</h1>');
    expect(await requests()).toEqual([
      { email: 'it@kommun.se', language: 'en', outages: false, planned: true, bastjanster: ['csn', 'skatteverket'] },
    ]);
    expect(await rows(`SELECT job_name FROM outbox_event WHERE queue = 'notifications'`)).toEqual([{ job_name: 'confirm_subscription' }]);
  });

  it('should refuse a post another site sent, and count every post against the per-IP budget it shares with the API', async () => {
    const body = 'epost=it%40kommun.se&driftstorningar=ja';
    const crossSite: Record<string, string>[] = [
      { 'Sec-Fetch-Site': 'cross-site' },
      { 'Sec-Fetch-Site': 'same-site' },
      { Origin: 'https://evil.example' },
      { Origin: 'null' },
    ];
    for (const headers of crossSite) {
      const answer = await post(body, headers);
      expect({ headers, status: answer.status }).toEqual({ headers, status: 403 });
      expect(answer.text).toContain('<html lang="sv">');
    }
    expect(await requests()).toEqual([]);
    // Four refused posts used up the budget of four: the API's subscribe answers 429 to the same address.
    const api = await t.http.post('/api/v1/public/driftinfo/subscriptions').send({ epost: 'it@kommun.se' });
    expect(api.status).toBe(429);
    await resetThrottleCounters();
    expect((await post(body, { Host: 'avvikelse.test', Origin: 'https://avvikelse.test' })).status).toBe(200);
    expect((await t.http.post('/api/v1/public/driftinfo/subscriptions').send({ epost: 'ny@kommun.se' })).status).toBe(202);
    expect((await post(body)).status).toBe(200);
    expect((await post(body, {})).status).toBe(200);
    const past = await post(body);
    expect(past.status).toBe(429);
    expect(past.text).toContain('<html lang="sv">');
    expect(await rows(`SELECT count(*)::int AS n FROM drift_subscribe_request`)).toEqual([{ n: 4 }]);
  });
});
