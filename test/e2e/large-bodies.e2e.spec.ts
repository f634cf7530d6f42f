import { request as httpRequest, type ClientRequest, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Role } from '../../src/actor/role';
import { aDeviationBody } from '../factories/deviation.factory';
import { aParty } from '../factories/party.factory';
import { startTestApp, type TestApp } from '../support/app';
import { ownerDb, truncateAll } from '../support/database';
import { untilLargeBodies } from '../support/large-bodies';

/** A report padded with trailing whitespace (valid JSON) to `bytes`: a large body that is a good report. */
function largeReport(rubrik: string, bytes = 100_000): string {
  const json = JSON.stringify(aDeviationBody({ rubrik }));
  return json + ' '.repeat(bytes - Buffer.byteLength(json));
}

describe('large request bodies take turns (e2e)', () => {
  let t: TestApp;
  let port: number;
  let token: string;

  beforeAll(async () => {
    process.env.LARGE_BODY_SLOTS = '1';
    process.env.LARGE_BODY_WAIT_MS = '1000';
    t = await startTestApp();
    await t.app.listen(0, '127.0.0.1');
    port = (t.app.getHttpServer().address() as AddressInfo).port;
  });
  beforeEach(async () => {
    await truncateAll();
    token = await t.partyToken((await aParty()).id, Role.Reporter);
  });
  afterAll(async () => {
    delete process.env.LARGE_BODY_SLOTS;
    delete process.env.LARGE_BODY_WAIT_MS;
    await t.close();
  });

  /** Starts a large report and sends only its first kilobyte: it holds the one slot until `finish()`. */
  function slowReport(rubrik: string): { finish: () => void; answer: Promise<{ status: number; body: string }> } {
    const body = largeReport(rubrik);
    let req!: ClientRequest;
    const answer = new Promise<{ status: number; body: string }>((resolve, reject) => {
      req = httpRequest(
        {
          port,
          host: '127.0.0.1',
          method: 'POST',
          path: '/api/v1/deviations',
          headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), authorization: `Bearer ${token}` },
        },
        (response: IncomingMessage) => {
          let text = '';
          response
            .setEncoding('utf8')
            .on('data', (c: string) => (text += c))
            .on('end', () => resolve({ status: response.statusCode!, body: text }));
        },
      );
      req.on('error', reject);
    });
    req.write(body.slice(0, 1000));
    return { finish: () => req.end(body.slice(1000)), answer };
  }

  const post = (body: string | object) =>
    t.http.post('/api/v1/deviations').set('Authorization', `Bearer ${token}`).set('Content-Type', 'application/json').send(body);
  const titles = async () =>
    ((await (await ownerDb()).query(`SELECT rubrik FROM deviation ORDER BY rubrik`)) as { rubrik: string }[]).map((r) => r.rubrik);

  it('should refuse a large body that waited too long with 503 problem+json and Retry-After, and write nothing of it', async () => {
    const holder = slowReport('Håller platsen');
    await untilLargeBodies(port, 'api', 'in_use', 1);

    const refused = await post(largeReport('Fick vänta för länge'));
    // A small report does not wait behind large ones.
    const small = await post(aDeviationBody({ rubrik: 'Liten' }));
    holder.finish();

    expect(refused.status).toBe(503);
    expect(refused.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(refused.headers['retry-after']).toBe('2');
    expect(refused.body).toMatchObject({ status: 503, code: 'SERVER_BUSY', traceId: refused.headers['x-request-id'] });
    expect(small.status).toBe(201);
    expect((await holder.answer).status).toBe(201);
    expect(await titles()).toEqual(['Håller platsen', 'Liten']);
  });

  it('should take a large body waiting its turn as soon as the slot is free', async () => {
    const holder = slowReport('Först');
    await untilLargeBodies(port, 'api', 'in_use', 1);

    const waiting = post(largeReport('Sedan')).then((r) => r);
    await untilLargeBodies(port, 'api', 'waiting', 1);
    holder.finish();

    expect((await holder.answer).status).toBe(201);
    const next = await waiting;
    expect(next.status).toBe(201);
    expect(next.body.rubrik).toBe('Sedan');
    expect(await titles()).toEqual(['Först', 'Sedan']);
    // The slot was handed on and given back: another large body goes straight through.
    expect((await post(largeReport('Till sist'))).status).toBe(201);
  });
});
