import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer } from 'node:net';
import { startJiraSimulator, type JiraSimulator } from './simulator';
import { jiraClient, type JiraTestClient } from './testing/client';
import { schemaErrors } from './testing/openapi-validator';
import { startWebhookReceiver, type WebhookReceiver } from './testing/webhook-receiver';
import { SERVICE_ACCOUNT_ID, SKR_TRIAGER } from './workflow';

const SECRET = 'hemligt-webhook-secret';
const doc = (text: string) => ({ type: 'doc', version: 1, content: [{ type: 'paragraph', content: [{ type: 'text', text }] }] });

/** A port nothing listens on, for connection failures. */
async function deadPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('Jira simulator: webhooks', () => {
  let sim: JiraSimulator;
  let jira: JiraTestClient;
  let receiver: WebhookReceiver;

  beforeAll(async () => {
    receiver = await startWebhookReceiver();
    sim = await startJiraSimulator({ webhookUrl: receiver.url, webhookSecret: SECRET, webhookRetryBaseMs: 20 });
    jira = jiraClient(sim);
  });
  afterAll(async () => {
    await sim.stop();
    await receiver.close();
  });
  beforeEach(() => {
    sim.admin.reset();
    sim.admin.configureWebhook({ url: receiver.url, secret: SECRET });
    receiver.clear();
  });

  const createIssue = async (): Promise<string> => {
    const res = await jira
      .post('/rest/api/3/issue')
      .send({ fields: { project: { key: 'KHA' }, issuetype: { name: 'Avvikelse' }, summary: 'Webhook' } });
    expect(res.status).toBe(201);
    return res.body.key as string;
  };

  it('signs every delivery with X-Hub-Signature: sha256=<HMAC of the raw body>', async () => {
    const key = await createIssue();
    const [delivery] = await receiver.waitFor(1);
    const expected = Buffer.from(`sha256=${createHmac('sha256', SECRET).update(delivery.rawBody).digest('hex')}`);
    const actual = Buffer.from(String(delivery.headers['x-hub-signature']));
    expect(actual.length).toBe(expected.length);
    expect(timingSafeEqual(actual, expected)).toBe(true);
    const forged = `sha256=${createHmac('sha256', 'other-secret').update(delivery.rawBody).digest('hex')}`;
    expect(delivery.headers['x-hub-signature']).not.toBe(forged);

    expect(delivery.headers['x-atlassian-webhook-identifier']).toMatch(/^[0-9a-f-]{36}$/);
    expect(delivery.headers['x-atlassian-webhook-flow']).toBe('Primary');
    expect(delivery.headers['x-atlassian-webhook-retry']).toBeUndefined();
    expect(delivery.headers['content-type']).toMatch(/^application\/json/);
    expect(delivery.json).toMatchObject({
      webhookEvent: 'jira:issue_created',
      issue: { key, fields: { summary: 'Webhook', status: { name: 'Att göra' } } },
      user: { accountId: SERVICE_ACCOUNT_ID },
    });
    expect(typeof delivery.json.timestamp).toBe('number');
    expect(schemaErrors('GET', '/rest/api/3/issue/{issueIdOrKey}', 200, delivery.json.issue)).toEqual([]);
  });

  it("reports SKR's transitions and the API's edits as jira:issue_updated with changelog and acting user", async () => {
    const key = await createIssue();
    await receiver.waitFor(1);
    sim.admin.transition(key, 'Löst', { resolution: "Won't Do" });
    await jira
      .put(`/rest/api/3/issue/${key}`)
      .send({ fields: { priority: { id: '1' } } })
      .expect(204);
    const [, transition, edit] = await receiver.waitFor(3);

    expect(transition.json).toMatchObject({
      webhookEvent: 'jira:issue_updated',
      issue_event_type_name: 'issue_generic',
      user: { accountId: SKR_TRIAGER.accountId, displayName: 'SKR Triagerare' },
      issue: { key, fields: { status: { id: '10005' }, resolution: { name: "Won't Do" } } },
    });
    expect((transition.json.changelog as { items: unknown[] }).items).toEqual([
      { field: 'status', fieldtype: 'jira', fieldId: 'status', from: '10000', fromString: 'Att göra', to: '10005', toString: 'Löst' },
      { field: 'resolution', fieldtype: 'jira', fieldId: 'resolution', from: null, fromString: null, to: '10001', toString: "Won't Do" },
    ]);
    expect(edit.json).toMatchObject({
      webhookEvent: 'jira:issue_updated',
      user: { accountId: SERVICE_ACCOUNT_ID },
      changelog: { items: [{ field: 'priority', from: '3', fromString: 'Medium', to: '1', toString: 'Highest' }] },
    });
  });

  it('sends comment_created, comment_updated and comment_deleted with the comment and a trimmed issue', async () => {
    const key = await createIssue();
    const created = await jira.post(`/rest/api/3/issue/${key}/comment`).send({ body: doc('Från parten') });
    sim.admin.editComment(key, created.body.id, 'Redigerad av SKR');
    const internal = sim.admin.addComment(key, 'Intern', { internal: true });
    sim.admin.deleteComment(key, internal.id);
    const events = (await receiver.waitFor(5)).slice(1).map((d) => d.json);

    expect(events.map((e) => e.webhookEvent)).toEqual(['comment_created', 'comment_updated', 'comment_created', 'comment_deleted']);
    expect(events[0]).toMatchObject({
      comment: { id: created.body.id, body: doc('Från parten'), author: { accountId: SERVICE_ACCOUNT_ID }, jsdPublic: true },
    });
    expect(events[1]).toMatchObject({ comment: { updateAuthor: { accountId: SKR_TRIAGER.accountId }, body: { type: 'doc' } } });
    expect(events[2]).toMatchObject({ comment: { jsdPublic: true, visibility: { type: 'role', value: 'Administrators' } } });
    expect(events[3]).toMatchObject({ comment: { id: internal.id } });
    expect(Object.keys((events[0].issue as { fields: object }).fields).sort()).toEqual([
      'assignee',
      'issuetype',
      'priority',
      'project',
      'status',
      'summary',
    ]);
    for (const event of events) {
      expect(event).not.toHaveProperty('user');
      expect(schemaErrors('GET', '/rest/api/3/issue/{issueIdOrKey}/comment/{id}', 200, event.comment)).toEqual([]);
    }
  });

  it('retries a delivery the receiver answered 500, with the same identifier and body', async () => {
    receiver.respondWith((index) => (index === 0 ? 500 : 204));
    await createIssue();
    const [first, retry] = await receiver.waitFor(2);
    expect(first.answered).toBe(500);
    expect(retry.headers['x-atlassian-webhook-identifier']).toBe(first.headers['x-atlassian-webhook-identifier']);
    expect(retry.headers['x-atlassian-webhook-retry']).toBe('1');
    expect(retry.rawBody.equals(first.rawBody)).toBe(true);
    expect(retry.headers['x-hub-signature']).toBe(first.headers['x-hub-signature']);

    await sim.admin.settleWebhooks();
    const [delivery] = sim.admin.webhookDeliveries();
    expect(delivery).toMatchObject({ outcome: 'delivered', attempts: [{ status: 500 }, { status: 204 }] });
    expect(sim.admin.stats().webhooks).toMatchObject({ enqueued: 1, attempts: 2, retries: 1, delivered: 1, failed: 0 });
  });

  it('gives up after five attempts, does not retry other 4xx answers, and retries connection failures', async () => {
    receiver.respondWith((_index, json) => (json.webhookEvent === 'jira:issue_created' ? 503 : 400));
    const key = await createIssue();
    await sim.admin.settleWebhooks();
    expect(receiver.received).toHaveLength(5);
    expect(new Set(receiver.received.map((d) => d.headers['x-atlassian-webhook-identifier'])).size).toBe(1);
    expect(receiver.received.map((d) => d.headers['x-atlassian-webhook-retry'])).toEqual([undefined, '1', '2', '3', '4']);

    sim.admin.setPriority(key, 'Low');
    await sim.admin.settleWebhooks();
    expect(receiver.received).toHaveLength(6);
    expect(sim.admin.webhookDeliveries().map((d) => [d.webhookEvent, d.outcome, d.attempts.length])).toEqual([
      ['jira:issue_created', 'failed', 5],
      ['jira:issue_updated', 'failed', 1],
    ]);

    sim.admin.reset();
    sim.admin.configureWebhook({ url: `http://127.0.0.1:${await deadPort()}/hook` });
    sim.admin.createIssue({ summary: 'Ingen lyssnar' });
    await sim.admin.settleWebhooks();
    const [unreachable] = sim.admin.webhookDeliveries();
    expect(unreachable.outcome).toBe('failed');
    expect(unreachable.attempts).toHaveLength(5);
    expect(unreachable.attempts.every((a) => a.error !== undefined && a.status === undefined)).toBe(true);
  });
});
