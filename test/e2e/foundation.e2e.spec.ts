import { Controller, Get } from '@nestjs/common';
import { Public } from '../../src/common/public.decorator';
import { loadConfig } from '../../src/config/load-config';
import { startTestApp, type TestApp } from '../support/app';
import { QUEUE_NAMES } from '../../src/queues/queue-names';

@Public()
@Controller('test-only')
class ExplodingController {
  @Get('boom')
  boom(): never {
    throw new Error('secret detail: password=hunter2 at /srv/app/src/x.ts:12');
  }
}

describe('foundation (e2e)', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ controllers: [ExplodingController] });
  });

  afterAll(() => t.close());

  it('should answer an unknown route with 404 problem+json', async () => {
    const response = await t.http.get('/no/such/route').set('Accept-Language', 'en');
    expect(response.status).toBe(404);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.body).toMatchObject({ status: 404, title: 'Not Found', code: 'NOT_FOUND', instance: '/no/such/route' });
    expect(response.body.traceId).toEqual(response.headers['x-request-id']);
  });

  it('should give Swedish titles by default', async () => {
    const response = await t.http.get('/no/such/route');
    expect(response.body.title).toBe('Hittades inte');
  });

  it('should answer an exception inside a handler with 500 and only a traceId', async () => {
    const response = await t.http.get('/test-only/boom').set('x-request-id', 'trace-abc-123');
    expect(response.status).toBe(500);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.body).toEqual({
      type: expect.any(String),
      title: 'Internt fel',
      status: 500,
      instance: '/test-only/boom',
      code: 'INTERNAL_ERROR',
      traceId: 'trace-abc-123',
    });
    expect(response.text).not.toMatch(/hunter2|\.ts:|at /);
  });

  it('should replace an unsafe x-request-id with a generated one', async () => {
    const response = await t.http.get('/health/live').set('x-request-id', 'bad id <script>');
    expect(response.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('should report ready when PostgreSQL and Redis answer', async () => {
    const response = await t.http.get('/health/ready');
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ status: 'ok', info: { postgres: { status: 'up' }, redis: { status: 'up' } } });
  });

  it('should serve the OpenAPI document and the docs page', async () => {
    const json = await t.http.get('/docs-json');
    expect(json.status).toBe(200);
    expect(json.body.openapi).toMatch(/^3\./);
    expect(Object.keys(json.body.paths)).toEqual(expect.arrayContaining(['/api/v1/parties', '/health/ready']));
    const page = await t.http.get('/docs/');
    expect(page.status).toBe(200);
    expect(page.text).toContain('swagger');
  });

  it('should expose Prometheus metrics including the HTTP latency histogram', async () => {
    await t.http.get('/health/live');
    const response = await t.http.get('/metrics');
    expect(response.status).toBe(200);
    expect(response.text).toContain('http_request_duration_seconds_bucket');
    expect(response.text).toContain('process_resident_memory_bytes');
    for (const queue of Object.values(QUEUE_NAMES))
      expect(response.text).toMatch(new RegExp(`queue_jobs\\{queue="${queue}",state="waiting"\\} \\d+`));
  });

  it('should answer malformed JSON with 400 problem+json', async () => {
    const token = await t.skrToken();
    const response = await t.http
      .post('/api/v1/parties')
      .set('Authorization', `Bearer ${token}`)
      .set('Content-Type', 'application/json')
      .send('{"name": ');
    expect(response.status).toBe(400);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.body.code).toBe('BAD_REQUEST');
    // The body is refused before any route runs; its traceId still leads to the log line.
    expect(response.body.traceId).toMatch(/^[0-9a-f-]{36}$/);
    expect(response.headers['x-request-id']).toBe(response.body.traceId);
  });

  it('should answer an oversized JSON body with 413 problem+json', async () => {
    const token = await t.skrToken();
    const response = await t.http
      .post('/api/v1/parties')
      .set('Authorization', `Bearer ${token}`)
      .set('Content-Type', 'application/json')
      .send(JSON.stringify({ name: 'x'.repeat(2_000_000) }));
    expect(response.status).toBe(413);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
  });

  it('should set security headers with helmet', async () => {
    const response = await t.http.get('/health/live');
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.headers['x-powered-by']).toBeUndefined();
  });
});

describe('configuration', () => {
  it('should stop with a message naming the bad variable', () => {
    expect(() => loadConfig({ PORT: 'eighty', DATABASE_URL: 'mysql://x' })).toThrow(/PORT[\s\S]*DATABASE_URL/);
    expect(() => loadConfig({ WEBHOOK_SECRET_GRACE_HOURS: '0' })).toThrow(/WEBHOOK_SECRET_GRACE_HOURS/);
    expect(loadConfig({ WEBHOOK_SECRET_GRACE_HOURS: '168' }).WEBHOOK_SECRET_GRACE_HOURS).toBe(168);
  });

  it('should refuse the dev issuer in production', () => {
    expect(() => loadConfig({ NODE_ENV: 'production', AUTH_MODE: 'dev' })).toThrow(/AUTH_MODE/);
  });

  it('should accept the defaults', () => {
    expect(loadConfig({}).PORT).toBe(3000);
  });
});
