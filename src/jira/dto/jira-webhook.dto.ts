import { JiraWebhookInvalidError } from '../jira.errors';

/** What we read of a Jira webhook event; the pull re-reads the issue, so nothing else of the payload is trusted. */
export interface JiraWebhookEvent {
  /** `jira:issue_updated`, `comment_created` …, or `unknown`. */
  name: string;
  /** The issue's id, or null for events about no issue. */
  issueId: string | null;
  timestamp: number | null;
}

/** Jira ids are decimal Java longs: at most 18 digits keep every one we can be sent (2^63 has 19) and nothing longer. */
const JIRA_ID = /^\d{1,18}$/;
// eslint-disable-next-line no-control-regex -- control characters are exactly what must not be stored
const CONTROL = /[\u0000-\u001f\u007f]/;

/**
 * Reads a signed event. A signed body is Jira's, but a bug or a leaked secret must still not store a 5,000-digit id or
 * reach PostgreSQL with a NUL (which it cannot store: that was a 500): such a body is refused with a pointer.
 */
export function readJiraWebhookEvent(body: unknown): JiraWebhookEvent {
  const event = (typeof body === 'object' && body !== null ? body : {}) as { webhookEvent?: unknown; timestamp?: unknown; issue?: unknown };
  const issue = (typeof event.issue === 'object' && event.issue !== null ? event.issue : {}) as { id?: unknown };
  let issueId: string | null = null;
  if (issue.id !== undefined && issue.id !== null) {
    // A number is read as written: 1e21, -1 and 1.5 are no Jira id.
    const text = typeof issue.id === 'string' || typeof issue.id === 'number' ? String(issue.id) : '';
    if (!JIRA_ID.test(text)) throw new JiraWebhookInvalidError('/issue/id', 'A Jira issue id is a decimal number of at most 18 digits.');
    issueId = text;
  }
  if (typeof event.webhookEvent === 'string' && (CONTROL.test(event.webhookEvent) || event.webhookEvent.length > 100)) {
    throw new JiraWebhookInvalidError('/webhookEvent', 'An event name is at most 100 characters without control characters.');
  }
  return {
    name: typeof event.webhookEvent === 'string' ? event.webhookEvent : 'unknown',
    issueId,
    timestamp: typeof event.timestamp === 'number' ? event.timestamp : null,
  };
}
