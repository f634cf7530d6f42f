import { AdfDocument } from './adf';
import {
  IssueEdit,
  JiraAdminWebhook,
  JiraAttachment,
  JiraAttachmentSettings,
  JiraClient,
  JiraComment,
  JiraFieldMeta,
  JiraIssueContent,
  JiraImportCandidate,
  JiraIssueState,
  JiraTransition,
  NewJiraIssue,
} from './jira-client';
import { DEVIATION_PROPERTY, deviationIdOf, deviationLabel } from './jira-identity';
import { JiraCallError } from './jira.errors';
import { anonymous, servedAnonymously, toJiraCallError } from './jira-call-failure';
import { uploadAttachment } from './jira-attachment-upload';
import { listAdminWebhooks, registerAdminWebhook } from './jira-admin-webhooks';
import { createCloudClient } from './jira-js.esm.mjs';
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
  /** Tests use 'throw' so a simulator answer that jira.js's schemas reject fails loudly. */
  onSchemaMismatch?: 'throw' | 'warn' | 'silent';
  /** Called after every REST call with its route, outcome status and duration (metrics). */
  observe?: (route: string, status: string, seconds: number) => void;
}

type CloudClient = ReturnType<typeof createCloudClient>;

/** Jira Service Management's comment property flagging an internal note. */
const SD_PUBLIC_COMMENT = 'sd.public.comment';
/** Lost creates are looked for among at most this many keys after the highest linked one, up to this many absent. */
const RECENT_KEY_PROBES = 50;
const RECENT_KEY_GAP = 3;
/** An upload's deadline grows by a second per this many bytes (~250 kB/s, a slow link to Jira Cloud). */
const UPLOAD_BYTES_PER_MS = 250;

/**
 * The Jira port over jira.js 6 (Jira Cloud platform REST API v3). jira.js retries nothing here (`maxAttempts: 1`):
 * retries belong to BullMQ, which honours Retry-After without holding a worker slot.
 */
export class JiraJsClient extends JiraClient {
  private client!: CloudClient;
  private clientToken: string | undefined;
  private accountId: string | undefined;

