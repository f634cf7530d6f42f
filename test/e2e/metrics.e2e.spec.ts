import { Test } from '@nestjs/testing';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { loadConfig } from '../../src/config/load-config';
import { WorkerModule } from '../../src/worker.module';
import { startTestApp, type TestApp } from '../support/app';

const TOKEN = 'metrics-token-for-the-e2e-suite-0123456789';

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

async function expectProblem(response: Response, status: number, code: string): Promise<void> {
  expect(response.status).toBe(status);
  expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  expect(await response.json()).toMatchObject({ status, code });
}

/** One rule for every metrics scrape, API and worker alike: the METRICS_TOKEN bearer, or this machine when unset. */
describe('metrics access (e2e)', () => {
  const saved = { ...process.env };
  afterEach(() => {
    process.env = { ...saved };
  });

  describe('on the API port with METRICS_TOKEN', () => {
    let t: TestApp;
    beforeAll(async () => {
      process.env.METRICS_TOKEN = TOKEN;
      t = await startTestApp();
    });
    afterAll(() => t.close());

    it('should refuse a scrape without the token or with another one as 401 problem+json, and serve it with the token', async () => {
      for (const authorization of [undefined, 'Bearer wrong-token', `Bearer ${TOKEN}x`, `Basic ${TOKEN}`]) {
        const request = t.http.get('/metrics');
        const response = authorization ? await request.set('Authorization', authorization) : await request;
        expect(response.status).toBe(401);
        expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
        expect(response.body).toMatchObject({ status: 401, code: 'METRICS_TOKEN_REQUIRED' });
        expect(response.text).not.toContain('http_request_duration_seconds');
      }
      const scraped = await t.http.get('/metrics').set('Authorization', `Bearer ${TOKEN}`);
      expect(scraped.status).toBe(200);
      expect(scraped.headers['content-type']).toMatch(/^text\/plain/);
      expect(scraped.text).toContain('# TYPE http_request_duration_seconds histogram');
    });
  });

  describe('on the API port without METRICS_TOKEN', () => {
    let t: TestApp;
    beforeAll(async () => {
      delete process.env.METRICS_TOKEN;
      t = await startTestApp();
    });
    afterAll(() => t.close());

    it('should serve this machine only, also when a proxy on it relays another machine', async () => {
      expect((await t.http.get('/metrics')).status).toBe(200);
      const relayed = await t.http.get('/metrics').set('X-Forwarded-For', '203.0.113.7');
      expect(relayed.status).toBe(401);
      expect(relayed.body.code).toBe('METRICS_TOKEN_REQUIRED');
    });
  });

  describe('on their own METRICS_PORT', () => {
    it('should serve the API and the worker under the same rule there, and nothing at the public /metrics', async () => {
      process.env.METRICS_TOKEN = TOKEN;
      process.env.METRICS_HOST = '127.0.0.1';
      process.env.METRICS_PORT = String(await freePort());
      const api = await startTestApp();
      const apiMetrics = `http://127.0.0.1:${process.env.METRICS_PORT}`;
      try {
        expect((await api.http.get('/metrics').set('Authorization', `Bearer ${TOKEN}`)).status).toBe(404);
        await expectProblem(await fetch(`${apiMetrics}/metrics`), 401, 'METRICS_TOKEN_REQUIRED');
        await expectProblem(await fetch(`${apiMetrics}/other`, { headers: { authorization: `Bearer ${TOKEN}` } }), 404, 'NOT_FOUND');
        const scraped = await fetch(`${apiMetrics}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } });
        expect(scraped.status).toBe(200);
        expect(await scraped.text()).toContain('process_resident_memory_bytes');
      } finally {
        await api.close();
      }

      process.env.METRICS_PORT = String(await freePort());
      const worker = (await Test.createTestingModule({ imports: [WorkerModule] }).compile()).createNestApplication();
      await worker.init();
      const workerMetrics = `http://127.0.0.1:${process.env.METRICS_PORT}/metrics`;
      try {
        await expectProblem(await fetch(workerMetrics, { headers: { authorization: 'Bearer wrong' } }), 401, 'METRICS_TOKEN_REQUIRED');
        const scraped = await fetch(workerMetrics, { headers: { authorization: `Bearer ${TOKEN}` } });
        expect(scraped.status).toBe(200);
        expect(await scraped.text()).toContain('queue_jobs');
      } finally {
        await worker.close();
      }
    });
  });

  it('should refuse to boot in production without METRICS_TOKEN, naming the variable', () => {
    const production = {
      NODE_ENV: 'production',
      AUTH_MODE: 'oidc',
      OIDC_ISSUER_URL: 'https://login.example.se',
      JIRA_WEBHOOK_SECRET: 'x'.repeat(32),
      DRIFTINFO_UNSUBSCRIBE_SECRET: 'u'.repeat(32),
    };
    const env = { ...production, SMTP_URL: 'smtp://mail.example.se:25' };
    expect(() => loadConfig(env)).toThrow(/METRICS_TOKEN: required in production/);
    expect(() => loadConfig({ ...env, METRICS_TOKEN: 'short' })).toThrow(/METRICS_TOKEN must be/);
    expect(() => loadConfig({ ...env, METRICS_TOKEN: TOKEN })).not.toThrow();
    expect(() => loadConfig({ METRICS_HOST: 'all interfaces' })).toThrow(/METRICS_HOST/);
  });
});
