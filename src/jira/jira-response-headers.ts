import { AsyncLocalStorage } from 'node:async_hooks';
import { subscribe } from 'node:diagnostics_channel';

/** What the headers of a Jira answer tell the sync that its body and status do not. */
export interface JiraAnswerHeaders {
  /** `x-seraph-loginreason`: AUTHENTICATED_FAILED when Jira served the call as anonymous (expired/revoked token). */
  loginReason?: string;
  /** `Retry-After` in milliseconds (delta-seconds or an HTTP date). */
  retryAfterMs?: number;
}

const current = new AsyncLocalStorage<JiraAnswerHeaders>();
const slots = new WeakMap<object, JiraAnswerHeaders>();
let subscribed = false;

/**
 * Runs one Jira call, filling `headers` from the answers it gets. jira.js hands back neither the headers of a success
 * (an anonymous 200 looks like an empty search) nor those of a 503 (its Retry-After is lost), and takes no fetch of
 * its own; Node's fetch (undici) publishes each request and its response headers on diagnostics channels. A request is
 * tied to the call when it is created, inside the call's async context; its answer may arrive outside it.
 */
export function withAnswerHeaders<T>(headers: JiraAnswerHeaders, work: () => Promise<T>): Promise<T> {
  subscribeOnce();
  return current.run(headers, work);
}

function subscribeOnce(): void {
  if (subscribed) return;
  subscribed = true;
  subscribe('undici:request:create', (message) => {
    const slot = current.getStore();
    if (slot) slots.set((message as { request: object }).request, slot);
  });
  subscribe('undici:request:headers', (message) => {
    const { request, response } = message as { request: object; response: { headers: (Buffer | string)[] } };
    const slot = slots.get(request);
    if (!slot) return;
    for (let i = 0; i + 1 < response.headers.length; i += 2) {
      const name = String(response.headers[i]).toLowerCase();
      const value = String(response.headers[i + 1]);
      if (name === 'x-seraph-loginreason') slot.loginReason = value;
      if (name === 'retry-after') slot.retryAfterMs = parseRetryAfter(value);
    }
  });
}

function parseRetryAfter(value: string): number | undefined {
  const seconds = Number(value);
  if (value.trim() !== '' && Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}
