import { DomainError, notFoundError } from '../common/domain-error';

/**
 * How a failed Jira call should be treated by the sync:
 * - `transient`: network, timeout, 5xx — retry with backoff;
 * - `rate_limited`: 429 — wait at least `retryAfterMs`, without spending an attempt;
 * - `rate_limited` also for a 503 with Retry-After;
 * - `auth`: 401, or any answer Jira served as anonymous (an expired or revoked token) — pause and alert;
 * - `forbidden`: 403 — a permission or security level changed, which affects every issue: pause with the reason;
 * - `permanent`: 400/404/413 — retrying cannot help; record it on the deviation.
 */
export type JiraFailureKind = 'transient' | 'rate_limited' | 'auth' | 'forbidden' | 'permanent';

export class JiraCallError extends Error {
  constructor(
    readonly kind: JiraFailureKind,
    readonly status: number | null,
    message: string,
    readonly retryAfterMs?: number,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'JiraCallError';
  }
}

export class JiraMappingError extends DomainError {
  readonly code = 'JIRA_MAPPING_MISSING';
  readonly kind = 'unprocessable';

  constructor(what: 'status' | 'priority', id: string) {
    super(`No mapping for Jira ${what} id ${id}; add it to the Jira mapping before this issue can sync.`);
  }
}

/** A webhook without a valid signature or delivery id: answered 401 and dropped. */
export class JiraWebhookRejectedError extends DomainError {
  readonly code = 'JIRA_WEBHOOK_REJECTED';
  readonly kind = 'unauthenticated';

  constructor(what: 'signature' | 'delivery id') {
    super(`The webhook's ${what} is missing or invalid.`);
  }
}

/** A signed webhook whose payload we cannot store (an issue id that is no Jira id, a NUL in the event name). */
export class JiraWebhookInvalidError extends DomainError {
  readonly code = 'JIRA_WEBHOOK_INVALID';
  readonly kind = 'invalid';

  constructor(pointer: string, detail: string) {
    super(detail, [{ pointer, detail, code: 'jiraWebhook' }]);
  }
}

export class JiraSyncNotFoundError extends notFoundError('JIRA_SYNC_NOT_FOUND', 'No Jira sync state for this deviation.') {}
