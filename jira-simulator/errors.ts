/** Jira's error envelope (ErrorCollection in the OpenAPI document). */
export interface ErrorCollection {
  errorMessages: string[];
  errors: Record<string, string>;
}

/** Thrown by the store and routes; the HTTP layer turns it into a status and an ErrorCollection body. */
export class JiraError extends Error {
  constructor(
    readonly status: number,
    readonly errorMessages: string[] = [],
    readonly errors: Record<string, string> = {},
  ) {
    super(errorMessages[0] ?? Object.values(errors)[0] ?? `HTTP ${status}`);
  }

  get body(): ErrorCollection {
    return { errorMessages: this.errorMessages, errors: this.errors };
  }
}

export const ISSUE_NOT_FOUND = 'Issue does not exist or you do not have permission to see it.';

export const notFound = (message = ISSUE_NOT_FOUND): JiraError => new JiraError(404, [message]);
export const badRequest = (errors: Record<string, string>, messages: string[] = []): JiraError => new JiraError(400, messages, errors);
export const badRequestMessage = (message: string): JiraError => new JiraError(400, [message]);
