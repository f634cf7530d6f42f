import { connect } from 'node:net';
import type { AddressInfo } from 'node:net';
import { Role } from '../../src/actor/role';
import { aDeviationBody } from '../factories/deviation.factory';
import { aParty } from '../factories/party.factory';
import { startTestApp, type TestApp } from '../support/app';
import { ownerDb, truncateAll } from '../support/database';
import { untilLargeBodies } from '../support/large-bodies';
import { openRequest, type OpenRequest } from '../support/raw-http';

/** A report padded with trailing whitespace (valid JSON) to `bytes`: a large body that is a good report. */
function largeReport(rubrik: string, bytes = 100_000): Buffer {
  const json = JSON.stringify(aDeviationBody({ rubrik }));
  return Buffer.from(json + ' '.repeat(bytes - Buffer.byteLength(json)));
}

const rubriker = async () =>
  ((await (await ownerDb()).query(`SELECT rubrik FROM deviation ORDER BY rubrik`)) as { rubrik: string }[]).map((r) => r.rubrik);

async function started(env: Record<string, string>): Promise<{ t: TestApp; port: number }> {
  Object.assign(process.env, env);
  const t = await startTestApp();
  await t.app.listen(0, '127.0.0.1');
  return { t, port: (t.app.getHttpServer().address() as AddressInfo).port };
}

/** Starts a large body, sends its first kilobyte and then nothing until the test ends it. */
function stalled(port: number, path: string, body: Buffer, headers: Record<string, string>): OpenRequest {
  const req = openRequest(port, 'POST', path, { 'content-type': 'application/json', 'content-length': body.length, ...headers });
  req.write(body.subarray(0, 1000));
  return req;
}

