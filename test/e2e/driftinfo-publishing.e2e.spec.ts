import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import ICAL from 'ical.js';
import { AppConfig } from '../../src/config/app-config';
import { startTestApp, type TestApp } from '../support/app';
import { truncateAll } from '../support/database';
import { DRIFT_ADMIN, driftWriters, type DriftWriters, populateBoard } from '../support/drift-board';

const XMLLINT = '/usr/bin/xmllint';
const ATOM_RNG = join(__dirname, '..', 'schemas', 'atom.rng');
const PUBLIC = '/api/v1/public/driftinfo';

/** Keeps the body as the text the feed sent (superagent parses only what it knows), to search it or validate it. */
function asText(res: import('superagent').Response, done: (error: Error | null, body: string) => void): void {
  let body = '';
  res.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
  res.on('end', () => done(null, body));
}

/** Validates with libxml2's RELAX NG validator: someone else's reading of RFC 4287, not ours. */
function validateAtom(xml: string): void {
  if (!existsSync(XMLLINT))
    throw new Error(
      `${XMLLINT} is missing: install libxml2-utils with scripts/apt-install.sh (the project's one way to add Debian packages).`,
    );
  try {
    // The feed on stdin ('-'): no file left behind in /tmp.
    execFileSync(XMLLINT, ['--noout', '--relaxng', ATOM_RNG, '-'], { input: xml, stdio: 'pipe' });
  } catch (error) {
    throw new Error(`The Atom feed does not validate against RFC 4287's schema:\n${String((error as { stderr?: Buffer }).stderr)}`, {
      cause: error,
    });
  }
}

