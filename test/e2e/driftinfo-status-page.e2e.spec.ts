import { startTestApp, type TestApp } from '../support/app';
import { ownerDb, truncateAll } from '../support/database';
import { DRIFT_ADMIN, driftWriters, type DriftWriters, populateBoard } from '../support/drift-board';

/** Issue 23: the public status page, on the portal's page stack, without login. */
describe('driftinfo status page (e2e)', () => {
  let t: TestApp;
  let writers: DriftWriters;

  beforeAll(async () => {
    t = await startTestApp();
  });
  beforeEach(async () => {
    await truncateAll();
    writers = await driftWriters(t);
  });
  afterAll(() => t.close());

  const page = (language?: 'en') => {
    const request = t.http.get('/driftinformation').set('Accept', 'text/html');
    return language ? request.set('Cookie', `lang=${language}`) : request;
  };

  it('should show the board in Swedish without login: state per service, the outage with its update, the window, history and the feeds', async () => {
    const { outageId } = await populateBoard(t, writers);
    const sv = await page();
    expect(sv.status).toBe(200);
    // The Atom entries link here, to the section of their announcement.
    expect(sv.text).toContain(`<h3 id="announcement-${outageId}">CSN svarar inte</h3>`);
    expect(sv.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(sv.headers['content-security-policy']).toContain("script-src 'self'");
    expect(sv.headers['set-cookie']).toBeUndefined();
    expect(sv.text).toContain('<html lang="sv">');
    expect(sv.text).toContain('<h1>Driftinformation</h1>');
    expect(sv.text).toMatch(/<th scope="row">CSN<\/th>\s*<td data-state="otillganglig">Otillgänglig<\/td>/);
    expect(sv.text).toMatch(/<th scope="row">SSBTEK centrala komponent<\/th>\s*<td data-state="tillganglig">Tillgänglig<\/td>/);
    const [ongoing, upcoming, recent] = ['Pågående störningar', 'Kommande servicefönster', 'Historik, senaste 30 dagarna'].map((title) =>
      sv.text.indexOf(`<h2>${title}</h2>`),
    );
    expect(ongoing).toBeGreaterThan(0);
    expect(sv.text.slice(ongoing, upcoming)).toContain('CSN svarar inte');
    expect(sv.text.slice(ongoing, upcoming)).toContain('Vi felsöker.');
    expect(sv.text.slice(upcoming, recent)).toContain('Servicefönster &amp; uppgradering &lt;SSBTEK&gt;');
    expect(sv.text.slice(recent)).toContain('Skatteverket långsamt');
    expect(sv.text.slice(recent)).toContain('Åtgärdat.');
    expect(sv.text).toContain(
      '<link rel="alternate" type="application/atom+xml" href="/api/v1/public/driftinfo/feed.atom?lang=sv" title="Atom-flöde med störningar och uppdateringar">',
    );
    expect(sv.text).toContain('href="/api/v1/public/driftinfo/windows.ics?lang=sv"');
    expect(sv.text).toContain('href="/api/v1/public/driftinfo/status?lang=sv"');
  });

  it('should show English once chosen with the switch, or asked for by the browser', async () => {
    await populateBoard(t, writers);
    const switched = await t.http.get('/language?lang=en&returnTo=%2Fdriftinformation');
    expect(switched.headers.location).toBe('/driftinformation');
    for (const en of [await page('en'), await t.http.get('/driftinformation').set('Accept-Language', 'en-GB,en;q=0.9')]) {
      expect(en.status).toBe(200);
      expect(en.text).toContain('<html lang="en">');
      expect(en.text).toContain('<h1>Service status</h1>');
      expect(en.text).toContain('CSN does not answer');
      expect(en.text).toMatch(/<td data-state="otillganglig">Unavailable<\/td>/);
      expect(en.text).toContain('href="/api/v1/public/driftinfo/feed.atom?lang=en"');
    }
  });

  it('should say so when there is nothing to show', async () => {
    const sv = await page();
    expect(sv.status).toBe(200);
    expect(sv.text).toContain('Inga pågående störningar.');
    expect(sv.text).toContain('Inga planerade servicefönster.');
    expect(sv.text).not.toContain('data-state="otillganglig"');
  });

  it('should let browsers and proxies keep the page and answer 304 until the board changes', async () => {
    const { outageId } = await populateBoard(t, writers);
    const first = await page();
    expect(first.headers['cache-control']).toBe('public, max-age=60, stale-while-revalidate=60');
    expect(first.headers.vary).toBe('Cookie, Accept-Language');
    expect(first.headers.etag).toMatch(/^W\/".+"$/);
    expect(first.headers['last-modified']).toBeTruthy();
    expect((await page().set('If-None-Match', first.headers.etag)).status).toBe(304);
    expect((await page().set('If-Modified-Since', first.headers['last-modified'])).status).toBe(304);
    const english = await page('en');
    expect(english.headers.etag).not.toBe(first.headers.etag);
    expect((await page('en').set('If-None-Match', first.headers.etag)).status).toBe(200);

    await t.http
      .patch(`${DRIFT_ADMIN}/${outageId}`)
      .set('Authorization', `Bearer ${writers.csn}`)
      .set('If-Match', 'W/"1"')
      .send({ meddelande: 'Ny lägesbild.' })
      .expect(200);
    const after = await page().set('If-None-Match', first.headers.etag).set('If-Modified-Since', first.headers['last-modified']);
    expect(after.status).toBe(200);
    expect(after.text).toContain('Ny lägesbild.');
    const [row] = (await (await ownerDb()).query(`SELECT version FROM drift_announcement WHERE id = $1`, [outageId])) as {
      version: number;
    }[];
    expect(row.version).toBe(2);
  });

  it('should never show a non-public field: cause, action plan, exception reason, linked deviations', async () => {
    const { deviationId } = await populateBoard(t, writers, 'HEMLIGMARKOR');
    for (const language of [undefined, 'en'] as const) {
      const answer = await page(language);
      expect(answer.status).toBe(200);
      expect(answer.text).not.toContain('HEMLIGMARKOR');
      expect(answer.text).not.toContain(deviationId);
    }
    const [row] = (await (await ownerDb()).query(`SELECT cause FROM drift_announcement WHERE cause LIKE 'HEMLIGMARKOR%'`)) as {
      cause: string;
    }[];
    expect(row.cause).toBe('HEMLIGMARKOR-orsak');
  });
});
