import { startTestApp, type TestApp } from '../support/app';
import { truncateAll } from '../support/database';

describe('public driftinformation throttle (e2e)', () => {
  let t: TestApp;

  beforeAll(async () => {
    process.env.THROTTLE_PUBLIC_LIMIT = '4';
    process.env.THROTTLE_ANONYMOUS_LIMIT = '2';
    t = await startTestApp();
  });
  afterAll(async () => {
    delete process.env.THROTTLE_PUBLIC_LIMIT;
    delete process.env.THROTTLE_ANONYMOUS_LIMIT;
    await t.close();
  });

  it('should count the public feeds and the status page per IP in a budget of their own, apart from the anonymous one', async () => {
    await truncateAll();
    for (const path of ['status', 'feed.atom', 'windows.ics'])
      expect((await t.http.get(`/api/v1/public/driftinfo/${path}`)).status).toBe(200);
    expect((await t.http.get('/driftinformation').set('Accept', 'text/html')).status).toBe(200);
    const refused = await t.http.get('/api/v1/public/driftinfo/status');
    expect(refused.status).toBe(429);
    expect(refused.body).toMatchObject({ status: 429, code: 'TOO_MANY_REQUESTS' });
    // The anonymous budget (refused tokens, docs) is untouched by the polling above.
    expect((await t.http.get('/api/v1/deviations')).status).toBe(401);
  });
});