  constructor(private readonly connection: JiraConnection) {
    super();
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
      // A 404 served to an anonymous caller is an auth failure, not a deleted issue (see toJiraCallError).
      if (error instanceof JiraCallError && error.kind === 'permanent' && error.status === 404) return null;
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

  async findAmongKeysAfter(deviationId: string, afterKey: string | null): Promise<{ id: string; key: string } | undefined> {
    let number = afterKey ? Number(/-(\d+)$/.exec(afterKey)?.[1] ?? 0) : 0;
    // Keys are numbered in creation order; a few missing in a row (deleted or moved issues) end the walk.
    for (let missing = 0, probes = 0; missing < RECENT_KEY_GAP && probes < RECENT_KEY_PROBES; probes++) {
      const issue = await this.getIssue(`${this.connection.projectKey}-${++number}`);
      if (!issue) missing++;
      // The identity property is written by the create request itself, so a lost create's issue carries it.
      else if (issue.deviationId === deviationId) return { id: issue.id, key: issue.key };
      else missing = 0;
    }
    return undefined;
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

  /**
   * jira.js takes no AbortSignal: a call it gave up on would go on uploading, complete after the retry's upload and
   * leave the file twice. Uploads go through our own request, aborted at a deadline scaled to the file's size.
   */
  async addAttachment(idOrKey: string, filename: string, content: Buffer): Promise<{ id: string }> {
    const timeoutMs = this.connection.timeoutMs + Math.ceil(content.length / UPLOAD_BYTES_PER_MS);
    try {
      return await this.call(
        'addAttachment',
        // The token the call just read (call() refreshes it before the work starts).
        () => uploadAttachment({ ...this.connection, apiToken: this.clientToken! }, idOrKey, filename, content, timeoutMs),
        // Our own deadline comes just after the abort, which ends the upload and answers the call.
        timeoutMs + 1000,
      );
    } catch (error) {
      // Attachments switched off answer 403 too: that is this deviation's failure to show, not a lost permission.
      if (error instanceof JiraCallError && error.kind === 'forbidden') throw new JiraCallError('permanent', 403, error.message);
      throw error;
    }
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

  async getImportCandidate(idOrKey: string, responsiblePartyField: string): Promise<JiraImportCandidate | null> {
    try {
      const issue = await this.call('getIssue', () =>
        this.client.issues.getIssue({
          issueIdOrKey: idOrKey,
          fields: ['issuetype', 'created', 'creator', 'summary', 'description', responsiblePartyField],
          properties: [DEVIATION_PROPERTY],
        }),
      );
      const fields = (issue.fields ?? {}) as Record<string, unknown>;
      return {
        id: String(issue.id),
        key: String(issue.key),
        issueTypeId: String((fields.issuetype as { id?: string } | undefined)?.id ?? ''),
        created: new Date(fields.created as string),
        creatorAccountId: (fields.creator as { accountId?: string } | null | undefined)?.accountId ?? null,
        responsibleParty: fieldText(fields[responsiblePartyField]),
        summary: String(fields.summary ?? ''),
        description: fields.description ?? null,
        deviationId: deviationIdOf((issue.properties as Record<string, unknown> | undefined)?.[DEVIATION_PROPERTY]),
      };
    } catch (error) {
      if (error instanceof JiraCallError && error.kind === 'permanent' && error.status === 404) return null;
      throw error;
    }
  }

  async searchCreatedSince(
    issueTypeId: string,
    withField: string,
    since: Date,
    pageToken?: string,
  ): Promise<{ issueIds: string[]; nextPageToken?: string }> {
    const field = `cf[${withField.replace('customfield_', '')}]`;
    const result = await this.call('searchJql', () =>
      this.client.issueSearch.searchAndReconsileIssuesUsingJqlPost({
        jql: `project = ${this.connection.projectKey} AND issuetype = ${issueTypeId} AND ${field} IS NOT EMPTY AND created >= ${since.getTime()} ORDER BY created ASC`,
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
    this.accountId ??= await this.checkCredentials();
    return this.accountId;
  }

  async checkCredentials(): Promise<string> {
    const me = await this.call('myself', () => this.client.myself.getCurrentUser());
    if (!me.accountId) throw new JiraCallError('auth', 200, 'Jira answered /myself without an account: the token acts as no one');
    this.accountId = String(me.accountId);
    return this.accountId;
  }

  async canBrowseProject(): Promise<void> {
    await this.call('searchJql', () =>
      this.client.issueSearch.searchAndReconsileIssuesUsingJqlPost({
        jql: `project = ${this.connection.projectKey}`,
        fields: ['id'],
        maxResults: 1,
      }),
    );
  }

  async existingStatusIds(ids: string[]): Promise<string[]> {
    if (ids.length === 0) return [];
    const statuses = await this.call('getStatusesById', () => this.client.status.getStatusesById({ id: ids }));
    return statuses.map((status) => String(status.id));
  }

  async recentIssueIds(max: number): Promise<string[]> {
    const result = await this.call('searchJql', () =>
      this.client.issueSearch.searchAndReconsileIssuesUsingJqlPost({
        jql: `project = ${this.connection.projectKey} ORDER BY updated DESC`,
        fields: ['id'],
        maxResults: max,
      }),
    );
    return (result.issues ?? []).map((issue) => String(issue.id));
  }

  async attachmentSettings(): Promise<JiraAttachmentSettings> {
    const meta = await this.call('getAttachmentMeta', () => this.client.issueAttachments.getAttachmentMeta());
    return { enabled: Boolean(meta.enabled), uploadLimit: typeof meta.uploadLimit === 'number' ? meta.uploadLimit : null };
  }

  async listAdminWebhooks(): Promise<JiraAdminWebhook[]> {
    return this.call('listAdminWebhooks', () =>
      listAdminWebhooks({ ...this.connection, apiToken: this.clientToken! }, this.connection.timeoutMs),
    );
  }

  async registerAdminWebhook(webhook: JiraAdminWebhook & { secret: string }): Promise<JiraAdminWebhook> {
    return this.call('registerAdminWebhook', () =>
      registerAdminWebhook({ ...this.connection, apiToken: this.clientToken! }, webhook, this.connection.timeoutMs),
    );
  }

  /** The jira.js client for the current token, made again when the token changed. */
  private async currentClient(): Promise<CloudClient> {
    const { apiToken } = this.connection;
    const token = typeof apiToken === 'string' ? apiToken : await apiToken();
    if (token !== this.clientToken) {
      this.client = createCloudClient({
        host: this.connection.baseUrl,
        auth: { type: 'basic', email: this.connection.email, apiToken: token },
        retry: { maxAttempts: 1 },
        onSchemaMismatch: this.connection.onSchemaMismatch ?? 'silent',
      });
      this.clientToken = token;
    }
    return this.client;
  }

  /**
   * Runs one REST call with a deadline and turns every failure into a JiraCallError saying how to treat it. Each call
   * is a CLIENT span: jira.js calls Jira with fetch, which the http instrumentation does not see.
   */
  private call<T>(route: string, work: () => Promise<T>, timeoutMs = this.connection.timeoutMs): Promise<T> {
    return inClientSpan(`jira ${route}`, { 'jira.route': route, 'server.address': this.connection.baseUrl }, () =>
      this.callOnce(route, work, timeoutMs),
    );
  }

  private async callOnce<T>(route: string, work: () => Promise<T>, timeoutMs: number): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new JiraCallError('transient', null, `Jira ${route} did not answer within ${timeoutMs} ms`)),
        timeoutMs,
      );
    });
    const started = process.hrtime.bigint();
    let status = '200';
    const headers: JiraAnswerHeaders = {};
    try {
      await this.currentClient();
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
}

interface FieldMetaJson {
  name?: string;
  required?: boolean;
  schema?: { type?: string };
}

function fieldMeta(id: string, field: FieldMetaJson): JiraFieldMeta {
  return { id, name: field.name ?? id, required: Boolean(field.required), type: field.schema?.type ?? 'unknown' };
}

/** A text field's value, or a select list's chosen value, as text; null when empty. */
function fieldText(value: unknown): string | null {
  const text = typeof value === 'string' ? value : (value as { value?: unknown } | null | undefined)?.value;
  return typeof text === 'string' && text.trim() !== '' ? text.trim() : null;
}
