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

  it('should check the signature over the bytes Jira sent, not over the JSON re-serialised', async () => {
    // Spacing, key order and a \u escape that JSON.stringify(JSON.parse(raw)) would all write differently.
    const raw = '{ "issue": {"key":"KHA-43", "id": "10043"},\n  "webhookEvent": "jira:issue_updated", "note": "\\u00e5" }';
    const reserialised = JSON.stringify(JSON.parse(raw));
    expect(reserialised).not.toBe(raw);
    const overJson = await post(raw, { 'X-Hub-Signature': sign(reserialised), 'X-Atlassian-Webhook-Identifier': 'raw-1' });
    expect(overJson.status).toBe(401);
    const overBytes = await post(raw, { 'X-Hub-Signature': sign(raw), 'X-Atlassian-Webhook-Identifier': 'raw-2' });
    expect(overBytes.status).toBe(202);
    expect((await rows()).deliveries).toEqual([{ delivery_id: 'raw-2', issue_id: '10043' }]);
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

  it('should refuse a signed event whose issue id is no Jira id (NUL, 5,000 digits, negative, object) with 400 and a pointer, writing nothing', async () => {
    const ids: unknown[] = ['100\u000042', '1'.repeat(5000), '1234567890123456789', -1, 1e21, 1.5, { id: 1 }, ['1'], '', '0x10'];
    for (const [i, id] of ids.entries()) {
      const raw = JSON.stringify({ webhookEvent: 'jira:issue_updated', issue: { id } });
      const response = await post(raw, { 'X-Hub-Signature': sign(raw), 'X-Atlassian-Webhook-Identifier': `bad-id-${i}` });
      expect({ id, status: response.status, code: response.body.code, pointer: response.body.errors?.[0]?.pointer }).toEqual({
        id,
        status: 400,
        code: 'JIRA_WEBHOOK_INVALID',
        pointer: '/issue/id',
      });
      expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    }
    const nulEvent = JSON.stringify({ webhookEvent: 'jira:issue\u0000updated', issue: { id: '10042' } });
    const refused = await post(nulEvent, { 'X-Hub-Signature': sign(nulEvent), 'X-Atlassian-Webhook-Identifier': 'nul-event' });
    expect({ status: refused.status, pointer: refused.body.errors?.[0]?.pointer }).toEqual({ status: 400, pointer: '/webhookEvent' });
    expect(await rows()).toEqual({ deliveries: [], outbox: [] });
    // The longest Jira id (18 digits) and a numeric id are still taken.
    for (const [i, id] of ['999999999999999999', 10043].entries()) {
      const raw = JSON.stringify({ webhookEvent: 'jira:issue_updated', issue: { id } });
      expect((await post(raw, { 'X-Hub-Signature': sign(raw), 'X-Atlassian-Webhook-Identifier': `good-${i}` })).status).toBe(202);
    }
    expect((await rows()).deliveries).toEqual([
      { delivery_id: 'good-0', issue_id: '999999999999999999' },
      { delivery_id: 'good-1', issue_id: '10043' },
    ]);
  });
});
