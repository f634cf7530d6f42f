import { AdfDocument } from './adf';
import {
  IssueEdit,
  JiraAttachment,
  JiraClient,
  JiraComment,
  JiraFieldMeta,
  JiraIssueContent,
  JiraIssueState,
  JiraTransition,
  NewJiraIssue,
} from './jira-client';
import { DEVIATION_PROPERTY, deviationIdOf, deviationLabel } from './jira-identity';
import { JiraCallError } from './jira.errors';
import { ApiError, createCloudClient, NetworkError, RateLimitError } from './jira-js.esm.mjs';

export interface JiraConnection {
  baseUrl: string;
  email: string;
  apiToken: string;
  projectKey: string;
  issueTypeId: string;
  /** A request that has not answered by then is abandoned and treated as transient (it may have been applied). */
  timeoutMs: number;
  /** Tests use 'throw' so a simulator answer that jira.js's schemas reject fails loudly. */
  onSchemaMismatch?: 'throw' | 'warn' | 'silent';
  /** Called after every REST call with its route, outcome status and duration (metrics). */
  observe?: (route: string, status: string, seconds: number) => void;
}

type CloudClient = ReturnType<typeof createCloudClient>;

/** Jira Service Management's comment property flagging an internal note. */
const SD_PUBLIC_COMMENT = 'sd.public.comment';

/**
 * The Jira port over jira.js 6 (Jira Cloud platform REST API v3). jira.js retries nothing here (`maxAttempts: 1`):
 * retries belong to BullMQ, which honours Retry-After without holding a worker slot.
 */
export class JiraJsClient extends JiraClient {
  private readonly client: CloudClient;
  private accountId: string | undefined;

  constructor(private readonly connection: JiraConnection) {
    super();
    this.client = createCloudClient({
      host: connection.baseUrl,
      auth: { type: 'basic', email: connection.email, apiToken: connection.apiToken },
      retry: { maxAttempts: 1 },
      onSchemaMismatch: connection.onSchemaMismatch ?? 'silent',
    });
  }

  async createIssue(issue: NewJiraIssue): Promise<{ id: string; key: string }> {
    const created = await this.call('createIssue', () =>
      this.client.issues.createIssue({
        fields: {
          project: { key: this.connection.projectKey },
          issuetype: { id: this.connection.issueTypeId },
          summary: issue.summary,
          description: issue.description,
          priority: { id: issue.priorityId },
          labels: [...issue.labels, deviationLabel(issue.deviationId)],
          ...issue.customFields,
        },
        // In the same request (Jira's IssueUpdateDetails.properties): the issue never exists without it, and a
        // refused create is one refused request — nothing half-made to look for afterwards.
        properties: [{ key: DEVIATION_PROPERTY, value: { deviationId: issue.deviationId } }],
      }),
    );
    return { id: String(created.id), key: String(created.key) };
  }

  async getIssue(idOrKey: string): Promise<JiraIssueState | null> {
    try {
      const issue = await this.call('getIssue', () =>
        this.client.issues.getIssue({
          issueIdOrKey: idOrKey,
          fields: ['status', 'priority', 'resolution', 'updated', 'labels', 'security'],
          // Read with the issue, in the same answer: the identity checked is the one of the state applied.
          properties: [DEVIATION_PROPERTY],
        }),
      );
      const fields = (issue.fields ?? {}) as Record<string, unknown>;
      const status = fields.status as { id?: string; statusCategory?: { key?: string } } | undefined;
      const priority = fields.priority as { id?: string } | null | undefined;
      const resolution = fields.resolution as { id?: string; name?: string } | null | undefined;
      return {
        id: String(issue.id),
        key: String(issue.key),
        statusId: String(status?.id ?? ''),
        statusCategory: status?.statusCategory?.key ?? null,
        priorityId: priority?.id ? String(priority.id) : null,
        resolution: resolution?.name ?? null,
        resolutionId: resolution?.id ? String(resolution.id) : null,
        updated: new Date(fields.updated as string | Date),
        labels: (fields.labels as string[] | undefined) ?? [],
        secured: Boolean(fields.security),
        deviationId: deviationIdOf((issue.properties as Record<string, unknown> | undefined)?.[DEVIATION_PROPERTY]),
      };
    } catch (error) {
      if (error instanceof JiraCallError && error.status === 404) return null;
      throw error;
    }
  }

  async setDeviationId(idOrKey: string, deviationId: string): Promise<void> {
    await this.call('setIssueProperty', () =>
      this.client.issueProperties.setIssueProperty({ issueIdOrKey: idOrKey, propertyKey: DEVIATION_PROPERTY, body: { deviationId } }),
    );
  }

