import { createHash } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { Role } from '../../src/actor/role';
import { aDeviationBody } from '../factories/deviation.factory';
import { aParty } from '../factories/party.factory';
import { startTestApp, type TestApp } from '../support/app';
import { ownerDb, truncateAll } from '../support/database';
import { eventually } from '../support/eventually';
import { expectNotFoundForOtherParty } from '../support/isolation';

const count = async (table: string) => Number((await (await ownerDb()).query(`SELECT count(*)::int AS n FROM ${table}`))[0].n);
const PDF = Buffer.from('%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n');
const BAD_UUIDS = ['123', 'not-a-uuid', '00000000-0000-0000-0000-00000000000g', "1' OR '1'='1", '..%2F..%2Fetc%2Fpasswd'];

/** Roles, reads, lifecycle edges, hostile bodies and the evidence upload's failure paths. */
describe('deviations: roles, edges and hostile input (e2e)', () => {
  let t: TestApp;
  let base: string;
  let dir: string;
  let partyId: string;
  let reporter: string;
  let reader: string;
  let skr: string;

  beforeAll(async () => {
    dir = join(process.env.AVVIKELSE_TEST_TMP ?? '/tmp', `attachments-edges-${process.env.JEST_WORKER_ID}`);
    process.env.ATTACHMENTS_DIR = dir;
    process.env.ATTACHMENT_MAX_BYTES = String(64 * 1024);
    t = await startTestApp();
    await t.app.listen(0, '127.0.0.1');
    base = `127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}`;
  });
  beforeEach(async () => {
    await truncateAll();
    partyId = (await aParty()).id;
    reporter = await t.partyToken(partyId, Role.Reporter, 'rapportör@kommun');
    reader = await t.partyToken(partyId, Role.Reader);
    skr = await t.skrToken();
  });
  afterAll(async () => {
    delete process.env.ATTACHMENTS_DIR;
    delete process.env.ATTACHMENT_MAX_BYTES;
    await t.close();
  });

  const auth = (token: string) => ({ Authorization: `Bearer ${token}` });
  const create = async (body: Record<string, unknown> = aDeviationBody()) => {
    const response = await t.http.post('/api/v1/deviations').set(auth(reporter)).send(body);
    expect(response.status).toBe(201);
    return response.body as { id: string; key: string; version: number };
  };
  const submitted = async () => {
    const d = await create();
    await t.http.post(`/api/v1/deviations/${d.id}/submit`).set(auth(reporter)).expect(200);
    return d;
  };
  const storedFiles = () => [...readdirSync(dir).filter((f) => f !== 'tmp'), ...readdirSync(join(dir, 'tmp'))];

  it('should read one deviation with its version as ETag, and 404 problem+json for one that does not exist', async () => {
    const d = await create();
    const response = await t.http.get(`/api/v1/deviations/${d.id}`).set(auth(reader));
    expect(response.status).toBe(200);
    expect(response.headers.etag).toBe('W/"1"');
    expect(response.body).toMatchObject({ id: d.id, key: d.key, version: 1, status: 'utkast', rubrik: aDeviationBody().rubrik });
    const missing = await t.http.get('/api/v1/deviations/7d0c9a0e-1b2c-4d3e-8f90-a1b2c3d4e5f6').set(auth(reader));
    expect(missing.status).toBe(404);
    expect(missing.body).toMatchObject({ code: 'DEVIATION_NOT_FOUND', status: 404 });
  });

  it('should serve the parts of SSBTEK from the reference table', async () => {
    const response = await t.http.get('/api/v1/deviations/parts').set(auth(reader));
    expect(response.status).toBe(200);
    expect(response.body.map((p: { code: string }) => p.code)).toEqual([
      'anslutningsobjekt',
      'gränssnitt_mot_bastjänster',
      'gränssnitt_mot_frågetjänster',
      'miljö_runt_ssbtek',
    ]);
    expect(response.body[0]).toEqual({ code: 'anslutningsobjekt', nameSv: 'Anslutningsobjekt', nameEn: 'Connection object', sortOrder: 1 });
  });

  it('should let a reader read but change nothing, and refuse SKR a deviation of its own', async () => {
    const d = await create();
    await t.http.get(`/api/v1/deviations/${d.id}`).set(auth(reader)).expect(200);
    await t.http.get(`/api/v1/deviations/${d.id}/comments`).set(auth(reader)).expect(200);
    const writes: [string, () => PromiseLike<{ status: number; headers: Record<string, string> }>][] = [
      ['reader creates', () => t.http.post('/api/v1/deviations').set(auth(reader)).send(aDeviationBody())],
      [
        'reader patches',
        () => t.http.patch(`/api/v1/deviations/${d.id}`).set(auth(reader)).set('If-Match', 'W/"1"').send({ rubrik: 'läsare' }),
      ],
      ['reader submits', () => t.http.post(`/api/v1/deviations/${d.id}/submit`).set(auth(reader))],
      ['reader withdraws', () => t.http.post(`/api/v1/deviations/${d.id}/withdraw`).set(auth(reader)).send({})],
      ['reader comments', () => t.http.post(`/api/v1/deviations/${d.id}/comments`).set(auth(reader)).send({ text: 'läsare' })],
      ['reader uploads', () => t.http.post(`/api/v1/deviations/${d.id}/attachments`).set(auth(reader)).attach('file', PDF, 'a.pdf')],
      ['skr creates', () => t.http.post('/api/v1/deviations').set(auth(skr)).send(aDeviationBody())],
      [
        'skr-admin creates',
        async () =>
          t.http
            .post('/api/v1/deviations')
            .set(auth(await t.skrToken(Role.SkrAdmin)))
            .send(aDeviationBody()),
      ],
    ];
    for (const [what, write] of writes) {
      const response = await write();
      expect({ what, status: response.status }).toEqual({ what, status: 403 });
      expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    }
    expect(await count('deviation')).toBe(1);
    expect(await count('deviation_comment')).toBe(0);
    expect(await count('deviation_attachment')).toBe(0);
    const [row] = await (await ownerDb()).query('SELECT rubrik, status, version FROM deviation');
    expect(row).toEqual({ rubrik: aDeviationBody().rubrik, status: 'utkast', version: 1 });
  });

  it('should keep a draft from SKR on every endpoint until it is submitted', async () => {
    const d = await create();
    const calls = [
      { method: 'get', path: `/api/v1/deviations/${d.id}` },
      { method: 'get', path: `/api/v1/deviations/${d.id}/history` },
      { method: 'get', path: `/api/v1/deviations/${d.id}/comments` },
      { method: 'post', path: `/api/v1/deviations/${d.id}/comments`, body: { text: 'tidig titt' } },
      { method: 'get', path: `/api/v1/deviations/${d.id}/attachments` },
      { method: 'post', path: `/api/v1/deviations/${d.id}/status`, body: { status: 'mottagen' } },
      { method: 'post', path: `/api/v1/deviations/${d.id}/priority`, body: { prioritet: 'låg', motivering: 'x' } },
      { method: 'post', path: `/api/v1/deviations/${d.id}/duplicate-of`, body: { duplicateOf: d.id } },
    ] as const;
    for (const call of calls) await expectNotFoundForOtherParty(t, skr, { ...call, body: 'body' in call ? call.body : undefined });
    const other = await submitted();
    const asTarget = await t.http.post(`/api/v1/deviations/${other.id}/duplicate-of`).set(auth(skr)).send({ duplicateOf: d.id });
    expect(asTarget.status).toBe(422);
    await t.http.post(`/api/v1/deviations/${d.id}/submit`).set(auth(reporter)).expect(200);
    await t.http.get(`/api/v1/deviations/${d.id}`).set(auth(skr)).expect(200);
    const [row] = await (await ownerDb()).query('SELECT status, prioritet, duplicate_of_id FROM deviation WHERE id = $1', [d.id]);
    expect(row).toEqual({ status: 'inskickad', prioritet: 'hög', duplicate_of_id: null });
    expect(await count('deviation_comment')).toBe(0);
  });

  it('should withdraw with a reason kept in history, then refuse changes and new evidence', async () => {
    const d = await submitted();
    const response = await t.http.post(`/api/v1/deviations/${d.id}/withdraw`).set(auth(reporter)).send({ motivering: 'Felet låg hos oss' });
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ status: 'återkallad', version: 3 });
    expect(response.headers.etag).toBe('W/"3"');
    const [row] = await (await ownerDb()).query('SELECT status, version FROM deviation');
    expect(row).toEqual({ status: 'återkallad', version: 3 });
    const history = await t.http.get(`/api/v1/deviations/${d.id}/history`).set(auth(reader));
    expect(history.body.at(-1)).toMatchObject({
      action: 'deviation.withdrawn',
      actorUserId: 'rapportör@kommun',
      changes: { status: { from: 'inskickad', to: 'återkallad' }, motivering: { from: null, to: 'Felet låg hos oss' } },
    });
    const patch = await t.http.patch(`/api/v1/deviations/${d.id}`).set(auth(reporter)).set('If-Match', 'W/"3"').send({ rubrik: 'Ny' });
    expect(patch.status).toBe(409);
    expect(patch.body.code).toBe('DEVIATION_NOT_EDITABLE');
    const before = storedFiles().length;
    const upload = await t.http.post(`/api/v1/deviations/${d.id}/attachments`).set(auth(reporter)).attach('file', PDF, 'sent.pdf');
    expect(upload.status).toBe(409);
    const again = await t.http.post(`/api/v1/deviations/${d.id}/withdraw`).set(auth(reporter)).send({});
    expect(again.body).toMatchObject({ code: 'DEVIATION_TRANSITION_NOT_ALLOWED', allowedTransitions: [] });
    expect(await count('deviation_attachment')).toBe(0);
    expect(storedFiles()).toHaveLength(before);
  });

  it('should answer a bad UUID in any path with 400 naming the parameter', async () => {
    const d = await submitted();
    for (const bad of BAD_UUIDS) {
      const paths: [string, string, string][] = [
        ['get', `/api/v1/deviations/${bad}`, 'id'],
        ['patch', `/api/v1/deviations/${bad}`, 'id'],
        ['post', `/api/v1/deviations/${bad}/submit`, 'id'],
        ['post', `/api/v1/deviations/${bad}/withdraw`, 'id'],
        ['post', `/api/v1/deviations/${bad}/reopen`, 'id'],
        ['get', `/api/v1/deviations/${bad}/history`, 'id'],
        ['get', `/api/v1/deviations/${bad}/comments`, 'id'],
        ['post', `/api/v1/deviations/${bad}/attachments`, 'id'],
        ['get', `/api/v1/deviations/${d.id}/attachments/${bad}`, 'attachmentId'],
      ];
      for (const [method, path, parameter] of paths) {
        const req = (t.http as unknown as Record<string, (p: string) => ReturnType<typeof t.http.post>>)
          [method](path)
          .set(auth(reporter))
          .set('If-Match', 'W/"1"');
        // A valid body, so the bad id is the only thing wrong.
        const response = method === 'get' ? await req : await req.send(path.endsWith('/reopen') ? { motivering: 'x' } : {});
        // A path that decodes to another route (the traversal string) is simply not found; never a 5xx.
        if (response.status === 404) continue;
        expect({ path, status: response.status, body: response.body }).toEqual({
          path,
          status: 400,
          body: expect.objectContaining({ errors: [expect.objectContaining({ parameter })] }),
        });
      }
    }
  });

  it('should refuse wrong types, unknown fields and bad enums on every write with pointers, changing no row', async () => {
    const d = await submitted();
    const snapshot = async () => (await ownerDb()).query('SELECT status, prioritet, version, duplicate_of_id FROM deviation');
    const before = await snapshot();
    const audits = await count('audit_entry');
    const cases: [string, string, object, string[]][] = [
      ['post', `/api/v1/deviations/${d.id}/status`, { status: 'klar' }, ['/status']],
      ['post', `/api/v1/deviations/${d.id}/status`, { status: 'utkast' }, ['/status']],
      ['post', `/api/v1/deviations/${d.id}/status`, { status: 'mottagen', resolution: 7 }, ['/resolution']],
      ['post', `/api/v1/deviations/${d.id}/priority`, { prioritet: 'akut', motivering: 'x' }, ['/prioritet']],
      ['post', `/api/v1/deviations/${d.id}/priority`, { prioritet: 'låg' }, ['/motivering']],
      ['post', `/api/v1/deviations/${d.id}/duplicate-of`, { duplicateOf: 'abc' }, ['/duplicateOf']],
      ['post', `/api/v1/deviations/${d.id}/duplicate-of`, { duplicateOf: d.id, extra: 1 }, ['/extra']],
      ['post', `/api/v1/deviations/${d.id}/comments`, { text: '' }, ['/text']],
      ['post', `/api/v1/deviations/${d.id}/comments`, { text: 'x', internal: 'yes' }, ['/internal']],
      ['post', `/api/v1/deviations/${d.id}/comments`, { text: 'x'.repeat(20_001) }, ['/text']],
      ['post', `/api/v1/deviations/${d.id}/reopen`, {}, ['/motivering']],
      ['post', `/api/v1/deviations/${d.id}/withdraw`, { motivering: ['a'] }, ['/motivering']],
    ];
    for (const [method, path, body, pointers] of cases) {
      const token = /status|priority|duplicate/.test(path) ? skr : reporter;
      const response = await (t.http as unknown as Record<string, (p: string) => ReturnType<typeof t.http.post>>)
        [method](path)
        .set(auth(token))
        .send(body);
      expect({ path, body, status: response.status }).toEqual({ path, body, status: 400 });
      expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect({ path, body, pointers: response.body.errors.map((e: { pointer: string }) => e.pointer) }).toEqual({
        path,
        body,
        pointers: expect.arrayContaining(pointers),
      });
    }
    const patchCases: [object, string[]][] = [
      [{ rubrik: 5 }, ['/rubrik']],
      [{ kravreferens: null }, ['/kravreferens']],
      [{ prioritet: 'kritisk' }, ['/prioritet']],
      [{ version: 9 }, ['/version']],
      [{ kontaktpersoner: [{ namn: 'A', telefon: '070-123 45 67', epost: 'a@b.se', admin: true }] }, ['/kontaktpersoner/0/admin']],
      [{ kontaktpersoner: 'Anna' }, ['/kontaktpersoner']],
      [{ del: 7 }, ['/del']],
    ];
    for (const [body, pointers] of patchCases) {
      const response = await t.http
        .patch(`/api/v1/deviations/${d.id}`)
        .set(auth(reporter))
        .set('If-Match', `W/"${d.version + 1}"`)
        .send(body);
      expect({ body, status: response.status }).toEqual({ body, status: 400 });
      expect({ body, pointers: response.body.errors.map((e: { pointer: string }) => e.pointer) }).toEqual({
        body,
        pointers: expect.arrayContaining(pointers),
      });
    }
    expect(await snapshot()).toEqual(before);
    expect(await count('audit_entry')).toBe(audits);
    expect(await count('deviation_comment')).toBe(0);
  });

  it('should refuse huge, deep, non-JSON and non-object bodies without writing', async () => {
    const cases: [string, string, number][] = [
      ['application/json', JSON.stringify(aDeviationBody({ utfall: 'x'.repeat(3_000_000) })), 413],
      ['application/json', `${'['.repeat(5000)}${']'.repeat(5000)}`, 400],
      ['application/json', '{"rubrik": "avbruten', 400],
      ['application/json', '[{"rubrik": "lista"}]', 400],
      ['application/json', '"bara en sträng"', 400],
      ['text/plain', 'rubrik=x', 400],
      ['application/x-www-form-urlencoded', 'rubrik=x', 400],
    ];
    for (const [type, body, status] of cases) {
      const response = await t.http.post('/api/v1/deviations').set(auth(reporter)).set('Content-Type', type).send(body);
      expect({ type, body: body.slice(0, 20), status: response.status }).toEqual({ type, body: body.slice(0, 20), status });
      expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    }
    const header = await t.http.post('/api/v1/deviations').set(auth(reporter)).set('Idempotency-Key', 'kort').send(aDeviationBody());
    expect(header.status).toBe(400);
    expect(header.body.errors).toEqual([expect.objectContaining({ header: 'Idempotency-Key' })]);
    expect(await count('deviation')).toBe(0);
    expect(await count('audit_entry')).toBe(0);
  });

  it('should replay an Idempotency-Key with the same status and body, per party', async () => {
    const first = await t.http
      .post('/api/v1/deviations')
      .set(auth(reporter))
      .set('Idempotency-Key', 'kommun-42:forsok')
      .send(aDeviationBody());
    const retry = await t.http
      .post('/api/v1/deviations')
      .set(auth(reporter))
      .set('Idempotency-Key', 'kommun-42:forsok')
      .send(aDeviationBody());
    expect(first.status).toBe(201);
    expect(retry.status).toBe(201);
    expect(retry.body).toEqual(first.body);
    expect(retry.headers.location).toBe(first.headers.location);
    expect(retry.headers['idempotent-replayed']).toBe('true');
    const otherParty = await t.partyToken((await aParty()).id, Role.Reporter);
    const elsewhere = await t.http
      .post('/api/v1/deviations')
      .set(auth(otherParty))
      .set('Idempotency-Key', 'kommun-42:forsok')
      .send(aDeviationBody());
    expect(elsewhere.status).toBe(201);
    expect(elsewhere.body.id).not.toBe(first.body.id);
    const rows = await (await ownerDb()).query('SELECT idempotency_key FROM deviation ORDER BY created_at');
    expect(rows).toEqual([{ idempotency_key: 'kommun-42:forsok' }, { idempotency_key: 'kommun-42:forsok' }]);
  });

  it('should add a comment once per Idempotency-Key and author, also when the retry races the first request', async () => {
    const d = await submitted();
    const post = (token: string, text: string, key = 'kommentar-1:forsok') =>
      t.http.post(`/api/v1/deviations/${d.id}/comments`).set(auth(token)).set('Idempotency-Key', key).send({ text });

    const [first, racing] = await Promise.all([post(reporter, 'Felet kvarstår'), post(reporter, 'Felet kvarstår')]);
    const retry = await post(reporter, 'Felet kvarstår');
    expect([first.status, racing.status, retry.status]).toEqual([201, 201, 201]);
    expect(racing.body).toEqual(first.body);
    expect(retry.body).toEqual(first.body);
    expect([first, racing, retry].filter((r) => r.headers['idempotent-replayed'] === 'true')).toHaveLength(2);

    const reused = await post(reporter, 'Något helt annat');
    expect(reused.status).toBe(422);
    expect(reused.type).toBe('application/problem+json');
    expect(reused.body).toMatchObject({ code: 'IDEMPOTENCY_KEY_REUSED', errors: [expect.objectContaining({ header: 'Idempotency-Key' })] });
    const badKey = await post(reporter, 'Felet kvarstår', 'kort');
    expect(badKey.status).toBe(400);
    expect(badKey.body.errors).toEqual([expect.objectContaining({ header: 'Idempotency-Key' })]);
    // A key is its author's: SKR's comment under the same key is its own.
    const bySkr = await post(skr, 'SKR svarar');
    expect(bySkr.status).toBe(201);
    expect(bySkr.body.id).not.toBe(first.body.id);

    const rows = await (
      await ownerDb()
    ).query(`SELECT body, author_user_id, idempotency_key FROM deviation_comment WHERE deviation_id = $1 ORDER BY created_at`, [d.id]);
    expect(rows).toEqual([
      { body: 'Felet kvarstår', author_user_id: 'rapportör@kommun', idempotency_key: 'kommentar-1:forsok' },
      { body: 'SKR svarar', author_user_id: expect.stringMatching(/^skr-/), idempotency_key: 'kommentar-1:forsok' },
    ]);
    // The key and its hash never show in an answer.
    expect(JSON.stringify((await t.http.get(`/api/v1/deviations/${d.id}/comments`).set(auth(reporter))).body)).not.toContain('forsok');
    expect(await count("audit_entry WHERE action = 'comment.added'")).toBe(2);
  });

  it('should keep keys unique past 99999', async () => {
    const db = await ownerDb();
    const [{ last_value: saved }] = await db.query('SELECT last_value FROM deviation_key_seq');
    try {
      await db.query(`SELECT setval('deviation_key_seq', 99999)`);
      const a = await create();
      const b = await create();
      expect(a.key).toMatch(/^AVV-\d{4}-100000$/);
      expect(b.key).toMatch(/^AVV-\d{4}-100001$/);
    } finally {
      await db.query(`SELECT setval('deviation_key_seq', $1)`, [saved]);
    }
  });

  it('should list evidence, store it under its own key with the SHA-256, and sanitise hostile file names', async () => {
    const d = await create();
    const filesBefore = new Set(storedFiles());
    const names: [string, string][] = [
      ['../../../etc/passwd', 'passwd.pdf'],
      ['..\\..\\windows\\rapport.pdf', 'rapport.pdf'],
      ['skärm;bild 1.pdf', 'skärm;bild 1.pdf'],
    ];
    const ids: string[] = [];
    for (const [name, stored] of names) {
      const upload = await t.http
        .post(`/api/v1/deviations/${d.id}/attachments`)
        .set(auth(reporter))
        .attach('file', PDF, { filename: name, contentType: 'image/png' });
      expect({ name, status: upload.status, filename: upload.body.filename, type: upload.body.contentType }).toEqual({
        name,
        status: 201,
        filename: stored,
        type: 'application/pdf',
      });
      ids.push(upload.body.id);
      const download = await t.http.get(`/api/v1/deviations/${d.id}/attachments/${upload.body.id}`).set(auth(reader));
      const disposition = download.headers['content-disposition'];
      expect(disposition).toMatch(/^attachment; filename="[\x20-\x7e]*"; filename\*=UTF-8''[A-Za-z0-9%._~!$&+,;=:@-]*$/);
      expect(disposition).not.toMatch(/[\r\n]|\.\.\//);
      expect(download.headers['x-content-type-options']).toBe('nosniff');
    }
    // Sent raw: a multipart library would percent-encode the control characters this case is about.
    const raw = (filename: string) =>
      Buffer.concat([
        Buffer.from(
          `--raw-boundary\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: image/png\r\n\r\n`,
        ),
        PDF,
        Buffer.from('\r\n--raw-boundary--\r\n'),
      ]);
    const sendRaw = (filename: string) =>
      t.http
        .post(`/api/v1/deviations/${d.id}/attachments`)
        .set(auth(reporter))
        .set('Content-Type', 'multipart/form-data; boundary=raw-boundary')
        .send(raw(filename));
    const tabs = await sendRaw('..\t/..\t/rapport\t.pdf');
    expect({ status: tabs.status, filename: tabs.body.filename }).toEqual({ status: 201, filename: 'rapport.pdf' });
    ids.push(tabs.body.id);
    const nul = await sendRaw('rapport\u0000.pdf');
    expect({ status: nul.status, filename: nul.body.filename }).toEqual({ status: 201, filename: 'rapport.pdf' });
    ids.push(nul.body.id);
    const list = await t.http.get(`/api/v1/deviations/${d.id}/attachments`).set(auth(reader));
    expect(list.body.map((a: { id: string }) => a.id)).toEqual(ids);
    const rows = await (await ownerDb()).query('SELECT storage_key, sha256, size_bytes, party_id, uploaded_by FROM deviation_attachment');
    expect(rows).toHaveLength(ids.length);
    expect(
      storedFiles()
        .filter((f) => !filesBefore.has(f))
        .sort(),
    ).toEqual(rows.map((r: { storage_key: string }) => r.storage_key).sort());
    const sha = createHash('sha256').update(PDF).digest('hex');
    for (const row of rows) {
      expect(row).toMatchObject({ sha256: sha, size_bytes: String(PDF.length), party_id: partyId, uploaded_by: 'rapportör@kommun' });
      expect(row.storage_key).toMatch(/^[0-9a-f-]{36}$/);
      expect(readFileSync(join(dir, row.storage_key)).equals(PDF)).toBe(true);
    }
    expect(existsSync(join(dir, 'passwd'))).toBe(false);
    const history = await t.http.get(`/api/v1/deviations/${d.id}/history`).set(auth(reader));
    expect(history.body.filter((h: { action: string }) => h.action === 'attachment.added')).toHaveLength(names.length + 2);
  });

  it('should refuse NUL-laden text, an empty file and a second file field, leaving nothing behind', async () => {
    const d = await submitted();
    const before = storedFiles().length;
    const nul = await t.http
      .post(`/api/v1/deviations/${d.id}/attachments`)
      .set(auth(reporter))
      .attach('file', Buffer.from('logg\u0000rad\n'), 'app.log');
    expect(nul.status).toBe(415);
    const empty = await t.http
      .post(`/api/v1/deviations/${d.id}/attachments`)
      .set(auth(reporter))
      .attach('file', Buffer.alloc(0), 'tom.txt');
    expect(empty.status).toBe(415);
    const noBody = await t.http.post(`/api/v1/deviations/${d.id}/attachments`).set(auth(reporter)).send({ file: 'inte multipart' });
    expect(noBody.status).toBe(400);
    expect(noBody.body.errors[0].pointer).toBe('/file');
    expect(await count('deviation_attachment')).toBe(0);
    expect(storedFiles()).toHaveLength(before);
  });

  it('should leave no row and no file when the client aborts an upload midway', async () => {
    const d = await submitted();
    const before = storedFiles().length;
    await new Promise<void>((resolve) => {
      const boundary = 'avbrutet';
      const req = httpRequest({
        host: base.split(':')[0],
        port: Number(base.split(':')[1]),
        method: 'POST',
        path: `/api/v1/deviations/${d.id}/attachments`,
        headers: { ...auth(reporter), 'Content-Type': `multipart/form-data; boundary=${boundary}`, 'Content-Length': String(60 * 1024) },
      });
      req.on('error', () => resolve());
      req.write(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="halv.log"\r\nContent-Type: text/plain\r\n\r\n`);
      req.write(Buffer.alloc(8 * 1024, 0x61));
      // Long enough for the server to have started the file, then gone.
      setTimeout(() => {
        req.destroy();
        resolve();
      }, 300);
    });
    await eventually(async () => {
      expect(storedFiles()).toHaveLength(before);
      return true;
    }, 5000);
    expect(await count('deviation_attachment')).toBe(0);
    const ok = await t.http.post(`/api/v1/deviations/${d.id}/attachments`).set(auth(reporter)).attach('file', PDF, 'hel.pdf');
    expect(ok.status).toBe(201);
  });

  it('should answer another party 404 on upload and SKR-only routes 403, writing nothing', async () => {
    const d = await submitted();
    const foreign = await t.partyToken((await aParty()).id, Role.Admin);
    const upload = await t.http.post(`/api/v1/deviations/${d.id}/attachments`).set(auth(foreign)).attach('file', PDF, 'intrång.pdf');
    expect(upload.status).toBe(404);
    expect(upload.headers['content-type']).toMatch(/^application\/problem\+json/);
    for (const [path, body] of [
      ['status', { status: 'mottagen' }],
      ['priority', { prioritet: 'låg', motivering: 'x' }],
      ['duplicate-of', { duplicateOf: d.id }],
    ] as const) {
      const response = await t.http.post(`/api/v1/deviations/${d.id}/${path}`).set(auth(foreign)).send(body);
      expect({ path, status: response.status }).toEqual({ path, status: 403 });
    }
    expect(await count('deviation_attachment')).toBe(0);
    const [row] = await (await ownerDb()).query('SELECT status, prioritet FROM deviation');
    expect(row).toEqual({ status: 'inskickad', prioritet: 'hög' });
  });
});
