import { createHmac, randomUUID } from 'node:crypto';
import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { Role } from '../../src/actor/role';
import { loadConfig } from '../../src/config/load-config';
import { ssbtekTemplateId } from '../factories/declaration.factory';
import { aDeviationBody } from '../factories/deviation.factory';
import { aDriftleverantör, aParty } from '../factories/party.factory';
import { rawRequest, startApiProcess, type ApiProcess } from '../support/api-process';
import { truncateAll } from '../support/database';
import { changedTables, tableChecksums, type TableChecksums } from '../support/table-checksums';
import { discoverOperations, type Operation } from './operations';
import { tokenKit } from './tokens';

const LIMIT = 64 * 1024;
const METRICS_TOKEN = 'hostile-suite-metrics-token-0123456789abcdef';
/** Each family's floor: the run fails if a family sent fewer, so a refactor cannot quietly shrink the attack. */
const MINIMUM = {
  truncated: 40,
  oversized: 12,
  slow: 6,
  concurrent: 60,
  'NUL ids in paths': 100,
  'webhook ids': 30,
  'KPI months': 24,
  'odd tokens': 300,
};
type Family = keyof typeof MINIMUM;

/**
 * The stream attacks of issue 17 against the BUILT API as a child process, so a request that kills the process shows as
 * an exit: truncated, oversized, slow and concurrent multipart uploads, NUL ids in every discovered path and in signed
 * Jira webhooks, KPI months out of range and odd tokens. Around every batch of refused requests the content checksum of
 * every table must stay the same; at the end the process has not exited, answered no 5xx and counted no uncaught error.
 */
