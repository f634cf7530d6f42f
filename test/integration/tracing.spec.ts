import { type ChildProcess, spawn } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { startJiraSimulator, type JiraSimulator } from '../../jira-simulator/simulator';
import { Role } from '../../src/actor/role';
import { aDeviationBody } from '../factories/deviation.factory';
import { aParty } from '../factories/party.factory';
import { type ApiProcess, startApiProcess } from '../support/api-process';
import { startTestApp, type TestApp } from '../support/app';
import { ownerDb, truncateAll } from '../support/database';
import { eventually } from '../support/eventually';

jest.setTimeout(120_000);

const WORKER = resolve(__dirname, '..', '..', 'dist', 'src', 'worker.js');
/** OTLP's span kinds (its JSON encoding numbers them). */
const KIND = { server: 2, client: 3, consumer: 5 };

interface OtlpSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind: number;
  attributes: { key: string; value: { stringValue?: string } }[];
  service: string;
}

/**
 * One trace from the HTTP request through the outbox and the queue to the Jira call, in the BUILT processes
 * (`dist/src/main.js`, `dist/src/worker.js`), so the instrumentation is shown to patch our CommonJS build: the
 * request's span is the parent of the jira-sync job's span (run later, in the worker, from the outbox row), which is
 * the parent of the Jira call's span. The spans are kept in memory by a stand-in OTLP/HTTP collector.
 */
describe('Tracing through the outbox (built processes)', () => {
  const spans: OtlpSpan[] = [];
  let collector: Server;
  let sim: JiraSimulator;
  let api: ApiProcess;
  let worker: ChildProcess;
  let tokens: TestApp;
  let workerOutput = '';

  beforeAll(async () => {
    collector = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk: Buffer) => (body += chunk.toString()));
      request.on('end', () => {
        spans.push(...otlpSpans(JSON.parse(body)));
        response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      });
    });
    await new Promise<void>((r) => collector.listen(0, '127.0.0.1', r));
    sim = await startJiraSimulator({ webhookSecret: 'dev-webhook-secret-change-me' });
    await truncateAll();
    const env = {
      OTEL_ENABLED: 'true',
      OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${(collector.address() as AddressInfo).port}`,
      OTEL_BSP_SCHEDULE_DELAY: '100',
      JIRA_BASE_URL: sim.url,
      JIRA_TIMEOUT_MS: '10000',
    };
    tokens = await startTestApp(); // mints tokens; the children trust the same dev issuer key
    api = await startApiProcess(env);
    worker = spawn(process.execPath, [WORKER], { env: { ...process.env, ...env, LOG_LEVEL: 'info' }, stdio: ['ignore', 'pipe', 'pipe'] });
    worker.stdout!.on('data', (chunk: Buffer) => (workerOutput += chunk.toString()));
    worker.stderr!.on('data', (chunk: Buffer) => (workerOutput += chunk.toString()));
    await eventually(async () => expect(workerOutput).toContain('worker started'), 90_000, 200);
  });

  afterAll(async () => {
    worker?.kill('SIGKILL');
    await api?.stop();
    await tokens?.close();
    await sim?.stop();
    await new Promise((r) => collector?.close(r));
  });

  const attribute = (span: OtlpSpan, key: string) => span.attributes.find((a) => a.key === key)?.value.stringValue;
  const parentOf = (span: OtlpSpan) => spans.find((s) => s.spanId === span.parentSpanId);

  it('should carry the request trace on the outbox row into the job and on to the Jira call', async () => {
    const token = await tokens.partyToken((await aParty()).id, Role.Reporter);
    const headers = { Authorization: `Bearer ${token}`, 'content-type': 'application/json' };
    const created = await fetch(`${api.base}/api/v1/deviations`, { method: 'POST', headers, body: JSON.stringify(aDeviationBody()) });
    expect(created.status).toBe(201);
    const { id } = (await created.json()) as { id: string };
    const submitted = await fetch(`${api.base}/api/v1/deviations/${id}/submit`, {
      method: 'POST',
      headers: { ...headers, 'x-request-id': 'trace-test-submit' },
    });
    expect(submitted.status).toBe(200);

    const jiraCreate = await eventually(
      async () => {
        const span = spans.find((s) => s.name === 'jira createIssue');
        expect(span).toBeDefined();
        return span!;
      },
      60_000,
      200,
    );
    const request = await eventually(
      async () => {
        const span = spans.find((s) => s.kind === KIND.server && attribute(s, 'url.path') === `/api/v1/deviations/${id}/submit`);
        expect(span).toMatchObject({ service: 'avvikelse-api' });
        return span!;
      },
      20_000,
      200,
    ).catch((error: unknown) => {
      throw new Error(
        `${String(error)}\nAPI stderr: ${api.stderr().slice(-2000)}\nspans: ${spans.map((s) => `${s.service} ${s.name}`).join(', ')}`,
      );
    });

    const [row] = (await (
      await ownerDb()
    ).query(`SELECT traceparent, request_id FROM outbox_event WHERE job_name = 'push-deviation' AND payload->>'deviationId' = $1`, [
      id,
    ])) as { traceparent: string; request_id: string }[];
    expect(row).toEqual({ traceparent: `00-${request.traceId}-${request.spanId}-01`, request_id: 'trace-test-submit' });

    const job = parentOf(jiraCreate);
    expect(job).toMatchObject({ name: 'process jira-sync push-deviation', kind: KIND.consumer, service: 'avvikelse-worker' });
    expect(job!.traceId).toBe(request.traceId);
    expect(job!.parentSpanId).toBe(request.spanId);
    expect(jiraCreate).toMatchObject({ kind: KIND.client, traceId: request.traceId });

    // pg and ioredis are patched too: the request's and the job's queries are spans of the same trace.
    const inTrace = spans.filter((s) => s.traceId === request.traceId);
    expect(inTrace.some((s) => s.service === 'avvikelse-api' && attribute(s, 'db.system.name') === 'postgresql')).toBe(true);
    expect(inTrace.some((s) => s.service === 'avvikelse-worker' && attribute(s, 'db.system.name') === 'postgresql')).toBe(true);
  });
});

/** The spans of an OTLP/HTTP JSON export request, each with its service's name. */
function otlpSpans(body: {
  resourceSpans?: { resource?: { attributes?: OtlpSpan['attributes'] }; scopeSpans?: { spans?: Omit<OtlpSpan, 'service'>[] }[] }[];
}): OtlpSpan[] {
  return (body.resourceSpans ?? []).flatMap((resource) => {
    const service = resource.resource?.attributes?.find((a) => a.key === 'service.name')?.value.stringValue ?? '';
    return (resource.scopeSpans ?? []).flatMap((scope) => (scope.spans ?? []).map((span) => ({ ...span, service })));
  });
}