  async editIssue(idOrKey: string, { priorityId, customFields, ...fields }: IssueEdit): Promise<void> {
    await this.call('editIssue', () =>
      this.client.issues.editIssue({
        issueIdOrKey: idOrKey,
        fields: { ...fields, ...customFields, ...(priorityId ? { priority: { id: priorityId } } : {}) },
      }),
    );
  }

  async getContent(idOrKey: string): Promise<JiraIssueContent> {
    const issue = await this.call('getIssue', () =>
      this.client.issues.getIssue({ issueIdOrKey: idOrKey, fields: ['summary', 'description'] }),
    );
    const fields = (issue.fields ?? {}) as { summary?: string; description?: unknown };
    return { summary: fields.summary ?? '', description: fields.description ?? null };
  }

  async createMeta(): Promise<JiraFieldMeta[]> {
    const fields: JiraFieldMeta[] = [];
    for (let startAt = 0; ;) {
      const page = await this.call('createMeta', () =>
        this.client.issues.getCreateIssueMetaIssueTypeId({
          projectIdOrKey: this.connection.projectKey,
          issueTypeId: this.connection.issueTypeId,
          startAt,
          maxResults: 50,
        }),
      );
      const got = page.fields ?? [];
      fields.push(...got.map((f) => fieldMeta(String(f.fieldId), f)));
      startAt += got.length;
      if (got.length === 0 || startAt >= (page.total ?? 0)) return fields;
    }
  }

  async editMeta(idOrKey: string): Promise<JiraFieldMeta[]> {
    const meta = await this.call('editMeta', () => this.client.issues.getEditIssueMeta({ issueIdOrKey: idOrKey }));
    return Object.entries((meta.fields ?? {}) as Record<string, FieldMetaJson>).map(([id, f]) => fieldMeta(id, f));
  }

  async getTransitions(idOrKey: string): Promise<JiraTransition[]> {
    const { transitions = [] } = await this.call('getTransitions', () =>
      this.client.issues.getTransitions({ issueIdOrKey: idOrKey, expand: 'transitions.fields' }),
    );
    return transitions
      .filter((t) => t.id && t.to?.id)
      .map((t) => ({
        id: String(t.id),
        toStatusId: String(t.to!.id),
        toStatusName: t.to?.name ?? '',
        toCategory: t.to?.statusCategory?.key ?? null,
        fields: Object.entries((t.fields ?? {}) as Record<string, { name?: string; required?: boolean }>).map(([id, meta]) => ({
          id,
          name: meta.name ?? id,
          required: Boolean(meta.required),
        })),
      }));
  }

  async doTransition(idOrKey: string, transitionId: string, fields: Record<string, unknown>, comment?: AdfDocument): Promise<void> {
    await this.call('doTransition', () =>
      this.client.issues.doTransition({
        issueIdOrKey: idOrKey,
        transition: { id: transitionId },
        ...(Object.keys(fields).length > 0 ? { fields } : {}),
        ...(comment ? { update: { comment: [{ add: { body: comment } }] } } : {}),
      }),
    );
  }

  async findByDeviationId(deviationId: string): Promise<{ id: string; key: string }[]> {
    const result = await this.call('searchJql', () =>
      this.client.issueSearch.searchAndReconsileIssuesUsingJqlPost({
        jql: `project = ${this.connection.projectKey} AND labels = "${deviationLabel(deviationId)}"`,
        // The enhanced search answers ids only by default; asking for `key` gets the key without other fields.
        fields: ['id', 'key'],
        maxResults: 10,
      }),
    );
    return (result.issues ?? []).map((issue) => ({ id: String(issue.id), key: String(issue.key) }));
  }

  async listComments(idOrKey: string): Promise<JiraComment[]> {
    const comments: JiraComment[] = [];
    for (let startAt = 0; ;) {
      const page = await this.call('getComments', () =>
        // `properties` carries Service Management's internal-note flag (sd.public.comment).
        this.client.issueComments.getComments({
          issueIdOrKey: idOrKey,
          startAt,
          maxResults: 100,
          orderBy: 'created',
          expand: 'properties',
        }),
      );
      for (const comment of page.comments ?? []) {
        const internalFlag = comment.properties?.find((p) => p.key === SD_PUBLIC_COMMENT)?.value as { internal?: unknown } | undefined;
        comments.push({
          id: String(comment.id),
          body: comment.body,
          authorAccountId: comment.author?.accountId ?? null,
          authorAccountType: comment.author?.accountType ?? null,
          restricted: Boolean(comment.visibility),
          jsdPublic: comment.jsdPublic !== false,
          internalNote: internalFlag?.internal === true,
          created: new Date(comment.created as unknown as string),
          updated: new Date((comment.updated ?? comment.created) as unknown as string),
        });
      }
      startAt += page.comments?.length ?? 0;
      if (!page.comments?.length || startAt >= (page.total ?? 0)) return comments;
    }
  }

