import { type JiraAdminWebhook } from './jira-client';
import { jiraJs } from './jira-js-module';

interface AdminConnection {
  baseUrl: string;
  email: string;
  apiToken: string;
}

interface WebhookJson {
  name?: string;
  url?: string;
  events?: unknown[];
  filters?: { 'issue-related-events-section'?: string };
}

const WEBHOOKS = '/rest/webhooks/1.0/webhook';

/**
 * The admin webhooks REST resource (/rest/webhooks/1.0/webhook), which jira.js does not cover: its `webhooks` API is
 * the one for Connect and OAuth apps. Failures are thrown as jira.js throws them, for the same mapping
 * (toJiraCallError): a 403 here means the account lacks Administer Jira.
 */
export async function listAdminWebhooks(connection: AdminConnection, timeoutMs: number): Promise<JiraAdminWebhook[]> {
  const body = await request(connection, 'GET', undefined, timeoutMs);
  return (Array.isArray(body) ? (body as WebhookJson[]) : []).map(toWebhook);
}

export async function registerAdminWebhook(
  connection: AdminConnection,
  webhook: JiraAdminWebhook & { secret: string },
  timeoutMs: number,
): Promise<JiraAdminWebhook> {
  const body = await request(
    connection,
    'POST',
    {
      name: webhook.name,
      url: webhook.url,
      events: webhook.events,
      filters: webhook.jql ? { 'issue-related-events-section': webhook.jql } : {},
      excludeBody: false,
      secret: webhook.secret,
    },
    timeoutMs,
  );
  return toWebhook(body as WebhookJson);
}

async function request(connection: AdminConnection, method: 'GET' | 'POST', payload: unknown, timeoutMs: number): Promise<unknown> {
  const url = `${connection.baseUrl.replace(/\/$/, '')}${WEBHOOKS}`;
  let response: Response;
  try {
    response = await fetch(url, {
      method,
      headers: {
        Accept: 'application/json',
        Authorization: `Basic ${Buffer.from(`${connection.email}:${connection.apiToken}`).toString('base64')}`,
        ...(payload === undefined ? {} : { 'Content-Type': 'application/json' }),
      },
      ...(payload === undefined ? {} : { body: JSON.stringify(payload) }),
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (error) {
    throw new (jiraJs().NetworkError)(`${method} ${url} failed: ${(error as Error).message}`, { cause: error, transient: true });
  }
  const text = await response.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // Not JSON (a proxy's error page): kept as text for the failure's summary.
  }
  if (!response.ok) throw new (jiraJs().ApiError)(`Request failed: ${response.status}`, response.status, response.statusText, body);
  return body;
}

function toWebhook(json: WebhookJson): JiraAdminWebhook {
  return {
    name: json.name ?? '',
    url: json.url ?? '',
    events: (json.events ?? []).map(String),
    jql: json.filters?.['issue-related-events-section'] ?? null,
  };
}
