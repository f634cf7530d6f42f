import { JiraCallError } from './jira.errors';
import { jiraJs } from './jira-js-module';
import { type JiraAnswerHeaders } from './jira-response-headers';

/** An expired or revoked token: Jira serves the call as an anonymous user and says so only in a header. */
export const servedAnonymously = (headers: JiraAnswerHeaders) => /^AUTHENTICAT(ED_FAILED|ION_DENIED)/i.test(headers.loginReason ?? '');
export const anonymous = (route: string, status: number) =>
  new JiraCallError('auth', status, `Jira served ${route} as an anonymous user (${status}): the API token is expired or revoked`);

/** Turns any failure of a call into a JiraCallError that says how the sync treats it. */
export function toJiraCallError(route: string, error: unknown, headers: JiraAnswerHeaders): JiraCallError {
  if (error instanceof JiraCallError) return error;
  if (error instanceof jiraJs().ApiError && servedAnonymously(headers)) return anonymous(route, error.status);
  if (error instanceof jiraJs().RateLimitError) {
    return new JiraCallError('rate_limited', 429, `Jira ${route} is rate limited`, error.retryAfterMs ?? 1000, { cause: error });
  }
  // Some 503s carry Retry-After: Jira asks for a pause, as with a 429, rather than failing the call.
  if (error instanceof jiraJs().ApiError && error.status === 503 && headers.retryAfterMs !== undefined) {
    return new JiraCallError('rate_limited', 503, `Jira ${route} is unavailable for now`, headers.retryAfterMs, { cause: error });
  }
  if (error instanceof jiraJs().ApiError) {
    const status = error.status;
    if (status === 429) return new JiraCallError('rate_limited', 429, `Jira ${route} is rate limited`, headers.retryAfterMs ?? 1000);
    const kind =
      status === 401
        ? 'auth'
        : status === 403
          ? 'forbidden'
          : status === 429
            ? 'rate_limited'
            : status >= 500 || status === 408
              ? 'transient'
              : 'permanent';
    return new JiraCallError(kind, status, `Jira ${route} answered ${status}: ${summarise(error.body)}`, undefined, {
      cause: error,
      fieldErrors: fieldErrorsOf(error.body),
    });
  }
  if (error instanceof jiraJs().NetworkError)
    return new JiraCallError('transient', null, `Jira ${route}: ${error.message}`, undefined, { cause: error });
  return new JiraCallError('transient', null, `Jira ${route}: ${(error as Error)?.message ?? String(error)}`, undefined, { cause: error });
}

/** The field-keyed part of Jira's ErrorCollection: which field a screen or validator wants. */
function fieldErrorsOf(body: unknown): Record<string, string> {
  const errors = typeof body === 'object' && body !== null ? (body as { errors?: unknown }).errors : undefined;
  if (typeof errors !== 'object' || errors === null) return {};
  return Object.fromEntries(Object.entries(errors).filter((entry): entry is [string, string] => typeof entry[1] === 'string'));
}

/** Jira's ErrorCollection, shortened for the sync state shown to SKR. */
function summarise(body: unknown): string {
  if (typeof body !== 'object' || body === null) return String(body ?? '').slice(0, 300);
  const collection = body as { errorMessages?: string[]; errors?: Record<string, string> };
  const parts = [...(collection.errorMessages ?? []), ...Object.entries(collection.errors ?? {}).map(([k, v]) => `${k}: ${v}`)];
  return (parts.join('; ') || JSON.stringify(body)).slice(0, 300);
}
