import { DomainError, notFoundError } from '../common/domain-error';

/**
 * How a failed Jira call should be treated by the sync:
 * - `transient`: network, timeout, 5xx — retry with backoff;
 * - `rate_limited`: 429 — wait at least `retryAfterMs`, without spending an attempt;
 * - `auth`: 401 — the integration's credentials are wrong: pause and alert;
 * - `permanent`: 400/403/404/413 — retrying cannot help; record it on the deviation.
 */
export type JiraFailureKind = 'transient' | 'rate_limited' | 'auth' | 'permanent';

export class JiraCallError extends Error {
  /** Jira's ErrorCollection `errors`, by field id, when it answered 400 naming fields. */
  readonly fieldErrors: Record<string, string>;

  constructor(
    readonly kind: JiraFailureKind,
    readonly status: number | null,
    message: string,
    readonly retryAfterMs?: number,
    options?: { cause?: unknown; fieldErrors?: Record<string, string> },
  ) {
    super(message, options);
    this.name = 'JiraCallError';
    this.fieldErrors = options?.fieldErrors ?? {};
  }
}

/**
 * Why part of a deviation's issue could not be brought up to date though Jira answered: something SKR configures in
 * Jira or in the mapping. Stored on the deviation's sync state (`lastErrorCode`) and listed in /api/v1/jira/failures.
 */
export enum JiraSyncFailureCode {
  /** The workflow offers no way from the status to the one mapped to the deviation's. */
  NoPathToStatus = 'JIRA_NO_PATH_TO_STATUS',
  /** A transition's screen or validator requires a field the sync has no value for; the message names it. */
  TransitionFieldRequired = 'JIRA_TRANSITION_FIELD_REQUIRED',
  /** SKR edited the summary or description in Jira; the party's later edit is not written over it. */
  EditConflict = 'JIRA_EDIT_CONFLICT',
}

export interface JiraSyncFailure {
  code: JiraSyncFailureCode;
  message: string;
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