  async addComment(idOrKey: string, body: AdfDocument): Promise<{ id: string }> {
    const comment = await this.call('addComment', () =>
      this.client.issueComments.addComment({
        issueIdOrKey: idOrKey,
        body: body as unknown as { type: 'doc'; version: number; content: Record<string, unknown>[] },
      }),
    );
    return { id: String(comment.id) };
  }

  async setCommentProperty(commentId: string, key: string, value: Record<string, unknown>): Promise<void> {
    await this.call('setCommentProperty', () =>
      this.client.issueCommentProperties.setCommentProperty({ commentId, propertyKey: key, body: value }),
    );
  }

  async addAttachment(idOrKey: string, filename: string, content: Buffer): Promise<{ id: string }> {
    const [attachment] = await this.call('addAttachment', () =>
      this.client.issueAttachments.addAttachment({ issueIdOrKey: idOrKey, attachments: { filename, content } }),
    );
    return { id: String(attachment?.id) };
  }

  async listAttachments(idOrKey: string): Promise<JiraAttachment[]> {
    const issue = await this.call('getIssue', () => this.client.issues.getIssue({ issueIdOrKey: idOrKey, fields: ['attachment'] }));
    const attachments =
      ((issue.fields ?? {}) as { attachment?: { id?: unknown; filename?: string; size?: number; author?: { accountId?: string } }[] })
        .attachment ?? [];
    return attachments.map((a) => ({
      id: String(a.id),
      filename: a.filename ?? '',
      size: Number(a.size ?? -1),
      authorAccountId: a.author?.accountId ?? null,
    }));
  }

  async searchUpdatedSince(since: Date, pageToken?: string): Promise<{ issueIds: string[]; nextPageToken?: string }> {
    const result = await this.call('searchJql', () =>
      this.client.issueSearch.searchAndReconsileIssuesUsingJqlPost({
        jql: `project = ${this.connection.projectKey} AND updated >= ${since.getTime()} ORDER BY updated ASC`,
        fields: ['id'],
        maxResults: 100,
        ...(pageToken ? { nextPageToken: pageToken } : {}),
      }),
    );
    return {
      issueIds: (result.issues ?? []).map((issue) => String(issue.id)),
      ...(result.isLast || !result.nextPageToken ? {} : { nextPageToken: result.nextPageToken }),
    };
  }

  async myAccountId(): Promise<string> {
    this.accountId ??= String((await this.call('myself', () => this.client.myself.getCurrentUser())).accountId);
    return this.accountId;
  }

  /** Runs one REST call with a deadline and turns every failure into a JiraCallError saying how to treat it. */
  private async call<T>(route: string, work: () => Promise<T>): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new JiraCallError('transient', null, `Jira ${route} did not answer within ${this.connection.timeoutMs} ms`)),
        this.connection.timeoutMs,
      );
    });
    const started = process.hrtime.bigint();
    let status = '200';
    try {
      return await Promise.race([work(), deadline]);
    } catch (error) {
      const failure = toJiraCallError(route, error);
      status = failure.status === null ? failure.kind : String(failure.status);
      throw failure;
    } finally {
      clearTimeout(timer);
      this.connection.observe?.(route, status, Number(process.hrtime.bigint() - started) / 1e9);
    }
  }
}

function toJiraCallError(route: string, error: unknown): JiraCallError {
  if (error instanceof JiraCallError) return error;
  if (error instanceof RateLimitError) {
    return new JiraCallError('rate_limited', 429, `Jira ${route} is rate limited`, error.retryAfterMs ?? 1000, { cause: error });
  }
  if (error instanceof ApiError) {
    const status = error.status;
    const kind = status === 401 ? 'auth' : status === 429 ? 'rate_limited' : status >= 500 || status === 408 ? 'transient' : 'permanent';
    return new JiraCallError(kind, status, `Jira ${route} answered ${status}: ${summarise(error.body)}`, undefined, {
      cause: error,
      fieldErrors: fieldErrorsOf(error.body),
    });
  }
  if (error instanceof NetworkError)
    return new JiraCallError('transient', null, `Jira ${route}: ${error.message}`, undefined, { cause: error });
  return new JiraCallError('transient', null, `Jira ${route}: ${(error as Error)?.message ?? String(error)}`, undefined, { cause: error });
}

interface FieldMetaJson {
  name?: string;
  required?: boolean;
  schema?: { type?: string };
}

function fieldMeta(id: string, field: FieldMetaJson): JiraFieldMeta {
  return { id, name: field.name ?? id, required: Boolean(field.required), type: field.schema?.type ?? 'unknown' };
}

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
