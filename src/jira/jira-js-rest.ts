import { JiraCallError } from './jira.errors';
import { anonymous, servedAnonymously, toJiraCallError } from './jira-call-failure';
import type * as JiraJs from './jira-js.esm.mjs';
import { jiraJs } from './jira-js-module';
import { inClientSpan } from '../common/trace-context';
import { type JiraAnswerHeaders, withAnswerHeaders } from './jira-response-headers';

export interface JiraConnection {
  baseUrl: string;
  email: string;
  /** Read before every call, so a rotated token takes effect without a restart (see JiraTokenSource). */
  apiToken: string | (() => Promise<string>);
  projectKey: string;
  issueTypeId: string;
  /** A request that has not answered by then is abandoned and treated as transient (it may have been applied). */
  timeoutMs: number;
  /** JIRA_RESPONSIBLE_PARTY_FIELD: read with every issue, for SKR's choice of responsible party made in Jira. */
  responsiblePartyField?: string;
  /** Tests use 'throw' so a simulator answer that jira.js's schemas reject fails loudly. */
  onSchemaMismatch?: 'throw' | 'warn' | 'silent';
  /** Called after every REST call with its route, outcome status and duration (metrics). */
  observe?: (route: string, status: string, seconds: number) => void;
}

export type CloudClient = ReturnType<typeof JiraJs.createCloudClient>;

/**
 * One connection to the site through jira.js 6 (Jira Cloud platform REST API v3), and the one way every call is made:
 * with a deadline, the current token, and each failure turned into a JiraCallError. jira.js retries nothing here
 * (`maxAttempts: 1`): retries belong to BullMQ, which honours Retry-After without holding a worker slot.
 */
export class JiraJsRest {
  private jiraJs!: CloudClient;
  private clientToken: string | undefined;

  constructor(readonly connection: JiraConnection) {}

  /** The jira.js client made for the token the running call read. */
  get client(): CloudClient {
    return this.jiraJs;
  }

  /** The connection with the token the running call read, for the requests jira.js cannot make (uploads, admin webhooks). */
  get withCurrentToken(): JiraConnection & { apiToken: string } {
    return { ...this.connection, apiToken: this.clientToken! };
  }

  /**
   * Runs one REST call with a deadline and turns every failure into a JiraCallError saying how to treat it. Each call
   * is a CLIENT span: jira.js calls Jira with fetch, which the http instrumentation does not see.
   */
  call<T>(route: string, work: () => Promise<T>, timeoutMs = this.connection.timeoutMs): Promise<T> {
    return inClientSpan(`jira ${route}`, { 'jira.route': route, 'server.address': this.connection.baseUrl }, () =>
      this.callOnce(route, work, timeoutMs),
    );
  }

  private async callOnce<T>(route: string, work: () => Promise<T>, timeoutMs: number): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const started = process.hrtime.bigint();
    let status = '200';
    const headers: JiraAnswerHeaders = {};
    try {
      await this.refreshClient();
      // The deadline is Jira's, so it starts after the token is read (a stored token is read from the database), and
      // it is raced at once: a deadline that fired while nothing awaited it was an unhandled rejection, a dead worker.
      const deadline = new Promise<never>((_, reject) => {
        timer = setTimeout(
          () => reject(new JiraCallError('transient', null, `Jira ${route} did not answer within ${timeoutMs} ms`)),
          timeoutMs,
        );
      });
      const result = await Promise.race([withAnswerHeaders(headers, work), deadline]);
      // An expired or revoked token is served as an anonymous user where Jira allows anonymous access: a 200 (an
      // empty search) that must not be taken for "nothing there".
      if (servedAnonymously(headers)) throw anonymous(route, 200);
      return result;
    } catch (error) {
      const failure = toJiraCallError(route, error, headers);
      status = failure.status === null ? failure.kind : String(failure.status);
      throw failure;
    } finally {
      clearTimeout(timer);
      this.connection.observe?.(route, status, Number(process.hrtime.bigint() - started) / 1e9);
    }
  }

  /** Makes the jira.js client again when the token changed. */
  private async refreshClient(): Promise<void> {
    const { apiToken } = this.connection;
    const token = typeof apiToken === 'string' ? apiToken : await apiToken();
    if (token === this.clientToken) return;
    this.jiraJs = jiraJs().createCloudClient({
      host: this.connection.baseUrl,
      auth: { type: 'basic', email: this.connection.email, apiToken: token },
      retry: { maxAttempts: 1 },
      onSchemaMismatch: this.connection.onSchemaMismatch ?? 'silent',
    });
    this.clientToken = token;
  }
}

/** A 404 that is a missing issue (a 404 served to an anonymous caller is an auth failure, see toJiraCallError). */
export const isNotFound = (error: unknown): boolean => error instanceof JiraCallError && error.kind === 'permanent' && error.status === 404;