describe('driftinfo publishing: JSON, Atom and iCalendar without login (e2e)', () => {
  let t: TestApp;
  let writers: DriftWriters;
  const auth = (token: string) => ({ Authorization: `Bearer ${token}` });

  beforeAll(async () => {
    t = await startTestApp();
  });
  beforeEach(async () => {
    await truncateAll();
    writers = await driftWriters(t);
  });
  afterAll(() => t.close());

  const populate = (marker?: string) => populateBoard(t, writers, marker);

  it('should publish an ongoing outage, an upcoming window and history in JSON, Swedish first and English on request', async () => {
    const { outageId, windowId, oldId } = await populate();
    const sv = await t.http.get(`${PUBLIC}/status`);
    expect(sv.status).toBe(200);
    expect(sv.body.language).toBe('sv');
    expect(sv.body.ongoing.map((a: { id: string }) => a.id)).toEqual([outageId]);
    expect(sv.body.upcoming.map((a: { id: string }) => a.id)).toEqual([windowId]);
    expect(sv.body.recent.map((a: { id: string }) => a.id)).toEqual([oldId]);
    expect(sv.body.services.find((s: { code: string }) => s.code === 'csn')).toMatchObject({
      state: 'otillganglig',
      stateName: 'Otillgänglig',
    });
    expect(sv.body.services.find((s: { code: string }) => s.code === 'central')).toMatchObject({ state: 'tillganglig' });
    expect(sv.body.ongoing[0]).toMatchObject({ title: 'CSN svarar inte', kindName: 'Driftstörning', updates: [{ text: 'Vi felsöker.' }] });
    const en = await t.http.get(`${PUBLIC}/status`).set('Accept-Language', 'en-GB,en;q=0.9');
    expect(en.body.ongoing[0]).toMatchObject({ title: 'CSN does not answer', kindName: 'Outage' });
    expect((await t.http.get(`${PUBLIC}/status`).query({ lang: 'en' })).body.language).toBe('en');
    expect((await t.http.get(`${PUBLIC}/status`).query({ lang: 'de' })).status).toBe(400);
  });

  it('should never publish a non-public field: cause, action plan, exception reason, linked deviations', async () => {
    const { deviationId } = await populate('HEMLIGMARKOR');
    for (const path of ['status', 'status?lang=en', 'feed.atom', 'feed.atom?lang=en', 'windows.ics', 'windows.ics?lang=en']) {
      const response = await t.http.get(`${PUBLIC}/${path}`).buffer(true).parse(asText);
      expect(response.status).toBe(200);
      expect(response.body).not.toContain('HEMLIGMARKOR');
      expect(response.body).not.toContain(deviationId);
    }
  });

  it('should serve an Atom feed that validates against RFC 4287 and an iCalendar feed ical.js parses', async () => {
    const { outageId, windowId } = await populate();
    const atom = await t.http.get(`${PUBLIC}/feed.atom`).buffer(true).parse(asText);
    expect(atom.headers['content-type']).toBe('application/atom+xml; charset=utf-8');
    validateAtom(atom.body as string);
    expect(atom.body).toContain(`urn:uuid:${outageId}`);
    // Each entry links to its section of the status page, whose anchors are the announcements' ids.
    expect(atom.body).toContain(`href="${t.app.get(AppConfig).PUBLIC_BASE_URL}/driftinformation#announcement-${outageId}"`);
    expect(atom.body).toContain('Servicefönster &amp; uppgradering &lt;SSBTEK&gt;');

    const ics = await t.http.get(`${PUBLIC}/windows.ics`).buffer(true).parse(asText);
    expect(ics.headers['content-type']).toBe('text/calendar; charset=utf-8');
    const calendar = new ICAL.Component(ICAL.parse(ics.body as string));
    const timezone = calendar.getFirstSubcomponent('vtimezone');
    expect(timezone?.getFirstPropertyValue('tzid')).toBe('Europe/Stockholm');
    // The feed's own VTIMEZONE, not a built-in database, resolves its local times: it must be right.
    ICAL.TimezoneService.register(new ICAL.Timezone(timezone!));
    const events = calendar.getAllSubcomponents('vevent');
    expect(events).toHaveLength(1);
    expect(String(events[0].getFirstPropertyValue('uid'))).toContain(windowId);
    expect(events[0].getFirstPropertyValue('dtstamp')).toBeTruthy();
    expect(events[0].getFirstProperty('dtstart')?.getParameter('tzid')).toBe('Europe/Stockholm');
    const start = events[0].getFirstPropertyValue('dtstart') as ICAL.Time;
    const board = (await t.http.get(`${PUBLIC}/status`)).body;
    expect(start.toJSDate().getTime()).toBe(Math.floor(Date.parse(board.upcoming[0].start as string) / 1000) * 1000);
  });

  it('should answer 304 to If-None-Match and If-Modified-Since, with caching headers, until something changes', async () => {
    const { outageId } = await populate();
    for (const path of ['status', 'feed.atom', 'windows.ics']) {
      const first = await t.http.get(`${PUBLIC}/${path}`);
      expect(first.headers['cache-control']).toContain('max-age=60');
      expect(first.headers.etag).toMatch(/^W\/".+"$/);
      expect(first.headers['last-modified']).toBeTruthy();
      expect((await t.http.get(`${PUBLIC}/${path}`).set('If-None-Match', first.headers.etag)).status).toBe(304);
      expect((await t.http.get(`${PUBLIC}/${path}`).set('If-Modified-Since', first.headers['last-modified'])).status).toBe(304);
    }
    const before = await t.http.get(`${PUBLIC}/status`);
    await t.http
      .patch(`${DRIFT_ADMIN}/${outageId}`)
      .set(auth(writers.csn))
      .set('If-Match', 'W/"1"')
      .send({ meddelande: 'Ny lägesbild.' })
      .expect(200);
    const after = await t.http.get(`${PUBLIC}/status`).set('If-None-Match', before.headers.etag);
    expect(after.status).toBe(200);
    expect(after.body.ongoing[0].updates.map((u: { text: string }) => u.text)).toEqual(['Vi felsöker.', 'Ny lägesbild.']);
  });
});
