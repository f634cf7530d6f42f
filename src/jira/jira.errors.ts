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
 * The token source in use has no token to give: an unreadable JIRA_API_TOKEN_FILE, or a stored token no configured key
 * decrypts. Treated as Jira refusing our credentials (the integration pauses with this reason), never sent.
 */
export class JiraTokenUnavailableError extends JiraCallError {
  constructor(problem: string) {
    super('auth', null, problem);
    this.name = 'JiraTokenUnavailableError';
  }
}

/** A token cannot be stored without the key that encrypts it: the database never holds a token in the clear. */
export class JiraTokenKeyNotConfiguredError extends DomainError {
  readonly code = 'JIRA_TOKEN_KEY_NOT_CONFIGURED';
  readonly kind = 'conflict';

  constructor() {
    super('JIRA_TOKEN_ENCRYPTION_KEY is not configured: a token cannot be stored until it is (32 bytes, base64).');
  }
}

/**
 * Why part of a deviation's issue could not be brought up to date though Jira answered: something SKR configures in
 * Jira or in the mapping. Stored on the deviation's sync state (`lastErrorCode`) and listed in /api/v1/jira/failures.
 */
export enum JiraSyncFailureCode {
  /** The workflow offers no way from the issue's status to the one mapped to the deviation's. */
  NoPathToStatus = 'JIRA_NO_PATH_TO_STATUS',
  /** A transition's screen or validator requires a field the sync has no value for; the message names it. */
  TransitionFieldRequired = 'JIRA_TRANSITION_FIELD_REQUIRED',
  /** SKR edited the summary or description in Jira; the party's later edit is not written over it. */
  EditConflict = 'JIRA_EDIT_CONFLICT',
  /** The issue carries another deviation's identity property (or none, and is not ours by link and label). */
  IdentityMismatch = 'JIRA_ISSUE_IDENTITY_MISMATCH',
  /** Deleted, or hidden from our account by a security level: both answer 404. */
  IssueNotFound = 'JIRA_ISSUE_NOT_FOUND',
  /** The issue is already linked to another deviation (the unique issue id). */
  LinkConflict = 'JIRA_ISSUE_LINK_CONFLICT',
  /**
   * SKR set the responsible-party field in Jira to an option that stands for no active party of ours; the rest of the
   * issue was applied, the responsible party left as it was. The message names the field and the option.
   */
  ResponsiblePartyUnknown = 'JIRA_RESPONSIBLE_PARTY_UNKNOWN',
  /**
   * Jira refused the option of one of our select fields (SKR deleted it there): the issue was written without that
   * field, and each push tries it again until `npm run jira:setup` (or the sync, with Administer Jira) gives it back.
   */
  FieldOptionRefused = 'JIRA_FIELD_OPTION_REFUSED',
}

export interface JiraSyncFailure {
  code: JiraSyncFailureCode;
  message: string;
}

export class JiraMappingError extends DomainError {
  readonly code = 'JIRA_MAPPING_MISSING';
  readonly kind = 'unprocessable';

  /** For the responsible party, `fieldId` names the Jira field that holds it. */
  constructor(what: 'status' | 'priority' | 'responsible party', id: string, fieldId?: string) {
    super(
      what === 'responsible party'
        ? `Jira's responsible-party field ${fieldId} holds "${id}", which stands for no active party of ours; the responsible ` +
            "party was left as it was. Choose an active party's option, or run npm run jira:setup for a new party."
        : `No mapping for Jira ${what} id ${id}; add it to the Jira mapping before this issue can sync.`,
    );
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

/**
 * Stable codes of a link the sync stopped on because the issue in Jira is not (or no longer) provably this
 * deviation's. Recorded on the link (`lastErrorCode`), listed in /jira/failures and counted in
 * `jira_issue_identity_failures_total`; nothing is applied in either direction until SKR resolves it and replays.
 */
export type JiraIdentityFailureCode = 'JIRA_ISSUE_IDENTITY_MISMATCH' | 'JIRA_ISSUE_NOT_FOUND' | 'JIRA_ISSUE_LINK_CONFLICT';

/** The issue carries another deviation's identity (issue property), or none where ours was required. */
export class JiraIssueIdentityMismatchError extends DomainError {
  readonly code = 'JIRA_ISSUE_IDENTITY_MISMATCH';
  readonly kind = 'conflict';

  constructor(issueKey: string) {
    super(`Jira issue ${issueKey} does not carry this deviation's identity (issue property avvikelse); nothing was synced either way.`);
  }
}

/** Jira answers 404 for the linked issue: deleted, or under a security level our account is not in. */
export class JiraIssueNotFoundError extends DomainError {
  readonly code = 'JIRA_ISSUE_NOT_FOUND';
  readonly kind = 'not_found';

  constructor(issueKey: string) {
    super(`Jira answers 404 for issue ${issueKey}: it was deleted, or a security level hides it from the integration's account.`);
  }
}

/** The issue made or found for this deviation is already linked to another deviation (a unique-constraint clash). */
export class JiraIssueLinkConflictError extends DomainError {
  readonly code = 'JIRA_ISSUE_LINK_CONFLICT';
  readonly kind = 'conflict';

  constructor(issueKey: string) {
    super(`Jira issue ${issueKey} belongs to this deviation, but the service has it linked to another deviation; SKR must resolve it.`);
  }
}

/** Re-create or unlink asked for a link whose issue is not known to be gone: it would make a second issue. */
export class JiraIssueNotGoneError extends DomainError {
  readonly code = 'JIRA_ISSUE_NOT_GONE';
  readonly kind = 'conflict';

  constructor() {
    super(
      `The deviation's Jira issue is not known to be gone (its sync has not failed with ${JiraSyncFailureCode.IssueNotFound}); ` +
        'only a deleted issue is re-created or unlinked.',
    );
  }
}

/** A replay of a deviation SKR unlinked from Jira: only a re-create gives it an issue again. */
export class JiraLinkUnlinkedError extends DomainError {
  readonly code = 'JIRA_LINK_UNLINKED';
  readonly kind = 'conflict';

  constructor() {
    super('SKR unlinked this deviation from Jira; re-create its issue (POST /api/v1/jira/links/{deviationId}/recreate) to sync it again.');
  }
}
