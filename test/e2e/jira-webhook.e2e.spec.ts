import { createHmac } from 'node:crypto';
import { startTestApp, type TestApp } from '../support/app';
import { ownerDb, truncateAll } from '../support/database';

const SECRET = 'dev-webhook-secret-change-me';
const sign = (raw: string, secret = SECRET) => `sha256=${createHmac('sha256', secret).update(raw).digest('hex')}`;

describe('POST /webhooks/jira (e2e)', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
  });
  beforeEach(() => truncateAll());
  afterAll(() => t.close());

  const event = JSON.stringify({ webhookEvent: 'jira:issue_updated', timestamp: Date.now(), issue: { id: '10042', key: 'KHA-42' } });
  const post = (raw: string, headers: Record<string, string>) =>
    t.http.post('/webhooks/jira').set('Content-Type', 'application/json').set(headers).send(raw);
  const rows = async () => {
    const db = await ownerDb();
    return {
      deliveries: (await db.query('SELECT delivery_id, issue_id FROM jira_webhook_delivery')) as unknown[],
      outbox: (await db.query(`SELECT job_name, job_key, payload FROM outbox_event`)) as unknown[],
    };
  };

  it('should accept a signed delivery once and queue a pull of the issue', async () => {
    const headers = { 'X-Hub-Signature': sign(event), 'X-Atlassian-Webhook-Identifier': 'delivery-1' };
    const first = await post(event, headers);
    expect(first.status).toBe(202);
    expect(first.body).toEqual({ accepted: true });
    const retry = await post(event, headers);
    expect(retry.status).toBe(202);
    expect(retry.body).toEqual({ accepted: false });
    expect(await rows()).toEqual({
      deliveries: [{ delivery_id: 'delivery-1', issue_id: '10042' }],
      outbox: [{ job_name: 'pull-issue', job_key: 'pull_10042', payload: { issueId: '10042', deliveryId: 'delivery-1' } }],
    });
  });

  it('should refuse a missing, forged or stale-secret signature and write nothing', async () => {
    const cases: Record<string, string>[] = [
      { 'X-Atlassian-Webhook-Identifier': 'd' },
      { 'X-Hub-Signature': sign(event, 'another-secret-entirely'), 'X-Atlassian-Webhook-Identifier': 'd' },
      { 'X-Hub-Signature': sign(`${event} `), 'X-Atlassian-Webhook-Identifier': 'd' },
      { 'X-Hub-Signature': 'sha256=zz', 'X-Atlassian-Webhook-Identifier': 'd' },
      { 'X-Hub-Signature': sign(event) },
      { 'X-Hub-Signature': sign(event), 'X-Atlassian-Webhook-Identifier': 'bad id with spaces' },
    ];
    for (const headers of cases) {
      const response = await post(event, headers);
      expect(response.status).toBe(401);
      expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(response.body.code).toBe('JIRA_WEBHOOK_REJECTED');
    }
    expect(await rows()).toEqual({ deliveries: [], outbox: [] });
  });

  it('should record a delivery without an issue but queue nothing', async () => {
    const raw = JSON.stringify({ webhookEvent: 'project_updated' });
    const response = await post(raw, { 'X-Hub-Signature': sign(raw), 'X-Atlassian-Webhook-Identifier': 'delivery-2' });
    expect(response.status).toBe(202);
    expect((await rows()).outbox).toEqual([]);
  });
});
