import request from 'supertest';
import { startJiraSimulator, type JiraSimulator } from './simulator';
import { expectContract, jiraClient, type JiraTestClient } from './testing/client';
import { startWebhookReceiver, type WebhookReceiver } from './testing/webhook-receiver';

const ISSUES = '/rest/api/3/issue';
const newIssue = { fields: { project: { key: 'KHA' }, issuetype: { name: 'Avvikelse' }, summary: 'Fel' } };

describe('Jira simulator: fault injection', () => {
  let sim: JiraSimulator;
  let jira: JiraTestClient;
  let receiver: WebhookReceiver;

  beforeAll(async () => {
    receiver = await startWebhookReceiver();
    sim = await startJiraSimulator({ webhookUrl: receiver.url, webhookSecret: 's', webhookRetryBaseMs: 20 });
    jira = jiraClient(sim);
  });
  afterAll(async () => {
    await sim.stop();
    await receiver.close();
  });
  beforeEach(() => {
    sim.admin.reset();
    receiver.clear();
  });

  it('delays matching requests by latencyMs', async () => {
    sim.admin.setFaults({ latencyMs: 250, match: { path: '/myself' } });
    const started = Date.now();
    await jira.get('/rest/api/3/myself').expect(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(240);
    // Not delayed: the counter says so (an upper bound on its time would fail on a loaded machine, not on a mutant).
    await jira.get('/rest/api/3/priority').expect(200);
    expect(sim.admin.stats().faults.latency).toBe(1);
  });

  it('fails the next n requests with 5xx without applying them', async () => {
    sim.admin.setFaults({ fail5xxNext: 2 });
    const first = await jira.post(ISSUES).send(newIssue);
    expectContract(first, 'POST', ISSUES, 500);
    await jira.get('/rest/api/3/myself').expect(500);
    await jira.get('/rest/api/3/myself').expect(200);
    expect(sim.admin.counts().total).toBe(0);

    sim.admin.setFaults({ fail5xxNext: 1, error5xxStatus: 503 });
    const unavailable = await jira.get('/rest/api/3/myself');
    expect(unavailable.status).toBe(503);
    expect(unavailable.headers['retry-after']).toBe('1');
    expect(sim.admin.stats().faults.error5xx).toBe(3);
  });

  it('fails a seeded, reproducible share of requests with error5xxRate', async () => {
    const pattern = async (seed: number): Promise<string> => {
      sim.admin.setFaults({ seed, error5xxRate: 0.5 });
      let statuses = '';
      for (let i = 0; i < 24; i++) statuses += (await jira.get('/rest/api/3/myself')).status === 200 ? '.' : 'x';
      return statuses;
    };
    const first = await pattern(7);
    expect(first).toMatch(/x/);
    expect(first).toMatch(/\./);
    expect(await pattern(7)).toBe(first);
    expect(await pattern(8)).not.toBe(first);
  });

  it('applies a write and then drops the connection with timeoutAfterApply', async () => {
    sim.admin.setFaults({ timeoutAfterApply: 1, match: { method: 'POST', path: '/rest/api/3/issue' } });
    await expect(jira.post(ISSUES).send(newIssue)).rejects.toThrow(/socket hang up|ECONNRESET/);
    expect(sim.admin.counts().total).toBe(1);
    await receiver.waitFor(1);
    const second = await jira.post(ISSUES).send(newIssue);
    expect(second.status).toBe(201);
    expect(sim.admin.stats().requests['POST /rest/api/3/issue']).toEqual({ 'no-response': 1, '201': 1 });
  });

  it('applies a write and never answers it in hang mode, until the client gives up', async () => {
    const key = sim.admin.createIssue({ summary: 'Hänger' }).key;
    sim.admin.setFaults({ timeoutAfterApply: { count: 1, mode: 'hang' }, match: { path: '/transitions' } });
    await jira.get(`${ISSUES}/${key}/transitions`).expect(200);
    await expect(
      jira
        .post(`${ISSUES}/${key}/transitions`)
        .send({ transition: { id: '21' } })
        .timeout(300),
    ).rejects.toThrow(/Timeout/);
    expect(sim.admin.issue(key).fields.status.name).toBe('Mottagen');
    await jira
      .post(`${ISSUES}/${key}/transitions`)
      .send({ transition: { id: '31' } })
      .expect(204);
    expect(sim.admin.stats().faults.timeoutAfterApply).toBe(1);
  });

  it('applies a write after the client gave up with applyLate, comments and uploads alike', async () => {
    const key = sim.admin.createIssue({ summary: 'Sent' }).key;
    sim.admin.setFaults({ applyLate: { count: 2, afterMs: 400, paths: ['/comment', '/attachments'] }, match: { method: 'POST' } });
    // Not a write it names: applied at once, and no count spent.
    await jira
      .post(`${ISSUES}/${key}/transitions`)
      .send({ transition: { id: '21' } })
      .timeout(300)
      .expect(204);
    const comment = { body: { type: 'doc', version: 1, content: [{ type: 'paragraph', content: [{ type: 'text', text: 'Sen' }] }] } };
    await expect(jira.post(`${ISSUES}/${key}/comment`).send(comment).timeout(100)).rejects.toThrow(/Timeout/);
    await expect(
      jira
        .post(`${ISSUES}/${key}/attachments`)
        .set('X-Atlassian-Token', 'no-check')
        .attach('file', Buffer.from('logg\n'), 'app.log')
        .timeout(100),
    ).rejects.toThrow(/Timeout/);
    // Not there while the client looks right after giving up...
    expect(sim.admin.issue(key).fields.comment).toMatchObject({ total: 0 });
    expect(sim.admin.issue(key).fields.attachment).toEqual([]);
    // ...and there once Jira is done with the request.
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect(sim.admin.issue(key).fields.comment).toMatchObject({ total: 1 });
    expect((sim.admin.issue(key).fields.attachment as { filename: string }[]).map((a) => a.filename)).toEqual(['app.log']);
    expect(sim.admin.stats().faults.applyLate).toBe(2);
    expect(sim.admin.getFaults().applyLate).toMatchObject({ count: 0, afterMs: 400 });
  });

  it('answers a held read with what it read on arrival, only once released, with holdAnswers', async () => {
    const key = sim.admin.createIssue({ summary: 'Före' }).key;
    sim.admin.setFaults({ holdAnswers: { count: 1, paths: [`/issue/${key}`] }, match: { method: 'GET' } });
    const held = jira.get(`${ISSUES}/${key}`).then((res) => res);
    while (sim.admin.stats().faults.heldAnswers === 0) await new Promise((resolve) => setTimeout(resolve, 10));
    sim.admin.editIssue(key, { summary: 'Efter' });
    // The next read is not held (count spent) and sees the edit.
    expect((await jira.get(`${ISSUES}/${key}`).expect(200)).body.fields.summary).toBe('Efter');
    expect(sim.admin.releaseHeldAnswers()).toBe(1);
    const answer = await held;
    expectContract(answer, 'GET', '/rest/api/3/issue/{issueIdOrKey}', 200);
    expect(answer.body.fields.summary).toBe('Före');
    expect(sim.admin.releaseHeldAnswers()).toBe(0);
  });

  it("answers a rate-limit storm with 429 and Jira's rate-limit headers, Retry-After 0 included", async () => {
    sim.admin.setFaults({ rateLimitStorm: { count: 2, retryAfterSeconds: 0 } });
    for (let i = 0; i < 2; i++) {
      const res = await jira.get(`${ISSUES}/KHA-1`);
      expectContract(res, 'GET', '/rest/api/3/issue/{issueIdOrKey}', 429);
      expect(res.headers['retry-after']).toBe('0');
      expect(res.headers['ratelimit-reason']).toBe('jira-burst-based');
      expect(res.headers['x-ratelimit-limit']).toMatch(/^\d+$/);
      expect(res.headers['x-ratelimit-remaining']).toBe('0');
      expect(Number.isNaN(Date.parse(res.headers['x-ratelimit-reset']))).toBe(false);
    }
    await jira.get(`${ISSUES}/KHA-1`).expect(404);
    expect(sim.admin.stats().faults.rateLimitStorm).toBe(2);
    expect(sim.admin.getFaults().rateLimitStorm).toEqual({ count: 0, retryAfterSeconds: 0 });
  });

  it('drops the next webhook delivery, never to be retried', async () => {
    sim.admin.setFaults({ webhooks: { drop: { next: 1 } } });
    const key = sim.admin.createIssue({ summary: 'Tappad' }).key;
    sim.admin.setPriority(key, 'High');
    await sim.admin.settleWebhooks();
    expect(receiver.received.map((d) => d.json.webhookEvent)).toEqual(['jira:issue_updated']);
    expect(sim.admin.webhookDeliveries().map((d) => d.outcome)).toEqual(['dropped', 'delivered']);
    expect(sim.admin.stats().webhooks.dropped).toBe(1);
  });

  it('drops a seeded, reproducible share of deliveries with a drop rate', async () => {
    const outcomes = async (): Promise<string> => {
      sim.admin.reset();
      sim.admin.setFaults({ seed: 3, webhooks: { drop: { rate: 0.5 } } });
      for (let i = 0; i < 12; i++) sim.admin.createIssue({ summary: `n${i}` });
      await sim.admin.settleWebhooks();
      return sim.admin
        .webhookDeliveries()
        .map((d) => (d.outcome === 'dropped' ? 'x' : '.'))
        .join('');
    };
    const first = await outcomes();
    expect(first).toMatch(/x.*\.|\..*x/);
    expect(await outcomes()).toBe(first);
  });

  it('duplicates a delivery with the same identifier and body', async () => {
    sim.admin.setFaults({ webhooks: { duplicate: { next: 1 } } });
    sim.admin.createIssue({ summary: 'Dubbel' });
    const [a, b] = await receiver.waitFor(2);
    expect(b.headers['x-atlassian-webhook-identifier']).toBe(a.headers['x-atlassian-webhook-identifier']);
    expect(b.rawBody.equals(a.rawBody)).toBe(true);
    await sim.admin.settleWebhooks();
    expect(receiver.received).toHaveLength(2);
    expect(sim.admin.stats().webhooks.duplicated).toBe(1);
  });

  it('holds deliveries and sends them newest first with reorder, or when flushed', async () => {
    sim.admin.setFaults({ webhooks: { reorder: 3 } });
    const key = sim.admin.createIssue({ summary: 'Ordning' }).key;
    sim.admin.addComment(key, 'Först');
    await sim.admin.settleWebhooks();
    expect(receiver.received).toHaveLength(0);
    sim.admin.transition(key, 'Mottagen');
    await receiver.waitFor(3);
    expect(receiver.received.map((d) => d.json.webhookEvent)).toEqual(['jira:issue_updated', 'comment_created', 'jira:issue_created']);

    receiver.clear();
    sim.admin.setFaults({ webhooks: { reorder: 10 } });
    sim.admin.setPriority(key, 'Low');
    sim.admin.setPriority(key, 'High');
    sim.admin.flushWebhooks();
    const flushed = await receiver.waitFor(2);
    expect(flushed.map((d) => (d.json.changelog as { items: { toString: string }[] }).items[0].toString)).toEqual(['High', 'Low']);
    expect(sim.admin.stats().webhooks.reordered).toBe(5);
  });
});

describe('Jira simulator: configured rate limits', () => {
  let sim: JiraSimulator;
  let jira: JiraTestClient;

  beforeAll(async () => {
    sim = await startJiraSimulator({ rateLimit: { perSecond: 3, perIssueWrites: 2, perIssueWindowMs: 1000 } });
    jira = jiraClient(sim);
  });
  afterAll(() => sim.stop());

  it("limits each endpoint per second and each issue's writes, saying which limit was hit", async () => {
    const statuses: number[] = [];
    let limited: request.Response | undefined;
    for (let i = 0; i < 4; i++) {
      const res = await jira.get('/rest/api/3/myself');
      statuses.push(res.status);
      if (res.status === 429) limited = res;
      else expect(res.headers['x-ratelimit-limit']).toBe('3');
    }
    expect(statuses).toEqual([200, 200, 200, 429]);
    expectContract(limited!, 'GET', '/rest/api/3/myself', 429);
    expect(limited!.headers['ratelimit-reason']).toBe('jira-burst-based');
    expect(['0', '1']).toContain(limited!.headers['retry-after']);
    await jira.get('/rest/api/3/priority').expect(200);

    const key = sim.admin.createIssue({ summary: 'Många skrivningar' }).key;
    const writes: number[] = [];
    for (let i = 0; i < 3; i++) {
      const res = await jira.put(`${ISSUES}/${key}`).send({ fields: { summary: `Rubrik ${i}` } });
      writes.push(res.status);
      if (res.status === 429) {
        expect(res.headers['ratelimit-reason']).toBe('jira-per-issue-on-write');
        expect(res.headers['retry-after']).toBe('1');
      }
    }
    expect(writes).toEqual([204, 204, 429]);
    expect(sim.admin.issue(key).fields.summary).toBe('Rubrik 1');
    expect(sim.admin.stats().faults.rateLimited).toBe(2);
  });

  it('changes or lifts the limit at run time, in-process and over the admin API', async () => {
    sim.admin.setRateLimit({ perSecond: 1 });
    expect((await jira.get('/rest/api/3/priority')).status).toBe(200);
    expect((await jira.get('/rest/api/3/priority')).status).toBe(429);
    await request(sim.url).post('/__admin/rate-limit').send({ perSecond: 0 }).expect(400);
    await request(sim.url).post('/__admin/rate-limit').send({}).expect(204);
    for (let i = 0; i < 5; i++) expect((await jira.get('/rest/api/3/priority')).status).toBe(200);
    await request(sim.url).post('/__admin/rate-limit').send({ perSecond: 2 }).expect(204);
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await jira.get('/rest/api/3/priority')).status);
    expect(statuses).toEqual([200, 200, 429]);
  });
});
