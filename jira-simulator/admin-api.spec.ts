import request from 'supertest';
import { startJiraSimulator, type JiraSimulator } from './simulator';
import { jiraClient, type JiraTestClient } from './testing/client';
import { startWebhookReceiver, type WebhookReceiver } from './testing/webhook-receiver';
import { SKR_TRIAGER } from './workflow';

describe('Jira simulator: admin HTTP API', () => {
  let sim: JiraSimulator;
  let jira: JiraTestClient;
  let receiver: WebhookReceiver;
  let admin: ReturnType<typeof request>;

  beforeAll(async () => {
    receiver = await startWebhookReceiver();
    sim = await startJiraSimulator({ projectKey: 'KHA' });
    jira = jiraClient(sim);
    admin = request(sim.url);
  });
  afterAll(async () => {
    await sim.stop();
    await receiver.close();
  });
  beforeEach(async () => {
    await admin.post('/__admin/reset').expect(204);
    receiver.clear();
  });

  it("makes SKR's edits over HTTP as the triager, visible through REST, webhooks and counts", async () => {
    await admin.post('/__admin/webhook').send({ url: receiver.url, secret: 'x' }).expect(204);
    const created = await admin
      .post('/__admin/issues')
      .send({ summary: 'Från SKR', labels: ['skr'], priority: 'Low' })
      .expect(201);
    const key: string = created.body.key;
    expect(created.body.fields).toMatchObject({ priority: { name: 'Low' }, reporter: { accountId: SKR_TRIAGER.accountId } });

    await admin.post(`/__admin/issues/${key}/transition`).send({ status: 'Under utredning' }).expect(200);
    await admin.post(`/__admin/issues/${key}/priority`).send({ priority: '1' }).expect(200);
    await admin.post(`/__admin/issues/${key}/resolution`).send({ resolution: 'Duplicate' }).expect(200);
    const comment = await admin.post(`/__admin/issues/${key}/comments`).send({ body: 'Intern anteckning', internal: true }).expect(201);
    await admin.put(`/__admin/issues/${key}/comments/${comment.body.id}`).send({ body: 'Ändrad anteckning' }).expect(200);
    const publicComment = await admin.post(`/__admin/issues/${key}/comments`).send({ body: 'Till parten' }).expect(201);
    await admin.delete(`/__admin/issues/${key}/comments/${publicComment.body.id}`).expect(204);
    await admin
      .put(`/__admin/issues/${key}`)
      .send({ fields: { labels: ['skr', 'granskad'] } })
      .expect(200);

    const viaRest = await jira.get(`/rest/api/3/issue/${key}?expand=changelog`).expect(200);
    expect(viaRest.body.fields).toMatchObject({
      status: { name: 'Under utredning' },
      priority: { id: '1' },
      resolution: { name: 'Duplicate' },
      labels: ['skr', 'granskad'],
      comment: {
        total: 1,
        comments: [{ jsdPublic: true, visibility: { type: 'role' }, body: { content: [{ content: [{ text: 'Ändrad anteckning' }] }] } }],
      },
    });
    const authors = new Set(viaRest.body.changelog.histories.map((h: { author: { accountId: string } }) => h.author.accountId));
    expect([...authors]).toEqual([SKR_TRIAGER.accountId]);

    await admin.post('/__admin/webhooks/settle').expect(204);
    const events = (await admin.get('/__admin/webhooks').expect(200)).body.map((d: { webhookEvent: string }) => d.webhookEvent);
    expect(events).toEqual([
      'jira:issue_created',
      'jira:issue_updated',
      'jira:issue_updated',
      'jira:issue_updated',
      'comment_created',
      'comment_updated',
      'comment_created',
      'comment_deleted',
      'jira:issue_updated',
    ]);
    expect(receiver.received).toHaveLength(9);

    await admin
      .post('/__admin/issues')
      .send({ summary: 'Annan', labels: ['skr'] })
      .expect(201);
    expect((await admin.get('/__admin/counts').expect(200)).body).toEqual({
      total: 2,
      byLabel: { skr: 2, granskad: 1 },
      byStatus: { 'Under utredning': 1, 'Att göra': 1 },
      byProperty: {},
    });
    const filtered = await admin.get('/__admin/issues').query({ label: 'granskad' }).expect(200);
    expect(filtered.body.map((i: { key: string }) => i.key)).toEqual([key]);
    const byJql = await admin.get('/__admin/issues').query({ jql: 'status = "Att göra"' }).expect(200);
    expect(byJql.body).toHaveLength(1);
  });

  it('answers admin mistakes with an ErrorCollection', async () => {
    const created = await admin.post('/__admin/issues').send({ summary: 'x' }).expect(201);
    const unknownStatus = await admin.post(`/__admin/issues/${created.body.key}/transition`).send({ status: 'Påhittad' }).expect(400);
    expect(unknownStatus.body).toEqual({ errorMessages: ["The status 'Påhittad' does not exist."], errors: {} });
    await admin.get('/__admin/issues/KHA-99').expect(404);
    await admin.post('/__admin/issues').send({ summary: '' }).expect(400);
    const typo = await admin
      .post('/__admin/faults')
      .send({ fail5xx: 1, webhooks: { dropp: { next: 1 } } })
      .expect(400);
    expect(typo.body.errorMessages).toEqual(['Unknown fault(s): fail5xx, webhooks.dropp']);
  });

  it('sets, reports and clears faults, and counts requests by route and status', async () => {
    const set = await admin
      .post('/__admin/faults')
      .send({ fail5xxNext: 1, webhooks: { drop: { next: 2 } } })
      .expect(200);
    expect(set.body).toEqual({ fail5xxNext: 1, webhooks: { drop: { next: 2 } } });
    await jira.get('/rest/api/3/myself').expect(500);
    expect((await admin.get('/__admin/faults').expect(200)).body.fail5xxNext).toBe(0);
    await jira.get('/rest/api/3/myself').expect(200);
    await jira.get('/rest/api/3/issue/KHA-7').expect(404);
    await request(sim.url).get('/rest/api/3/issue/KHA-8').expect(401);

    const stats = (await admin.get('/__admin/stats').expect(200)).body;
    expect(stats.requests).toEqual({
      'GET /rest/api/3/myself': { '500': 1, '200': 1 },
      'GET /rest/api/3/issue/{issueIdOrKey}': { '404': 1, '401': 1 },
    });
    expect(stats.totalRequests).toBe(4);
    expect(stats.faults.error5xx).toBe(1);

    await admin.post('/__admin/reset').expect(204);
    expect((await admin.get('/__admin/faults').expect(200)).body).toEqual({});
    expect((await admin.get('/__admin/stats').expect(200)).body.totalRequests).toBe(0);
  });

  it('moves the clock forward for date-window tests', async () => {
    const before = await admin.post('/__admin/issues').send({ summary: 'Före' }).expect(201);
    await admin
      .post('/__admin/clock')
      .send({ advanceMs: 3 * 3600_000 })
      .expect(204);
    const after = await admin.post('/__admin/issues').send({ summary: 'Efter' }).expect(201);
    const hours =
      (Date.parse(after.body.fields.created.replace(/(\d\d)$/, ':$1')) - Date.parse(before.body.fields.created.replace(/(\d\d)$/, ':$1'))) /
      3600_000;
    expect(hours).toBeGreaterThanOrEqual(3);
    expect(hours).toBeLessThan(3.1);
  });
});