describe('request bodies below the minimum rate (e2e)', () => {
  const env = { BODY_RATE_WINDOW_MS: '1000', BODY_MIN_BYTES_PER_SECOND: '2048', HTTP_HEADERS_TIMEOUT_MS: '400' };
  let t: TestApp;
  let port: number;

  beforeAll(async () => ({ t, port } = await started(env)));
  afterAll(async () => {
    for (const key of Object.keys(env)) delete process.env[key];
    await t.close();
  });
  beforeEach(() => truncateAll());

  it('should cut a sender below the minimum rate with 408 problem+json, keep nothing, and let a slow upload above it through', async () => {
    const partyId = (await aParty()).id;
    const token = await t.partyToken(partyId, Role.Reporter);
    const draft = await t.http
      .post('/api/v1/deviations')
      .set('Authorization', `Bearer ${token}`)
      .send(aDeviationBody({ rubrik: 'Med bilaga' }));
    expect(draft.status).toBe(201);
    // 40 KB of PDF at ~10 KiB/s: five times the minimum, over about four rate windows.
    const pdf = Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(40_000, 'x'), Buffer.from('\n%%EOF\n')]);
    const boundary = 'lagom-takt';
    const multipart = Buffer.concat([
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="logg.pdf"\r\nContent-Type: application/pdf\r\n\r\n`,
      ),
      pdf,
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    const upload = openRequest(port, 'POST', `/api/v1/deviations/${draft.body.id}/attachments`, {
      authorization: `Bearer ${token}`,
      'content-type': `multipart/form-data; boundary=${boundary}`,
      'content-length': multipart.length,
    });
    upload.trickle(multipart, 2048, 200);
    // 100 KB at ~500 bytes a second: the whole report would take over three minutes.
    const body = largeReport('Droppvis');
    const trickler = openRequest(port, 'POST', '/api/v1/deviations', {
      authorization: `Bearer ${token}`,
      'content-type': 'application/json',
      'content-length': body.length,
    });
    trickler.trickle(body, 50, 100);

    const cut = await trickler.answer;
    expect(cut.status).toBe(408);
    expect(cut.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(JSON.parse(cut.body)).toMatchObject({ status: 408, code: 'BODY_TOO_SLOW', minBytesPerSecond: 2048 });
    const uploaded = await upload.answer;
    expect(uploaded.status).toBe(201);
    expect(JSON.parse(uploaded.body)).toMatchObject({ filename: 'logg.pdf', sizeBytes: pdf.length });
    expect(await rubriker()).toEqual(['Med bilaga']);
    const [row] = await (await ownerDb()).query(`SELECT size_bytes FROM deviation_attachment WHERE deviation_id = $1`, [draft.body.id]);
    expect(Number(row.size_bytes)).toBe(pdf.length);
  });

  it('should answer a client that never finishes its headers with 408 problem+json', async () => {
    const socket = connect(port, '127.0.0.1');
    let received = '';
    socket.on('data', (chunk) => (received += chunk.toString()));
    socket.write('POST /api/v1/deviations HTTP/1.1\r\nHost: x\r\nContent-Type: applic');
    await new Promise((r) => socket.once('close', r));
    expect(received).toMatch(/^HTTP\/1\.1 408 /);
    expect(received).toContain('application/problem+json');
    expect(JSON.parse(received.slice(received.indexOf('\r\n\r\n') + 4))).toMatchObject({ status: 408, code: 'REQUEST_TIMEOUT' });
  });
});

describe('large-body slots go to authenticated senders, a few each, and the Jira webhook has its own (e2e)', () => {
  const env = { LARGE_BODY_SLOTS: '2', LARGE_BODY_SLOTS_PER_CLIENT: '1', WEBHOOK_BODY_SLOTS: '1', LARGE_BODY_WAIT_MS: '500' };
  let t: TestApp;
  let port: number;
  const holders: OpenRequest[] = [];

  beforeAll(async () => ({ t, port } = await started(env)));
  afterAll(async () => {
    for (const key of Object.keys(env)) delete process.env[key];
    await t.close();
  });
  beforeEach(() => truncateAll());
  afterEach(() => holders.splice(0).forEach((holder) => holder.end()));

  const postLarge = (token: string, rubrik: string) =>
    t.http
      .post('/api/v1/deviations')
      .set('Authorization', `Bearer ${token}`)
      .set('Content-Type', 'application/json')
      .send(largeReport(rubrik).toString());

  it('should refuse a large body without a valid token with 401 before it takes a slot', async () => {
    const token = await t.partyToken((await aParty()).id, Role.Reporter);
    const anonymous = [1, 2].map(() => stalled(port, '/api/v1/deviations', largeReport('Anonym'), {}));
    const forged = stalled(port, '/api/v1/deviations', largeReport('Förfalskad'), { authorization: `Bearer ${token.slice(0, -4)}AAAA` });
    holders.push(...anonymous, forged);

    for (const refused of [...anonymous, forged].map((r) => r.answer)) {
      const answer = await refused;
      expect(answer.status).toBe(401);
      expect(answer.headers['content-type']).toMatch(/^application\/problem\+json/);
    }
    // Both slots are free: an authenticated large body goes straight through.
    expect((await postLarge(token, 'Autentiserad')).status).toBe(201);
    expect(await rubriker()).toEqual(['Autentiserad']);
  });

  it('should give one sender no more than its share of the slots, with 429 problem+json and Retry-After', async () => {
    const partyId = (await aParty()).id;
    const anna = await t.partyToken(partyId, Role.Reporter, 'anna');
    const bertil = await t.partyToken((await aParty()).id, Role.Reporter, 'bertil');
    const holder = stalled(port, '/api/v1/deviations', largeReport('Annas första'), { authorization: `Bearer ${anna}` });
    await untilLargeBodies(port, 'api', 'in_use', 1);

    const second = await postLarge(anna, 'Annas andra');
    expect(second.status).toBe(429);
    expect(second.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(second.headers['retry-after']).toBe('2');
    expect(second.body).toMatchObject({ status: 429, code: 'TOO_MANY_LARGE_BODIES' });
    expect((await postLarge(bertil, 'Bertils')).status).toBe(201);
    holder.end(largeReport('Annas första').subarray(1000));
    expect((await holder.answer).status).toBe(201);
    expect(await rubriker()).toEqual(['Annas första', 'Bertils']);
  });

  it('should keep large bodies of the Jira webhook in a budget of their own', async () => {
    const token = await t.partyToken((await aParty()).id, Role.Reporter);
    const body = Buffer.from(JSON.stringify({ webhookEvent: 'jira:issue_updated', padding: ' '.repeat(100_000) }));
    holders.push(stalled(port, '/webhooks/jira', body, {}));
    await untilLargeBodies(port, 'webhook', 'in_use', 1);
    const second = stalled(port, '/webhooks/jira', body, {});
    holders.push(second);

    // The webhook's one slot is held (and its sender's share: the second is refused); the API's two are untouched.
    expect((await postLarge(token, 'Först')).status).toBe(201);
    expect((await postLarge(await t.partyToken((await aParty()).id), 'Sedan')).status).toBe(201);
    const waited = await second.answer;
    expect(waited.status).toBe(429);
    expect(await rubriker()).toEqual(['Först', 'Sedan']);
  });
});
