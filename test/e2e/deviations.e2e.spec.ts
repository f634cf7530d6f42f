import { createHash } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { Role } from '../../src/actor/role';
import { aParty } from '../factories/party.factory';
import { aDeviationBody } from '../factories/deviation.factory';
import { startTestApp, type TestApp } from '../support/app';
import { ownerDb, truncateAll } from '../support/database';
import { expectAbsentForOtherParty, expectNotFoundForOtherParty } from '../support/isolation';

const count = async (table: string) => Number((await (await ownerDb()).query(`SELECT count(*)::int AS n FROM ${table}`))[0].n);
const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(200, 7)]);

describe('deviations (e2e)', () => {
  let t: TestApp;
  let partyId: string;
  let reporter: string;
  let foreign: string;
  let skr: string;

  beforeAll(async () => {
    process.env.ATTACHMENTS_DIR = join(process.env.AVVIKELSE_TEST_TMP ?? '/tmp', `attachments-${process.env.JEST_WORKER_ID}`);
    process.env.ATTACHMENT_MAX_BYTES = String(64 * 1024);
    t = await startTestApp();
  });
  beforeEach(async () => {
    await truncateAll();
    partyId = (await aParty()).id;
    reporter = await t.partyToken(partyId, Role.Reporter, 'anna@kommun');
    foreign = await t.partyToken((await aParty()).id, Role.Admin);
    skr = await t.skrToken();
  });
  afterAll(async () => {
    delete process.env.ATTACHMENTS_DIR;
    delete process.env.ATTACHMENT_MAX_BYTES;
    await t.close();
  });

  const auth = (token: string) => ({ Authorization: `Bearer ${token}` });
  const create = async (body = aDeviationBody(), token = reporter) => {
    const response = await t.http.post('/api/v1/deviations').set(auth(token)).send(body);
    expect(response.status).toBe(201);
    return response.body as { id: string; key: string; version: number; status: string };
  };
  const submitted = async (body = aDeviationBody()) => {
    const d = await create(body);
    const response = await t.http.post(`/api/v1/deviations/${d.id}/submit`).set(auth(reporter));
    expect(response.status).toBe(200);
    return response.body as { id: string; key: string; version: number; status: string };
  };

  it('should create a draft with a key, computed priority, normalised phone, and write row and history', async () => {
    const response = await t.http.post('/api/v1/deviations').set(auth(reporter)).send(aDeviationBody());
    expect(response.status).toBe(201);
    expect(response.headers.etag).toBe('W/"1"');
    expect(response.body).toMatchObject({
      key: expect.stringMatching(/^AVV-\d{4}-\d{5,}$/),
      status: 'utkast',
      prioritet: 'hög',
      kontaktpersoner: [{ namn: 'Anna Andersson', telefon: '+46701234567', epost: 'anna.andersson@goteborg.se' }],
      partyId,
      reporterUserId: 'anna@kommun',
    });
    const [row] = await (await ownerDb()).query(`SELECT key, status, prioritet, skal, paverkan, party_id FROM deviation`);
    expect(row).toEqual({ key: response.body.key, status: 'utkast', prioritet: 'hög', skal: null, paverkan: 2, party_id: partyId });
    const history = await t.http.get(`/api/v1/deviations/${response.body.id}/history`).set(auth(reporter));
    expect(history.body.map((h: { action: string }) => h.action)).toEqual(['deviation.created']);
  });

  it('should reject hostile input with pointers and write nothing', async () => {
    const cases: [Record<string, unknown>, string[]][] = [
      [{}, ['/rubrik']],
      [aDeviationBody({ rubrik: '   ' }), ['/rubrik']],
      [aDeviationBody({ rubrik: 'x'.repeat(201) }), ['/rubrik']],
      [aDeviationBody({ miljö: 'staging' }), ['/miljö']],
      [aDeviationBody({ påverkan: 5, tidpunkt: '1' }), ['/påverkan', '/tidpunkt']],
      [aDeviationBody({ kontaktpersoner: [] }), ['/kontaktpersoner']],
      [
        aDeviationBody({ kontaktpersoner: [{ namn: 'A', telefon: '12', epost: 'inte-en-adress' }] }),
        ['/kontaktpersoner/0/telefon', '/kontaktpersoner/0/epost'],
      ],
      [aDeviationBody({ status: 'löst' }), ['/status']],
      [aDeviationBody({ partyId: '00000000-0000-0000-0000-000000000000' }), ['/partyId']],
      [aDeviationBody({ utfall: 'a\u0000b' }), ['/utfall']],
    ];
    for (const [body, pointers] of cases) {
      const response = await t.http.post('/api/v1/deviations').set(auth(reporter)).send(body);
      expect({ body: Object.keys(body), status: response.status }).toEqual({ body: Object.keys(body), status: 400 });
      expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(response.body.errors.map((e: { pointer: string }) => e.pointer)).toEqual(expect.arrayContaining(pointers));
    }
    const unknownPart = await t.http
      .post('/api/v1/deviations')
      .set(auth(reporter))
      .send(aDeviationBody({ del: 'databasen' }));
    expect(unknownPart.status).toBe(422);
    expect(unknownPart.body.errors[0].pointer).toBe('/del');
    expect(await count('deviation')).toBe(0);
    expect(await count('audit_entry')).toBe(0);
  });

  it('should demand steps or a reason, with pointers to both, on submit', async () => {
    const draft = await create({ rubrik: 'Bara en rubrik' });
    const response = await t.http.post(`/api/v1/deviations/${draft.id}/submit`).set(auth(reporter));
    expect(response.status).toBe(422);
    expect(response.body.code).toBe('DEVIATION_INCOMPLETE');
    expect(response.body.errors.map((e: { pointer: string }) => e.pointer)).toEqual(
      expect.arrayContaining([
        '/reproduktionssteg',
        '/skäl',
        '/utfall',
        '/del',
        '/miljö',
        '/kravreferens',
        '/påverkan',
        '/kontaktpersoner',
      ]),
    );
    // The timing was proposed from the calendar when the draft was made, so it is never what is missing.
    expect(response.body.errors.map((e: { pointer: string }) => e.pointer)).not.toContain('/tidpunkt');
    const [row] = await (await ownerDb()).query(`SELECT status FROM deviation`);
    expect(row.status).toBe('utkast');
    const withReason = await create(
      aDeviationBody({ reproduktionssteg: undefined, skäl: 'Kravet förutsätter TLS 1.3 som driftmiljön saknar.' }),
    );
    const ok = await t.http.post(`/api/v1/deviations/${withReason.id}/submit`).set(auth(reporter));
    expect(ok.status).toBe(200);
    expect(ok.body.status).toBe('inskickad');
  });

  it('should queue the Jira push and the receipt in the same transaction as the submit', async () => {
    const d = await submitted();
    const rows = await (await ownerDb()).query(`SELECT queue, job_name, job_key FROM outbox_event ORDER BY id`);
    const [event] = await (await ownerDb()).query(`SELECT id, type, subject_key FROM notification_event`);
    expect(event).toMatchObject({ type: 'avvikelse_inskickad', subject_key: d.key });
    expect(rows).toEqual([
      { queue: 'jira-sync', job_name: 'push-deviation', job_key: `push_${d.id}` },
      { queue: 'notifications', job_name: 'deliver', job_key: `notify_${event.id}` },
    ]);
  });

  it('should answer an illegal transition with 409 and the allowed ones', async () => {
    const d = await submitted();
    const reopen = await t.http.post(`/api/v1/deviations/${d.id}/reopen`).set(auth(reporter)).send({ motivering: 'igen' });
    expect(reopen.status).toBe(409);
    expect(reopen.body).toMatchObject({
      code: 'DEVIATION_TRANSITION_NOT_ALLOWED',
      currentStatus: 'inskickad',
      allowedTransitions: ['återkallad'],
    });
    const skrStatus = await t.http
      .post(`/api/v1/deviations/${d.id}/status`)
      .set(auth(skr))
      .send({ status: 'löst', resolution: 'Åtgärdat i release 3.2' });
    expect(skrStatus.body).toMatchObject({ status: 'löst', resolution: 'Åtgärdat i release 3.2' });
    const withdraw = await t.http.post(`/api/v1/deviations/${d.id}/withdraw`).set(auth(reporter)).send({});
    expect(withdraw.status).toBe(409);
    const reopened = await t.http.post(`/api/v1/deviations/${d.id}/reopen`).set(auth(reporter)).send({ motivering: 'Felet kom tillbaka' });
    expect(reopened.status).toBe(200);
    expect(reopened.body.status).toBe('inskickad');
    const partySetsStatus = await t.http.post(`/api/v1/deviations/${d.id}/status`).set(auth(reporter)).send({ status: 'stängd' });
    expect(partySetsStatus.status).toBe(403);
    const [row] = await (await ownerDb()).query(`SELECT status, resolution FROM deviation`);
    expect(row).toEqual({ status: 'inskickad', resolution: null });
  });

  it('should let SKR override the priority with a reason kept in history', async () => {
    const d = await submitted();
    const response = await t.http
      .post(`/api/v1/deviations/${d.id}/priority`)
      .set(auth(skr))
      .send({ prioritet: 'kritisk', motivering: 'Påverkar alla kommuner' });
    expect(response.body).toMatchObject({ prioritet: 'kritisk', prioritetOverridden: true });
    const history = await t.http.get(`/api/v1/deviations/${d.id}/history`).set(auth(reporter));
    expect(history.body.at(-1).changes).toEqual({
      prioritet: { from: 'hög', to: 'kritisk' },
      motivering: { from: null, to: 'Påverkar alla kommuner' },
    });
  });

  it('should update with If-Match, refuse a stale or missing one, and keep one winner of two concurrent PATCHes', async () => {
    const d = await create();
    const missing = await t.http.patch(`/api/v1/deviations/${d.id}`).set(auth(reporter)).send({ rubrik: 'Ny' });
    expect(missing.status).toBe(428);
    const [a, b] = await Promise.all(
      ['Rubrik A', 'Rubrik B'].map((rubrik) =>
        t.http.patch(`/api/v1/deviations/${d.id}`).set(auth(reporter)).set('If-Match', 'W/"1"').send({ rubrik }),
      ),
    );
    expect([a.status, b.status].sort()).toEqual([200, 412]);
    const winner = a.status === 200 ? a : b;
    expect(winner.headers.etag).toBe('W/"2"');
    const [row] = await (await ownerDb()).query(`SELECT rubrik, version FROM deviation`);
    expect(row).toEqual({ rubrik: winner.body.rubrik, version: 2 });
    const nulled = await t.http.patch(`/api/v1/deviations/${d.id}`).set(auth(reporter)).set('If-Match', 'W/"2"').send({ rubrik: null });
    expect(nulled.status).toBe(400);
  });

  it('should keep every reported field a PATCH sends, utfall included', async () => {
    const d = await create();
    const fields = { utfall: 'Nytt utfall: timeout efter 30 s', förväntat: 'Svar inom 2 s', reproduktionssteg: '1. Anropa\n2. Vänta' };
    const response = await t.http.patch(`/api/v1/deviations/${d.id}`).set(auth(reporter)).set('If-Match', 'W/"1"').send(fields);
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject(fields);
    const [row] = await (
      await ownerDb()
    ).query(`SELECT utfall, forvantat AS "förväntat", reproduktionssteg FROM deviation WHERE id = $1`, [d.id]);
    expect(row).toEqual(fields);
  });

  it('should give 50 parallel creates 50 distinct keys', async () => {
    const responses = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        t.http
          .post('/api/v1/deviations')
          .set(auth(reporter))
          .send({ rubrik: `Parallell ${i}` }),
      ),
    );
    expect(responses.map((r) => r.status).every((s) => s === 201)).toBe(true);
    expect(new Set(responses.map((r) => r.body.key)).size).toBe(50);
    expect(await count('deviation')).toBe(50);
  });

  it('should create one row for the same Idempotency-Key sent ten times in parallel', async () => {
    const body = aDeviationBody();
    const responses = await Promise.all(
      Array.from({ length: 10 }, () =>
        t.http.post('/api/v1/deviations').set(auth(reporter)).set('Idempotency-Key', 'kommun-req-0001').send(body),
      ),
    );
    expect(responses.map((r) => r.status)).toEqual(Array(10).fill(201));
    expect(new Set(responses.map((r) => r.body.id)).size).toBe(1);
    expect(await count('deviation')).toBe(1);
    const reused = await t.http
      .post('/api/v1/deviations')
      .set(auth(reporter))
      .set('Idempotency-Key', 'kommun-req-0001')
      .send({ ...body, rubrik: 'Annan' });
    expect(reused.status).toBe(422);
    expect(reused.body.code).toBe('IDEMPOTENCY_KEY_REUSED');
  });

  it('should list with filters and cursor pages, and find Swedish word forms', async () => {
    for (let i = 0; i < 5; i++) await create(aDeviationBody({ rubrik: `Avvikelse nummer ${i}`, miljö: i % 2 ? 'test' : 'produktion' }));
    await create(aDeviationBody({ rubrik: 'Något helt annat', utfall: 'Inget om saken' }));
    const page1 = await t.http.get('/api/v1/deviations?limit=2&sort=created&order=asc').set(auth(reporter));
    expect(page1.body.items).toHaveLength(2);
    const page2 = await t.http.get(`/api/v1/deviations?limit=2&sort=created&order=asc&cursor=${page1.body.nextCursor}`).set(auth(reporter));
    expect(page2.body.items.map((d: { id: string }) => d.id)).not.toContain(page1.body.items[1].id);
    const test = await t.http.get(`/api/v1/deviations?${new URLSearchParams({ miljö: 'test' })}`).set(auth(reporter));
    expect(test.body.items).toHaveLength(2);
    const search = await t.http.get(`/api/v1/deviations?q=${encodeURIComponent('avvikelserna')}&limit=100`).set(auth(reporter));
    expect(search.body.items).toHaveLength(5);
    const badCursor = await t.http.get('/api/v1/deviations?cursor=bm90LWEtY3Vyc29y').set(auth(reporter));
    expect(badCursor.status).toBe(400);
    expect(badCursor.body.errors[0].parameter).toBe('cursor');
    const clamp = await t.http.get('/api/v1/deviations?limit=1000').set(auth(reporter));
    expect(clamp.status).toBe(200);
    expect(clamp.body.items).toHaveLength(6);
  });

  it('should export CSV with a BOM and defused formulas', async () => {
    await create(aDeviationBody({ rubrik: '=HYPERLINK("http://evil")', kravreferens: 'R8 fältregler' }));
    const response = await t.http.get('/api/v1/deviations/export.csv').set(auth(reporter));
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toMatch(/^text\/csv; charset=utf-8/);
    expect(response.text.charCodeAt(0)).toBe(0xfeff);
    expect(response.text).toContain(`"'=HYPERLINK(""http://evil"")"`);
    expect(response.text).toContain('R8 fältregler');
  });

  it('should keep SKR internal notes out of every party view', async () => {
    const d = await submitted();
    await t.http.post(`/api/v1/deviations/${d.id}/comments`).set(auth(reporter)).send({ text: 'Loggar bifogade' }).expect(201);
    await t.http
      .post(`/api/v1/deviations/${d.id}/comments`)
      .set(auth(skr))
      .send({ text: 'HEMLIG-INTERN-NOTERING', internal: true })
      .expect(201);
    const partyInternal = await t.http
      .post(`/api/v1/deviations/${d.id}/comments`)
      .set(auth(reporter))
      .send({ text: 'Försöker bli intern', internal: true });
    expect(partyInternal.status).toBe(403);
    expect(partyInternal.body).toMatchObject({ code: 'INTERNAL_NOTE_SKR_ONLY', errors: [{ pointer: '/internal' }] });
    const party = await t.http.get(`/api/v1/deviations/${d.id}/comments`).set(auth(reporter));
    expect(party.body.map((c: { text: string; internal: boolean }) => [c.text, c.internal])).toEqual([['Loggar bifogade', false]]);
    const skrView = await t.http.get(`/api/v1/deviations/${d.id}/comments`).set(auth(skr));
    expect(skrView.body).toHaveLength(2);
    expect(await count('deviation_comment')).toBe(2);
    // An internal note is no "kommentar från SKR": no event, so neither the feed nor an e-mail can carry it.
    expect(await count(`notification_event WHERE type = 'kommentar_från_skr'`)).toBe(0);
    const feed = await t.http.get('/api/v1/notifications').set(auth(reporter));
    expect(feed.status).toBe(200);
    expect(feed.text).not.toContain('HEMLIG');
    await t.http.post(`/api/v1/deviations/${d.id}/comments`).set(auth(skr)).send({ text: 'Publikt svar' }).expect(201);
    expect(await count(`notification_event WHERE type = 'kommentar_från_skr'`)).toBe(1);
    for (const path of [
      `/api/v1/deviations/${d.id}/history`,
      '/api/v1/notifications',
      '/api/v1/deviations/export.csv',
      '/api/v1/audit',
      `/api/v1/deviations/${d.id}`,
    ]) {
      const response = await t.http.get(path).set(auth(reporter));
      expect({ path, leaked: response.text.includes('HEMLIG') }).toEqual({ path, leaked: false });
    }
  });

  it('should stream an attachment, decide its type by content, and give it back byte for byte', async () => {
    const d = await submitted();
    const upload = await t.http
      .post(`/api/v1/deviations/${d.id}/attachments`)
      .set(auth(reporter))
      .attach('file', PNG, { filename: '../../skärmbild', contentType: 'text/plain' });
    expect(upload.status).toBe(201);
    expect(upload.body).toMatchObject({ filename: 'skärmbild.png', contentType: 'image/png', sizeBytes: PNG.length });
    expect(upload.body.sha256).toBe(createHash('sha256').update(PNG).digest('hex'));
    const download = await t.http
      .get(`/api/v1/deviations/${d.id}/attachments/${upload.body.id}`)
      .set(auth(reporter))
      .buffer(true)
      .parse((res, done) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => done(null, Buffer.concat(chunks)));
      });
    expect(download.status).toBe(200);
    expect(download.headers['content-type']).toBe('image/png');
    expect(download.headers['content-disposition']).toContain(`filename*=UTF-8''sk%C3%A4rmbild.png`);
    expect(Buffer.compare(download.body as Buffer, PNG)).toBe(0);
  });

  it('should leave no row and no file for a rejected upload', async () => {
    const d = await submitted();
    const dir = process.env.ATTACHMENTS_DIR!;
    const files = () => readdirSync(dir).filter((f) => f !== 'tmp').length + readdirSync(join(dir, 'tmp')).length;
    const before = files();
    const exe = await t.http
      .post(`/api/v1/deviations/${d.id}/attachments`)
      .set(auth(reporter))
      .attach('file', Buffer.from([0x4d, 0x5a, 0x90, 0, 3]), { filename: 'bild.png', contentType: 'image/png' });
    expect(exe.status).toBe(415);
    const big = await t.http
      .post(`/api/v1/deviations/${d.id}/attachments`)
      .set(auth(reporter))
      .attach('file', Buffer.alloc(70 * 1024, 0x41), 'stor.log');
    expect(big.status).toBe(413);
    const wrongField = await t.http.post(`/api/v1/deviations/${d.id}/attachments`).set(auth(reporter)).attach('fil', PNG, 'a.png');
    expect(wrongField.status).toBe(400);
    const notMultipart = await t.http
      .post(`/api/v1/deviations/${d.id}/attachments`)
      .set(auth(reporter))
      .set('Content-Type', 'multipart/form-data; boundary=x')
      .send('--x\r\nbroken');
    expect(notMultipart.status).toBe(400);
    for (const response of [exe, big, wrongField, notMultipart])
      expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(await count('deviation_attachment')).toBe(0);
    expect(files()).toBe(before);
  });

  it('should answer another party 404 on every deviation endpoint and hide it in lists, search and export', async () => {
    const d = await submitted(aDeviationBody({ rubrik: 'HEMLIGRUBRIK för parten' }));
    const upload = await t.http.post(`/api/v1/deviations/${d.id}/attachments`).set(auth(reporter)).attach('file', PNG, 'bild.png');
    const base = `/api/v1/deviations/${d.id}`;
    const calls = [
      { method: 'get', path: base },
      { method: 'patch', path: base, body: { rubrik: 'kapad' }, headers: { 'If-Match': `W/"${d.version}"` } },
      { method: 'post', path: `${base}/submit` },
      { method: 'post', path: `${base}/withdraw`, body: {} },
      { method: 'post', path: `${base}/reopen`, body: { motivering: 'x' } },
      { method: 'get', path: `${base}/history` },
      { method: 'get', path: `${base}/comments` },
      { method: 'post', path: `${base}/comments`, body: { text: 'intrång' } },
      { method: 'get', path: `${base}/attachments` },
      { method: 'get', path: `${base}/attachments/${upload.body.id}` },
      { method: 'get', path: `${base}/jira` },
    ] as const;
    for (const call of calls)
      await expectNotFoundForOtherParty(t, foreign, {
        ...call,
        method: call.method,
        body: 'body' in call ? call.body : undefined,
        headers: 'headers' in call ? call.headers : undefined,
      });
    for (const path of [
      '/api/v1/deviations',
      `/api/v1/deviations?q=HEMLIGRUBRIK`,
      `/api/v1/deviations?q=${d.key}`,
      '/api/v1/deviations/export.csv',
      '/api/v1/audit',
    ]) {
      await expectAbsentForOtherParty(t, foreign, path, [d.id, d.key, 'HEMLIGRUBRIK']);
    }
    const [row] = await (await ownerDb()).query(`SELECT rubrik, status FROM deviation`);
    expect(row).toEqual({ rubrik: 'HEMLIGRUBRIK för parten', status: 'inskickad' });
    expect(await count('deviation_comment')).toBe(0);
  });

  it('should let SKR mark a duplicate across parties without showing either party the other one', async () => {
    const original = await submitted(aDeviationBody({ rubrik: 'Originalet' }));
    const otherParty = await aParty();
    const otherToken = await t.partyToken(otherParty.id, Role.Reporter);
    const copy = await t.http
      .post('/api/v1/deviations')
      .set(auth(otherToken))
      .send(aDeviationBody({ rubrik: 'Samma fel' }));
    await t.http.post(`/api/v1/deviations/${copy.body.id}/submit`).set(auth(otherToken)).expect(200);
    const marked = await t.http.post(`/api/v1/deviations/${copy.body.id}/duplicate-of`).set(auth(skr)).send({ duplicateOf: original.id });
    expect(marked.status).toBe(200);
    expect(marked.body.duplicateOfId).toBe(original.id);
    const [row] = await (await ownerDb()).query(`SELECT duplicate_of_id FROM deviation WHERE id = $1`, [copy.body.id]);
    expect(row.duplicate_of_id).toBe(original.id);
    const history = await t.http.get(`/api/v1/deviations/${copy.body.id}/history`).set(auth(otherToken));
    expect(history.text).not.toContain(original.key);
    expect(history.text).not.toContain('Originalet');
    const self = await t.http.post(`/api/v1/deviations/${copy.body.id}/duplicate-of`).set(auth(skr)).send({ duplicateOf: copy.body.id });
    expect(self.status).toBe(422);
    const byParty = await t.http
      .post(`/api/v1/deviations/${copy.body.id}/duplicate-of`)
      .set(auth(otherToken))
      .send({ duplicateOf: original.id });
    expect(byParty.status).toBe(403);
  });

  it('should sort by key in both directions', async () => {
    for (let i = 0; i < 3; i++) await create({ rubrik: `Sortering ${i}` });
    const asc = await t.http.get('/api/v1/deviations?sort=key&order=asc').set(auth(reporter));
    const desc = await t.http.get('/api/v1/deviations?sort=key&order=desc').set(auth(reporter));
    const keys = asc.body.items.map((d: { key: string }) => d.key);
    expect(keys).toEqual([...keys].sort());
    expect(desc.body.items.map((d: { key: string }) => d.key)).toEqual([...keys].reverse());
  });

  it('should refuse to reopen a deviation solved longer ago than the window', async () => {
    const d = await submitted();
    await t.http.post(`/api/v1/deviations/${d.id}/status`).set(auth(skr)).send({ status: 'löst' }).expect(200);
    await (await ownerDb()).query(`UPDATE deviation SET resolved_at = now() - interval '31 days' WHERE id = $1`, [d.id]);
    const response = await t.http.post(`/api/v1/deviations/${d.id}/reopen`).set(auth(reporter)).send({ motivering: 'Felet kvarstår' });
    expect(response.status).toBe(409);
    expect(response.body.code).toBe('REOPEN_WINDOW_CLOSED');
    const [row] = await (await ownerDb()).query(`SELECT status FROM deviation WHERE id = $1`, [d.id]);
    expect(row.status).toBe('löst');
  });

  it('should keep keys unique past 99999 (the number grows, it is never cut)', async () => {
    await (await ownerDb()).query(`SELECT setval('deviation_key_seq', 99998)`);
    const keys = [];
    for (let i = 0; i < 3; i++) keys.push((await create({ rubrik: `Nummer ${i}` })).key);
    expect(keys.map((k) => k.split('-')[2])).toEqual(['99999', '100000', '100001']);
    await (await ownerDb()).query(`SELECT setval('deviation_key_seq', 1, false)`);
  });

  it("should compute the priority with the matrix of the party's own agreement", async () => {
    const lefi = await aParty({ agreementCode: 'SLA_LEFI_ONLINE_2017' });
    const token = await t.partyToken(lefi.id, Role.Reporter);
    // påverkan 2, tidpunkt 1: Hög in the Underpinning Contract, Kritisk in the LEFI Online SLA (seed 002, Bilaga 1).
    const response = await t.http
      .post('/api/v1/deviations')
      .set(auth(token))
      .send(aDeviationBody({ påverkan: 2, tidpunkt: 1 }));
    expect(response.body.prioritet).toBe('kritisk');
    const [row] = await (await ownerDb()).query(`SELECT prioritet FROM deviation WHERE id = $1`, [response.body.id]);
    expect(row.prioritet).toBe('kritisk');
    const uc = await t.http
      .post('/api/v1/deviations')
      .set(auth(reporter))
      .send(aDeviationBody({ påverkan: 2, tidpunkt: 1 }));
    expect(uc.body.prioritet).toBe('hög');
  });
});