describe('stream attacks against the built API process', () => {
  let api: ApiProcess;
  const dir = join(process.env.AVVIKELSE_TEST_TMP ?? '/tmp', `hostile-streams-${process.env.JEST_WORKER_ID}`);
  const sent = Object.fromEntries(Object.keys(MINIMUM).map((f) => [f, 0])) as Record<Family, number>;
  const failures: string[] = [];
  const tally = { requests: 0, fiveHundreds: 0, changedChecksums: 0 };
  let token: string;
  let skrAdmin: string;
  let paths: { deviation: string; declaration: string };
  let operations: Operation[];

  beforeAll(async () => {
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    api = await startApiProcess({
      ATTACHMENTS_DIR: dir,
      ATTACHMENT_MAX_BYTES: String(LIMIT),
      METRICS_TOKEN,
      // The families are counted by their own answer; the throttles have their own suite (read-throttle, throttle).
      THROTTLE_WRITE_LIMIT: '1000000',
      THROTTLE_READ_LIMIT: '1000000',
      THROTTLE_ANONYMOUS_LIMIT: '1000000',
    });
    operations = await discoverOperations(api.base);
  }, 180_000);

  afterAll(async () => {
    await api?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  const record = (family: Family, label: string, status: number, type: string | null, expected: (s: number) => boolean) => {
    sent[family]++;
    tally.requests++;
    if (status >= 500) tally.fiveHundreds++;
    if (!expected(status)) failures.push(`${family}: ${label} → ${status}`);
    if (status >= 400 && !String(type).startsWith('application/problem+json')) failures.push(`${family}: ${label} → not problem+json`);
  };
  const refused = (s: number) => s >= 400 && s < 500;
  const http = (path: string, init: RequestInit & { bearer?: string } = {}) =>
    fetch(`${api.base}${path}`, { ...init, headers: { authorization: `Bearer ${init.bearer ?? token}`, ...init.headers } });

  /** Waits until background work (the outbox relay) has settled, so what changes during `batch` is the batch's doing. */
  async function settled(): Promise<TableChecksums> {
    let previous = await tableChecksums();
    for (let i = 0; i < 50; i++) {
      await new Promise((r) => setTimeout(r, 100));
      const next = await tableChecksums();
      if (changedTables(previous, next).length === 0) return next;
      previous = next;
    }
    return previous;
  }
  async function refusedBatch(name: string, batch: () => Promise<void>): Promise<void> {
    const before = await settled();
    await batch();
    const changed = changedTables(before, await settled());
    tally.changedChecksums += changed.length;
    if (changed.length > 0) failures.push(`${name}: refused requests changed ${changed.join(', ')}`);
  }

  const head = (path: string, boundary = 'BND') =>
    `POST ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer ${token}\r\nContent-Type: multipart/form-data; boundary=${boundary}\r\n`;
  const part = (filename: string, content: string | Buffer) =>
    Buffer.concat([
      Buffer.from(`--BND\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: text/plain\r\n\r\n`),
      Buffer.from(content),
    ]);
  const uploadPaths = () => [paths.deviation, paths.declaration];
  const raw = async (family: Family, path: string, body: Buffer, declared = body.length, expected = refused) => {
    const response = await rawRequest(api.port, head(path), body, declared);
    const type = /content-type: ([^\r\n]+)/i.exec(response.headers)?.[1] ?? null;
    record(family, `${path} (${body.length} bytes sent, ${declared} declared)`, response.status, type, expected);
    return response.status;
  };

  it('should refuse every attack family without a process exit, a 5xx, a changed table or an uncaught error', async () => {
    await truncateAll();
    const kit = await tokenKit();
    const own = await aDriftleverantör({ name: 'Part A' });
    const other = await aParty({ name: 'Part B' });
    token = await kit.valid(own.id, Role.Admin);
    skrAdmin = await kit.valid(null, Role.SkrAdmin);
    const otherToken = await kit.valid(other.id, Role.Reporter);
    const json = { 'content-type': 'application/json' };
    const created = async (bearer: string, path: string, body: object) =>
      ((await (await http(path, { method: 'POST', headers: json, body: JSON.stringify(body), bearer })).json()) as { id: string }).id;
    const deviationId = await created(token, '/api/v1/deviations', aDeviationBody());
    const declarationId = await created(token, '/api/v1/declarations', { templateId: await ssbtekTemplateId() });
    const otherDeviation = await created(otherToken, '/api/v1/deviations', aDeviationBody({ rubrik: 'Part B:s egen avvikelse' }));
    const readOther = async () => (await http(`/api/v1/deviations/${otherDeviation}`, { bearer: otherToken })).text();
    const otherBefore = await readOther();
    paths = {
      deviation: `/api/v1/deviations/${deviationId}/attachments`,
      declaration: `/api/v1/declarations/${declarationId}/attachments`,
    };
    const whole = Buffer.concat([part('t.txt', 'hello, a whole line of evidence'), Buffer.from('\r\n--BND--\r\n')]);

    await refusedBatch('truncated', async () => {
      const cuts = Array.from({ length: 24 }, (_, i) => Math.floor(((i + 1) * (whole.length - 9)) / 25));
      for (const path of uploadPaths()) for (const cut of cuts) await raw('truncated', path, whole.subarray(0, cut));
    });

    await refusedBatch('oversized', async () => {
      const big = Buffer.concat([part('stor.log', Buffer.alloc(3 * LIMIT, 0x61)), Buffer.from('\r\n--BND--\r\n')]);
      const is413 = (s: number) => s === 413;
      for (const path of uploadPaths()) {
        for (const declared of [big.length, 1024 * 1024, 10 * 1024 * 1024]) await raw('oversized', path, big, declared, is413);
        await raw('oversized', path, part('stor.log', Buffer.alloc(LIMIT + 1, 0x62)), LIMIT + 200, is413);
        await raw('oversized', path, Buffer.concat([big, big]), 2 * big.length, is413);
        await raw('oversized', path, Buffer.alloc(2 * LIMIT, 0x2d), 2 * LIMIT, refused);
      }
    });

    // Slow senders: a few at once, each dribbling a body for about two seconds; the API keeps answering others meanwhile.
    const dribble = (path: string, body: Buffer, finish: boolean) =>
      new Promise<number>((resolve) => {
        const socket = connect(api.port, '127.0.0.1');
        let answer = '';
        socket.on('data', (c: Buffer) => (answer += c.toString()));
        socket.on('error', () => undefined);
        socket.on('close', () => resolve(Number(/^HTTP\/1\.1 (\d{3})/.exec(answer)?.[1] ?? 0)));
        socket.write(`${head(path)}Content-Length: ${body.length}\r\nConnection: close\r\n\r\n`);
        const steps = 10;
        let step = 0;
        const timer = setInterval(() => {
          const end = finish || step < steps - 1 ? Math.ceil(((step + 1) * body.length) / steps) : Math.floor(body.length / 2);
          socket.write(body.subarray(Math.ceil((step * body.length) / steps), end));
          if (++step < steps) return;
          clearInterval(timer);
          if (!finish) socket.destroy();
        }, 200);
      });
    const during = async () => {
      const started = Date.now();
      const live = await fetch(`${api.base}/health/live`);
      if (live.status !== 200 || Date.now() - started > 1000) failures.push(`slow: /health/live took ${Date.now() - started} ms`);
    };
    await refusedBatch('slow (abandoned)', async () => {
      const abandoned = uploadPaths().flatMap((path) => [dribble(path, whole, false), dribble(path, whole, false)]);
      await during();
      for (const status of await Promise.all(abandoned))
        record('slow', 'abandoned slow upload', status, null, (s) => s === 0 || refused(s));
    });
    const finished = await Promise.all(uploadPaths().map((path) => dribble(path, whole, true)));
    for (const status of finished) record('slow', 'slow but complete upload', status, 'application/problem+json', (s) => s === 201);

    await refusedBatch('concurrent', async () => {
      const attacks = Array.from({ length: 48 }, (_, i) => {
        const path = uploadPaths()[i % 2];
        if (i % 3 === 0) return raw('concurrent', path, whole.subarray(0, 40 + i));
        if (i % 3 === 1) return raw('concurrent', path, part('x.log', Buffer.alloc(2 * LIMIT, 0x61)), 4 * LIMIT);
        return raw(
          'concurrent',
          path,
          Buffer.concat([part('run.exe', Buffer.from(`MZ${'\u0090'.repeat(200)}`)), Buffer.from('\r\n--BND--\r\n')]),
        );
      });
      await Promise.all(attacks);
    });
    const accepted = await Promise.all(
      Array.from({ length: 12 }, (_, i) => raw('concurrent', uploadPaths()[i % 2], whole, whole.length, (s) => s === 201)),
    );
    if (accepted.some((s) => s !== 201)) failures.push(`concurrent: valid uploads answered ${accepted.join(',')}`);

    await refusedBatch('NUL ids in paths', async () => {
      const nuls = ['%00', 'a%00b', `${deviationId}%00`, `%00${randomUUID()}`, '%00'.repeat(40)];
      for (const op of operations.filter((o) => o.path.includes('{'))) {
        for (const bearer of [token, skrAdmin]) {
          for (const nul of nuls) {
            const path = op.path.replace(/\{\w+\}/g, nul);
            const write = !['GET', 'DELETE'].includes(op.method);
            const response = await http(path, {
              method: op.method,
              bearer,
              headers: write ? { ...json, 'if-match': 'W/"1"' } : {},
              body: write ? '{}' : undefined,
            });
            record('NUL ids in paths', `${op.method} ${path}`, response.status, response.headers.get('content-type'), refused);
            await response.arrayBuffer();
          }
        }
      }
    });

    await refusedBatch('webhook ids', async () => {
      const secret = loadConfig().JIRA_WEBHOOK_SECRET;
      const ids: unknown[] = ['\u0000', '1\u00002', '10042\u0000', '\u000010042', '1'.repeat(5000), '9'.repeat(19), '1'.repeat(100_000)];
      ids.push(...Array.from({ length: 30 }, (_, i) => `${'7'.repeat(i)}\u0000${'3'.repeat(30 - i)}`));
      for (const [i, id] of ids.entries()) {
        const body = JSON.stringify({ webhookEvent: 'jira:issue_updated', timestamp: Date.now(), issue: { id, key: 'KHA-1' } });
        const response = await fetch(`${api.base}/webhooks/jira`, {
          method: 'POST',
          body,
          headers: {
            ...json,
            'x-hub-signature': `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`,
            'x-atlassian-webhook-identifier': `hostile-${i}`,
          },
        });
        record(
          'webhook ids',
          `issue.id ${JSON.stringify(id).slice(0, 40)}`,
          response.status,
          response.headers.get('content-type'),
          (s) => s === 400,
        );
        await response.arrayBuffer();
      }
    });

    const months = ['0000-01', '0001-01', '0100-01', '9999-12', '1999-12', '2026-00', '2026-13', '-2026-01', '+2026-01', '2026-1'];
    months.push('20260-01', '2026-01-01', '1e3-01', 'x%00', '%00', '2026-01%00', '999999999-01', '2026-99', '  2026-01', '2026-01 ');
    const skr = await kit.valid(null, Role.Skr);
    for (const month of months) {
      for (const bearer of [token, skr]) {
        for (const format of ['json', 'csv']) {
          const response = await http(`/api/v1/reports/kpi?month=${month}&format=${format}`, { bearer });
          const problem = (await response.json()) as { errors?: { parameter?: string }[] };
          record('KPI months', `month=${month}`, response.status, response.headers.get('content-type'), (s) => s === 400);
          if (problem.errors?.[0]?.parameter !== 'month') failures.push(`KPI months: month=${month} does not name the parameter`);
        }
      }
    }

    await refusedBatch('odd tokens', async () => {
      const odd = await kit.odd(own.id);
      for (const op of operations.filter((o) => !o.public)) {
        for (const [kind, bad] of Object.entries(odd)) {
          const path = op.path.replace(/\{\w+\}/g, deviationId);
          const write = !['GET', 'DELETE'].includes(op.method);
          const response = await http(path, { method: op.method, bearer: bad, headers: write ? json : {}, body: write ? '{}' : undefined });
          record('odd tokens', `${kind}: ${op.method} ${path}`, response.status, response.headers.get('content-type'), (s) => s === 401);
          await response.arrayBuffer();
        }
      }
    });

    expect(await readOther()).toBe(otherBefore);
    const leftovers = readdirSync(dir, { recursive: true }).filter((f) => String(f).endsWith('.part'));
    const metrics = await (await fetch(`${api.base}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } })).text();
    expect(metrics).toContain('# TYPE uncaught_errors_total counter');
    const uncaught = [...metrics.matchAll(/^uncaught_errors_total(?:\{[^}]*\})? (\d+)/gm)].reduce((sum, m) => sum + Number(m[1]), 0);
    const families = (Object.keys(MINIMUM) as Family[]).map((f) => `${f} ${sent[f]}/${MINIMUM[f]}`).join(', ');
    console.log(
      `stream attacks: ${tally.requests} requests; per family (sent/minimum): ${families}; exits ${api.exits()}, ` +
        `5xx ${tally.fiveHundreds}, changed checksums ${tally.changedChecksums}, uncaught ${uncaught}`,
    );
    expect(failures.slice(0, 30)).toEqual([]);
    for (const family of Object.keys(MINIMUM) as Family[])
      expect({ family, enough: sent[family] >= MINIMUM[family] }).toEqual({ family, enough: true });
    expect({ exits: api.exits(), fiveHundreds: tally.fiveHundreds, changedChecksums: tally.changedChecksums, uncaught, leftovers }).toEqual(
      {
        exits: 0,
        fiveHundreds: 0,
        changedChecksums: 0,
        uncaught: 0,
        leftovers: [],
      },
    );
    expect(api.stderr()).not.toContain('uncaught error');
  }, 300_000);
});
