import { getQueueToken } from '@nestjs/bullmq';
import { type Job, type Queue, Worker } from 'bullmq';
import { Role } from '../../src/actor/role';
import { AppConfig } from '../../src/config/app-config';
import { QUEUE_NAMES } from '../../src/queues/queue-names';
import { aParty } from '../factories/party.factory';
import { startTestApp, type TestApp } from '../support/app';
import { truncateAll } from '../support/database';

/** Bull Board at /admin/queues: SKR admins only, every queue, failed jobs and their retry, its own CSP. */
describe('Queue dashboard (e2e)', () => {
  let t: TestApp;
  let admin: string;
  let queue: Queue;

  beforeAll(async () => {
    t = await startTestApp();
    admin = await t.skrToken(Role.SkrAdmin);
    queue = t.app.get<Queue>(getQueueToken(QUEUE_NAMES.declarations));
  });

  beforeEach(async () => {
    await truncateAll();
  });

  afterAll(async () => {
    await queue?.obliterate({ force: true });
    await t?.close();
  });

  const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });

  /** Runs one job of the declarations queue through a worker of this test, which fails it or completes it. */
  async function runOnce(outcome: 'fail' | 'complete'): Promise<void> {
    const config = t.app.get(AppConfig);
    let done!: () => void;
    const finished = new Promise<void>((resolve) => (done = resolve));
    const worker = new Worker(
      QUEUE_NAMES.declarations,
      async () => {
        if (outcome === 'fail') throw new Error('reminder scan broke');
        return { reminded: 0 };
      },
      { connection: { url: config.REDIS_URL, maxRetriesPerRequest: null }, prefix: config.QUEUE_PREFIX },
    );
    worker.on('failed', () => done());
    worker.on('completed', () => done());
    await finished;
    await worker.close();
  }

  it('should refuse callers without a token, session or SKR-admin role', async () => {
    const anonymous = await t.http.get('/admin/queues/api/queues');
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers['content-type']).toContain('application/problem+json');
    expect(anonymous.body).toMatchObject({ code: 'QUEUE_DASHBOARD_SESSION_INVALID' });

    const partyAdmin = await t.partyToken((await aParty()).id, Role.Admin);
    for (const token of [partyAdmin, await t.skrToken(Role.Skr)]) {
      const refused = await t.http.get('/admin/queues/api/queues').set(bearer(token));
      expect(refused.status).toBe(403);
      expect(refused.body).toMatchObject({ code: 'ROLE_REQUIRED' });
    }
    const forgedCookie = await t.http.get('/admin/queues/api/queues').set('Cookie', 'queue_dashboard=eyJzdWIiOiJ4In0.AAAA');
    expect(forgedCookie.status).toBe(401);
    expect((await t.http.post('/api/v1/admin/queue-dashboard/links').set(bearer(partyAdmin))).status).toBe(403);
  });

  it('should list every queue of the service to an SKR admin', async () => {
    const listed = await t.http.get('/admin/queues/api/queues').set(bearer(admin));
    expect(listed.status).toBe(200);
    const names = (listed.body.queues as { name: string }[]).map((q) => q.name).sort();
    expect(names).toEqual(Object.values(QUEUE_NAMES).sort());
  });

  it('should let a browser in by a signed link, under its own CSP', async () => {
    const link = await t.http.post('/api/v1/admin/queue-dashboard/links').set(bearer(admin));
    expect(link.status).toBe(201);
    const url = new URL(link.body.url as string);
    expect(url.pathname).toBe('/admin/queues/');
    const entered = await t.http.get(`${url.pathname}${url.search}`);
    expect(entered.status).toBe(303);
    expect(entered.headers.location).toBe('/admin/queues/');
    const cookie = String(entered.headers['set-cookie']);
    expect(cookie).toMatch(/^queue_dashboard=[^;]+; Path=\/admin\/queues; Max-Age=1800; HttpOnly; SameSite=Strict/);
    const session = cookie.split(';')[0];

    const page = await t.http.get('/admin/queues/').set('Cookie', session);
    expect(page.status).toBe(200);
    expect(page.text).toContain('<div id="root">');
    expect(page.headers['content-security-policy']).toContain("script-src 'self'");
    expect(page.headers['content-security-policy']).not.toMatch(/script-src[^;]*unsafe-inline/);
    expect((await t.http.get('/admin/queues/api/queues').set('Cookie', session)).status).toBe(200);
    // The link's ticket is no session: a copied link does not stand in for the cookie.
    expect((await t.http.get('/admin/queues/api/queues').set('Cookie', `queue_dashboard=${url.searchParams.get('ticket')}`)).status).toBe(
      401,
    );
  });

  it('should retry a failed job, which then runs again', async () => {
    const job = await queue.add('reminders', {}, { attempts: 1, jobId: 'dashboard-retry' });
    await runOnce('fail');
    expect(await (await queue.getJob(job.id!))!.getState()).toBe('failed');

    const failed = await t.http.get(`/admin/queues/api/queues?activeQueue=${QUEUE_NAMES.declarations}&status=failed`).set(bearer(admin));
    expect(failed.status).toBe(200);
    const declarations = (failed.body.queues as { name: string; jobs: { id: string }[] }[]).find(
      (q) => q.name === QUEUE_NAMES.declarations,
    );
    expect(declarations!.jobs.map((j) => j.id)).toEqual(['dashboard-retry']);

    const retried = await t.http.put(`/admin/queues/api/queues/${QUEUE_NAMES.declarations}/dashboard-retry/retry`).set(bearer(admin));
    expect(retried.status).toBeLessThan(300);
    expect(await (await queue.getJob(job.id!))!.getState()).toBe('waiting');
    await runOnce('complete');
    const rerun = (await queue.getJob(job.id!)) as Job;
    expect(await rerun.getState()).toBe('completed');
    expect(rerun.attemptsMade).toBe(2);
  });

  it('should refuse what is not reading or retrying', async () => {
    const obliterate = await t.http.put(`/admin/queues/api/queues/${QUEUE_NAMES.declarations}/obliterate`).set(bearer(admin));
    expect(obliterate.status).toBe(403);
    expect(obliterate.body).toMatchObject({ code: 'QUEUE_DASHBOARD_OPERATION_REFUSED' });
  });
});
