import { createHmac } from 'node:crypto';
import { startTestApp, type TestApp } from '../support/app';
import { ownerDb, truncateAll } from '../support/database';

const CURRENT = 'the-new-webhook-secret-2026';
const PREVIOUS = 'the-old-webhook-secret-2025';
const sign = (raw: string, secret: string) => `sha256=${createHmac('sha256', secret).update(raw).digest('hex')}`;

/** A webhook secret being rotated, and delivery ids as Jira may send them. */
describe('POST /webhooks/jira during a secret rotation (e2e)', () => {
  let t: TestApp;
  const saved = { ...process.env };

  beforeAll(async () => {
    Object.assign(process.env, { JIRA_WEBHOOK_SECRET: CURRENT, JIRA_WEBHOOK_SECRET_PREVIOUS: PREVIOUS });
    t = await startTestApp();
  });
  beforeEach(() => truncateAll());
  afterAll(async () => {
    await t.close();
    process.env = saved;
  });

  const event = (issueId: string) =>
    JSON.stringify({ webhookEvent: 'jira:issue_updated', timestamp: Date.now(), issue: { id: issueId, key: `KHA-${issueId}` } });
  const post = (raw: string, headers: Record<string, string>) =>
    t.http.post('/webhooks/jira').set('Content-Type', 'application/json').set(headers).send(raw);
  const deliveries = async () =>
    (
      (await (await ownerDb()).query('SELECT delivery_id FROM jira_webhook_delivery ORDER BY delivery_id')) as { delivery_id: string }[]
    ).map((row) => row.delivery_id);

  it('should accept deliveries signed with the new or the previous secret, and no other', async () => {
    // Each body made once: signed and sent byte for byte the same.
    const [first, second, third] = ['1', '2', '3'].map(event);
    expect((await post(first, { 'X-Hub-Signature': sign(first, CURRENT), 'X-Atlassian-Webhook-Identifier': 'new' })).status).toBe(202);
    expect((await post(second, { 'X-Hub-Signature': sign(second, PREVIOUS), 'X-Atlassian-Webhook-Identifier': 'old' })).status).toBe(202);
    const forged = await post(third, {
      'X-Hub-Signature': sign(third, 'dev-webhook-secret-change-me'),
      'X-Atlassian-Webhook-Identifier': 'x',
    });
    expect(forged.status).toBe(401);
    expect(forged.body.code).toBe('JIRA_WEBHOOK_REJECTED');
    expect(await deliveries()).toEqual(['new', 'old']);
  });

  it('should take any 1 to 255 visible characters as the delivery id, and refuse longer or control characters', async () => {
    const raw = event('4');
    const signed = (id: string) => post(raw, { 'X-Hub-Signature': sign(raw, CURRENT), 'X-Atlassian-Webhook-Identifier': id });
    const odd = '{7c1f}/§?=&#"x'.replace('§', '$');
    const longest = 'a'.repeat(255);
    expect((await signed(odd)).status).toBe(202);
    expect((await signed(longest)).status).toBe(202);
    expect((await signed('a'.repeat(256))).status).toBe(401);
    expect((await signed('tab\there')).status).toBe(401);
    expect(await deliveries()).toEqual([odd, longest].sort());
  });
});
