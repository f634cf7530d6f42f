// The simulated site's state and every rule that changes it. Both the REST API (acting as the sync's service account)
// and the admin API (acting as the SKR triager) go through here, so validation, changelog entries and webhook events
// are identical whichever side makes a change.
import { adfProblem, adfToText, type AdfDoc } from './adf';
import { badRequest, badRequestMessage, notFound } from './errors';
import {
  customValueProblem,
  summaryProblem,
  TEXT_TOO_LONG,
  textTooLong,
  type CustomFieldDef,
  type PersistedFieldOptions,
  type Screens,
} from './screens';
import {
  availableTransitions,
  DEFAULT_PRIORITY_ID,
  DEFAULT_RESOLUTION_ID,
  findIssueType,
  findPriority,
  findResolution,
  INITIAL_STATUS_ID,
  PRIORITIES,
  RESOLUTIONS,
  statusById,
  type StatusDef,
  type UserDef,
} from './workflow';

export interface Visibility {
  type: 'group' | 'role';
  value: string;
  identifier?: string;
}

export interface CommentRecord {
  id: string;
  body: AdfDoc;
  authorId: string;
  updateAuthorId: string;
  created: number;
  updated: number;
  visibility?: Visibility;
  /** Comment properties (`expand=properties`); Service Management keeps an internal note's flag in one. */
  properties: Map<string, unknown>;
}

/** An issue security level the service account is not in: to it the issue does not exist. */
export interface SecurityLevel {
  id: string;
  name: string;
}

export interface AttachmentRecord {
  id: string;
  issueId: string;
  filename: string;
  mimeType: string;
  content: Buffer;
  authorId: string;
  created: number;
}

export interface ChangeItem {
  field: string;
  fieldtype: 'jira' | 'custom';
  fieldId: string;
  from: string | null;
  fromString: string | null;
  to: string | null;
  toString: string | null;
}

export interface HistoryRecord {
  id: string;
  authorId: string;
  created: number;
  items: ChangeItem[];
}

export interface IssueRecord {
  id: string;
  key: string;
  issueTypeId: string;
  summary: string;
  description: AdfDoc | null;
  statusId: string;
  priorityId: string;
  resolutionId: string | null;
  resolutionDate: number | null;
  labels: string[];
  custom: Record<string, unknown>;
  created: number;
  updated: number;
  statusCategoryChangeDate: number;
  reporterId: string;
  creatorId: string;
  comments: CommentRecord[];
  attachments: AttachmentRecord[];
  properties: Map<string, unknown>;
  histories: HistoryRecord[];
  /** The project the issue is in now: a move changes it (and the key), never the id. */
  projectId: string;
  /** An issue security level our service account is not in: REST answers 404 for the issue, search leaves it out. */
  securityLevel: SecurityLevel | null;
}

export type StoreEvent =
  | { kind: 'issue_created'; issue: IssueRecord; actor: UserDef; at: number }
  | { kind: 'issue_updated'; issue: IssueRecord; actor: UserDef; at: number; history: HistoryRecord; eventTypeName: string }
  | { kind: 'issue_deleted'; issue: IssueRecord; actor: UserDef; at: number }
  | {
      kind: 'comment_created' | 'comment_updated' | 'comment_deleted';
      issue: IssueRecord;
      actor: UserDef;
      at: number;
      comment: CommentRecord;
    };

export interface StoreConfig {
  projectKey: string;
  projectId: string;
  now: () => number;
  /** Called after every change, webhook or not (issue properties, moves): the state file is written from here. */
  changed?: () => void;
  screens: Screens;
}

/** The store as the state file keeps it: plain JSON, attachment contents in base64. */
export interface PersistedStore {
  version: 1;
  counters: { issueNumber: number; issueId: number; comment: number; attachment: number; history: number };
  /** The next issue number in each project issues were moved to. */
  movedProjects: Record<string, { id: string; nextNumber: number }>;
  /** Select fields' options, those made or deleted through the option API included (absent in older files). */
  fieldOptions?: Record<string, PersistedFieldOptions>;
  issues: (Omit<IssueRecord, 'properties' | 'attachments' | 'comments'> & {
    properties: [string, unknown][];
    comments: (Omit<CommentRecord, 'properties'> & { properties: [string, unknown][] })[];
    attachments: (Omit<AttachmentRecord, 'content'> & { content: string })[];
    /** Keys the issue had before moves: Jira keeps redirecting them. */
    formerKeys: string[];
  })[];
}

export interface NewAttachment {
  filename: string;
  mimeType: string;
  content: Buffer;
}

const CUSTOM_FIELD = /^customfield_\d+$/;
const cannotBeSet = (field: string): string => `Field '${field}' cannot be set. It is not on the appropriate screen, or unknown.`;
const MAX_PROPERTY_BYTES = 32768;

type FieldValues = Record<string, unknown>;

export class JiraStore {
  readonly issues = new Map<string, IssueRecord>();
  private readonly byKey = new Map<string, IssueRecord>();
  private readonly attachmentsById = new Map<string, AttachmentRecord>();
  private nextIssueNumber = 1;
  private nextIssueId = 10000;
  private nextCommentId = 10000;
  private nextAttachmentId = 10000;
  private nextHistoryId = 10000;
  private movedProjects: PersistedStore['movedProjects'] = {};

  constructor(
    private readonly config: StoreConfig,
    private readonly emit: (event: StoreEvent) => void,
  ) {}

  reset(): void {
    this.issues.clear();
    this.byKey.clear();
    this.attachmentsById.clear();
    this.nextIssueNumber = 1;
    this.nextIssueId = 10000;
    this.nextCommentId = 10000;
    this.nextAttachmentId = 10000;
    this.nextHistoryId = 10000;
    this.movedProjects = {};
    this.config.changed?.();
  }

  /** Everything a restart must keep, so a restarted site never hands out an id or key twice. */
  persisted(): PersistedStore {
    const formerKeys = new Map<string, string[]>();
    for (const [key, issue] of this.byKey) if (key !== issue.key) formerKeys.set(issue.id, [...(formerKeys.get(issue.id) ?? []), key]);
    return {
      version: 1,
      counters: {
        issueNumber: this.nextIssueNumber,
        issueId: this.nextIssueId,
        comment: this.nextCommentId,
        attachment: this.nextAttachmentId,
        history: this.nextHistoryId,
      },
      movedProjects: structuredClone(this.movedProjects),
      fieldOptions: this.config.screens.persistedOptions(),
      issues: [...this.issues.values()].map((issue) => ({
        ...structuredClone({ ...issue, properties: undefined, attachments: undefined, comments: undefined }),
        properties: [...issue.properties.entries()],
        comments: issue.comments.map((c) => ({
          ...structuredClone({ ...c, properties: undefined }),
          properties: [...c.properties.entries()],
        })),
        attachments: issue.attachments.map((a) => ({ ...a, content: a.content.toString('base64') })),
        formerKeys: formerKeys.get(issue.id) ?? [],
      })),
    };
  }

  /** Replaces the whole state with one read from the state file. */
  restore(state: PersistedStore): void {
    this.reset();
    const { counters } = state;
    Object.assign(this, {
      nextIssueNumber: counters.issueNumber,
      nextIssueId: counters.issueId,
      nextCommentId: counters.comment,
      nextAttachmentId: counters.attachment,
      nextHistoryId: counters.history,
      movedProjects: state.movedProjects,
    });
    if (state.fieldOptions) this.config.screens.restoreOptions(state.fieldOptions);
    for (const { formerKeys, ...saved } of state.issues) {
      const issue: IssueRecord = {
        ...saved,
        properties: new Map(saved.properties),
        comments: saved.comments.map((c) => ({ ...c, properties: new Map(c.properties) })),
        attachments: saved.attachments.map((a) => ({ ...a, content: Buffer.from(a.content, 'base64') })),
      };
      this.issues.set(issue.id, issue);
      for (const key of [issue.key, ...formerKeys]) this.byKey.set(key, issue);
      for (const attachment of issue.attachments) this.attachmentsById.set(attachment.id, attachment);
    }
  }

  /** A deleted select option's value goes from every issue that held it. */
  clearOption(fieldId: string, optionId: string): void {
    for (const issue of this.issues.values()) {
      const held = issue.custom[fieldId] as { id?: string } | undefined;
      if (held?.id === optionId) delete issue.custom[fieldId];
    }
    this.config.changed?.();
  }

  get projectKey(): string {
    return this.config.projectKey;
  }

  find(idOrKey: string): IssueRecord {
    const issue = this.issues.get(idOrKey) ?? this.byKey.get(idOrKey.toUpperCase());
    if (!issue) throw notFound();
    return issue;
  }

  /** The issue as the service account sees it: one under a security level it is not in does not exist (404). */
  findVisible(idOrKey: string): IssueRecord {
    const issue = this.find(idOrKey);
    if (issue.securityLevel !== null) throw notFound();
    return issue;
  }

  /**
   * Moves the issue to another project, as Jira's "Move": the id stays, the key is the new project's next one and the
   * old key keeps redirecting to it; the changelog (and jira:issue_updated) records the project and the key.
   */
  moveIssue(issue: IssueRecord, projectKey: string, actor: UserDef): void {
    const target = projectKey.toUpperCase();
    if (!/^[A-Z][A-Z0-9]{1,9}$/.test(target)) throw badRequestMessage(`'${projectKey}' is no valid project key.`);
    const fromKey = issue.key;
    const fromProject = issue.projectId;
    if (target === fromKey.split('-')[0]) return;
    const project =
      target === this.config.projectKey
        ? undefined
        : (this.movedProjects[target] ??= { id: String(20000 + Object.keys(this.movedProjects).length), nextNumber: 1 });
    issue.key = `${target}-${project ? project.nextNumber++ : this.nextIssueNumber++}`;
    issue.projectId = project?.id ?? this.config.projectId;
    this.byKey.set(issue.key, issue);
    const items = [jiraItem('project', fromProject, null, issue.projectId, null), jiraItem('Key', null, fromKey, null, issue.key)];
    this.record(issue, items, actor, this.config.now(), 'issue_moved');
  }

  /** Deletes the issue and everything on it, as Jira does: 404 on every call afterwards, a jira:issue_deleted event. */
  deleteIssue(issue: IssueRecord, actor: UserDef): void {
    this.issues.delete(issue.id);
    for (const [key, held] of this.byKey) if (held === issue) this.byKey.delete(key);
    for (const attachment of issue.attachments) this.attachmentsById.delete(attachment.id);
    this.emit({ kind: 'issue_deleted', issue, actor, at: this.config.now() });
  }

  /** Puts the issue under a security level our service account is not in (null lifts it); Jira records it as an edit. */
  setSecurityLevel(issue: IssueRecord, level: SecurityLevel | null, actor: UserDef): void {
    if ((issue.securityLevel?.id ?? null) === (level?.id ?? null)) return;
    const item = {
      ...jiraItem('security', issue.securityLevel?.id ?? null, issue.securityLevel?.name ?? null, level?.id ?? null, level?.name ?? null),
      fieldId: 'security',
    };
    issue.securityLevel = level;
    this.record(issue, [item], actor, this.config.now(), 'issue_updated');
  }

  tryFind(idOrKey: string): IssueRecord | undefined {
    return this.issues.get(idOrKey) ?? this.byKey.get(idOrKey.toUpperCase());
  }

  attachment(id: string): AttachmentRecord {
    const attachment = this.attachmentsById.get(id);
    if (!attachment) throw notFound(`The attachment with id '${id}' does not exist`);
    return attachment;
  }

  createIssue(fields: unknown, actor: UserDef): IssueRecord {
    if (!isRecord(fields)) throw badRequest({}, ['No fields specified.']);
    const errors: Record<string, string> = {};
    const project = fields.project;
    if (!isRecord(project) || !(project.key === this.config.projectKey || project.id === this.config.projectId)) {
      errors.project = 'Specify a valid project ID or key';
    }
    const issueType = isRecord(fields.issuetype) ? findIssueType(fields.issuetype) : undefined;
    if (!issueType) errors.issuetype = fields.issuetype === undefined ? 'Specify an issue type' : 'Specify a valid issue type';
    if (fields.summary === undefined) errors.summary = 'You must specify a summary of the issue.';
    const rest = Object.fromEntries(Object.entries(fields).filter(([name]) => !['project', 'issuetype'].includes(name)));
    const values = this.validateFieldValues(rest, errors, 'create');
    for (const required of this.config.screens.requiredCustomFields()) {
      if (values[required] === undefined || values[required] === null) {
        errors[required] ??= `${this.config.screens.customField(required)?.name ?? required} is required.`;
      }
    }
    if (Object.keys(errors).length > 0) throw badRequest(errors);

    const now = this.config.now();
    const issue: IssueRecord = {
      id: String(this.nextIssueId++),
      key: `${this.config.projectKey}-${this.nextIssueNumber++}`,
      issueTypeId: issueType!.id,
      summary: values.summary as string,
      description: (values.description as AdfDoc | null | undefined) ?? null,
      statusId: INITIAL_STATUS_ID,
      priorityId: (values.priority as string | undefined) ?? DEFAULT_PRIORITY_ID,
      resolutionId: null,
      resolutionDate: null,
      labels: (values.labels as string[] | undefined) ?? [],
      custom: Object.fromEntries(Object.entries(values).filter(([name, v]) => CUSTOM_FIELD.test(name) && v !== null)),
      created: now,
      updated: now,
      statusCategoryChangeDate: now,
      reporterId: actor.accountId,
      creatorId: actor.accountId,
      comments: [],
      attachments: [],
      properties: new Map(),
      histories: [],
      projectId: this.config.projectId,
      securityLevel: null,
    };
    this.issues.set(issue.id, issue);
    this.byKey.set(issue.key, issue);
    this.emit({ kind: 'issue_created', issue, actor, at: now });
    return issue;
  }

  /** PUT /issue: `fields` sets values, `update` applies add/remove/set operations. Answers whether anything changed. */
  editIssue(issue: IssueRecord, body: { fields?: unknown; update?: unknown }, actor: UserDef): boolean {
    const errors: Record<string, string> = {};
    const requested: FieldValues = isRecord(body.fields) ? { ...body.fields } : {};
    const comments: AdfDoc[] = [];
    if (body.update !== undefined) {
      if (!isRecord(body.update)) throw badRequest({}, ["'update' must be an object"]);
      for (const [field, operations] of Object.entries(body.update)) {
        if (field === 'comment') {
          comments.push(...this.commentAdds(operations, errors));
          continue;
        }
        const value = this.applyOperations(issue, field, operations, errors);
        if (value !== undefined) requested[field] = value;
      }
    }
    const values = this.validateFieldValues(requested, errors, 'edit');
    if (Object.keys(errors).length > 0) throw badRequest(errors);

    const items = this.applyFieldValues(issue, values);
    const now = this.config.now();
    const changed = this.record(issue, items, actor, now, 'issue_updated');
    for (const doc of comments) this.addComment(issue, doc, undefined, actor);
    return changed || comments.length > 0;
  }

  /**
   * POST /transitions: only transitions the workflow offers from the current status are accepted, and the fields its
   * screen or validators require must be given (Jira names each missing one in `errors`).
   */
  transition(issue: IssueRecord, body: { transition?: unknown; fields?: unknown; update?: unknown }, actor: UserDef): void {
    const transition = body.transition;
    const transitionId = isRecord(transition) ? transition.id : undefined;
    if (typeof transitionId !== 'string' && typeof transitionId !== 'number') {
      throw badRequestMessage("Missing 'transition' identifier");
    }
    const target = this.transitionsOf(issue).find((s) => s.transitionId === String(transitionId));
    if (!target) throw badRequestMessage(`Transition id '${transitionId}' is not valid for this issue.`);
    const required = this.config.screens.requiredOnTransition(target.id);
    const errors: Record<string, string> = {};
    let resolutionId: string | undefined;
    const custom: FieldValues = {};
    if (body.fields !== undefined) {
      if (!isRecord(body.fields)) throw badRequest({}, ["'fields' must be an object"]);
      for (const [field, value] of Object.entries(body.fields)) {
        if (field === 'resolution' && target.category === 'done') {
          const resolution = isRecord(value) ? findResolution(value) : undefined;
          if (!resolution) errors.resolution = 'Specify a valid resolution';
          else resolutionId = resolution.id;
        } else if (CUSTOM_FIELD.test(field) && required.includes(field)) {
          const definition = this.config.screens.customField(field);
          const problem = definition ? customValueProblem(definition, value, this.config.screens) : undefined;
          if (problem) errors[field] = problem;
          else custom[field] = this.storedCustomValue(definition, value);
        } else errors[field] = cannotBeSet(field);
      }
    }
    const comments = isRecord(body.update) && body.update.comment !== undefined ? this.commentAdds(body.update.comment, errors) : [];
    for (const field of required) {
      const given = field === 'resolution' ? resolutionId : field === 'comment' ? comments[0] : custom[field];
      if (given === undefined || given === null) errors[field] ??= `${this.requiredName(field)} is required.`;
    }
    if (Object.keys(errors).length > 0) throw badRequest(errors);
    const now = this.config.now();
    this.record(issue, this.applyFieldValues(issue, custom), actor, now, 'issue_updated');
    this.moveToStatus(issue, target.id, resolutionId, actor);
    for (const doc of comments) this.addComment(issue, doc, undefined, actor);
  }

  /** The statuses the issue's workflow offers a transition to from where it is now. */
  transitionsOf(issue: IssueRecord): StatusDef[] {
    return this.config.screens.transitionsFrom(issue.statusId, availableTransitions);
  }

  private requiredName(field: string): string {
    if (field === 'resolution') return 'Resolution';
    if (field === 'comment') return 'Comment';
    return this.config.screens.customField(field)?.name ?? field;
  }

  /**
   * Puts the issue in `statusId`, setting the resolution on entering a done status (Jira's post function) and clearing
   * it on leaving one. Admin transitions call this directly and so skip the workflow's restrictions.
   */
  moveToStatus(issue: IssueRecord, statusId: string, resolutionId: string | undefined, actor: UserDef): void {
    const from = statusById(issue.statusId)!;
    const to = statusById(statusId);
    if (!to) throw badRequestMessage(`The status '${statusId}' does not exist.`);
    const now = this.config.now();
    const items: ChangeItem[] = [];
    if (from.id !== to.id) {
      items.push(jiraItem('status', from.id, from.name, to.id, to.name));
      issue.statusId = to.id;
      if (from.category !== to.category) issue.statusCategoryChangeDate = now;
    }
    const wantedResolution = to.category === 'done' ? (resolutionId ?? issue.resolutionId ?? DEFAULT_RESOLUTION_ID) : null;
    items.push(...this.resolutionChange(issue, wantedResolution, now));
    this.record(issue, items, actor, now, 'issue_generic');
  }

  setResolution(issue: IssueRecord, resolutionId: string | null, actor: UserDef): void {
    if (resolutionId !== null && !RESOLUTIONS.some((r) => r.id === resolutionId)) {
      throw badRequest({ resolution: 'Specify a valid resolution' });
    }
    const now = this.config.now();
    this.record(issue, this.resolutionChange(issue, resolutionId, now), actor, now, 'issue_updated');
  }

  addComment(issue: IssueRecord, body: unknown, visibility: unknown, actor: UserDef, properties: unknown = []): CommentRecord {
    const doc = this.commentBody(body);
    const initial = this.propertyList(properties);
    const now = this.config.now();
    const comment: CommentRecord = {
      id: String(this.nextCommentId++),
      body: doc,
      authorId: actor.accountId,
      updateAuthorId: actor.accountId,
      created: now,
      updated: now,
      visibility: this.visibility(visibility),
      properties: new Map(initial.map((p) => [p.key, structuredClone(p.value)])),
    };
    issue.comments.push(comment);
    issue.updated = now;
    this.emit({ kind: 'comment_created', issue, actor, at: now, comment });
    return comment;
  }

  comment(issue: IssueRecord, commentId: string): CommentRecord {
    const comment = issue.comments.find((c) => c.id === commentId);
    if (!comment) throw notFound(`Can not find a comment for the id: ${commentId}.`);
    return comment;
  }

  updateComment(issue: IssueRecord, commentId: string, body: unknown, visibility: unknown, actor: UserDef): CommentRecord {
    const comment = this.comment(issue, commentId);
    const doc = this.commentBody(body);
    const now = this.config.now();
    comment.body = doc;
    if (visibility !== undefined) comment.visibility = this.visibility(visibility);
    comment.updateAuthorId = actor.accountId;
    comment.updated = now;
    issue.updated = now;
    this.emit({ kind: 'comment_updated', issue, actor, at: now, comment });
    return comment;
  }

  deleteComment(issue: IssueRecord, commentId: string, actor: UserDef): void {
    const comment = this.comment(issue, commentId);
    issue.comments = issue.comments.filter((c) => c !== comment);
    const now = this.config.now();
    issue.updated = now;
    this.emit({ kind: 'comment_deleted', issue, actor, at: now, comment });
  }

  /** A comment by its id alone, as /comment/{commentId}/properties finds it; with the issue it is on. */
  findComment(commentId: string): { issue: IssueRecord; comment: CommentRecord } {
    for (const issue of this.issues.values()) {
      const comment = issue.comments.find((c) => c.id === commentId);
      if (comment) return { issue, comment };
    }
    throw notFound(`Can not find a comment for the id: ${commentId}.`);
  }

  setCommentProperty(comment: CommentRecord, key: string, value: unknown): 'created' | 'updated' {
    this.checkProperty(key, value);
    const existed = comment.properties.has(key);
    comment.properties.set(key, structuredClone(value));
    return existed ? 'updated' : 'created';
  }

  addAttachments(issue: IssueRecord, files: NewAttachment[], actor: UserDef): AttachmentRecord[] {
    const now = this.config.now();
    const added = files.map((file) => {
      const attachment: AttachmentRecord = {
        id: String(this.nextAttachmentId++),
        issueId: issue.id,
        filename: file.filename,
        mimeType: file.mimeType,
        content: file.content,
        authorId: actor.accountId,
        created: now,
      };
      issue.attachments.push(attachment);
      this.attachmentsById.set(attachment.id, attachment);
      return attachment;
    });
    const items = added.map((a) => ({ ...jiraItem('Attachment', null, null, a.id, a.filename), fieldId: 'attachment' }));
    this.record(issue, items, actor, now, 'issue_updated');
    return added;
  }

  setProperty(issue: IssueRecord, key: string, value: unknown): 'created' | 'updated' {
    this.checkProperty(key, value);
    const existed = issue.properties.has(key);
    issue.properties.set(key, structuredClone(value));
    this.config.changed?.();
    return existed ? 'updated' : 'created';
  }

  getProperty(issue: IssueRecord, key: string): unknown {
    if (!issue.properties.has(key)) throw notFound(`The property with key '${key}' does not exist.`);
    return issue.properties.get(key);
  }

  deleteProperty(issue: IssueRecord, key: string): void {
    if (!issue.properties.delete(key)) throw notFound(`The property with key '${key}' does not exist.`);
    this.config.changed?.();
  }

  private checkProperty(key: string, value: unknown): void {
    if (key.length === 0 || key.length > 255) throw badRequestMessage('The property key must be between 1 and 255 characters long.');
    if (Buffer.byteLength(JSON.stringify(value) ?? '', 'utf8') > MAX_PROPERTY_BYTES) {
      throw badRequestMessage(`The property value must not exceed ${MAX_PROPERTY_BYTES} bytes.`);
    }
  }

  private propertyList(value: unknown): { key: string; value: unknown }[] {
    if (value === undefined || value === null) return [];
    if (!Array.isArray(value) || value.some((p) => !isRecord(p) || typeof p.key !== 'string')) {
      throw badRequest({ properties: 'Properties must be a list of {key, value} objects.' });
    }
    const list = value as { key: string; value: unknown }[];
    for (const property of list) this.checkProperty(property.key, property.value);
    return list;
  }

  private commentBody(body: unknown): AdfDoc {
    if (adfProblem(body) !== undefined) throw badRequest({ comment: 'Comment body is not valid!' });
    if (textTooLong(body as AdfDoc)) throw badRequest({ comment: TEXT_TOO_LONG });
    return structuredClone(body as AdfDoc);
  }

  private visibility(value: unknown): Visibility | undefined {
    if (value === undefined || value === null) return undefined;
    if (!isRecord(value) || (value.type !== 'group' && value.type !== 'role') || typeof value.value !== 'string' || value.value === '') {
      throw badRequest({ commentLevel: 'You are currently not a member of the project role or group given as comment visibility.' });
    }
    const visibility: Visibility = { type: value.type, value: value.value, identifier: value.value };
    if (typeof value.identifier === 'string') visibility.identifier = value.identifier;
    return visibility;
  }

  private commentAdds(operations: unknown, errors: Record<string, string>): AdfDoc[] {
    if (!Array.isArray(operations)) {
      errors.comment = 'Comment operations must be an array.';
      return [];
    }
    const docs: AdfDoc[] = [];
    for (const operation of operations) {
      const body = isRecord(operation) && isRecord(operation.add) ? operation.add.body : undefined;
      if (adfProblem(body) !== undefined) errors.comment = 'Comment body is not valid!';
      else if (textTooLong(body as AdfDoc)) errors.comment = TEXT_TOO_LONG;
      else docs.push(structuredClone(body as AdfDoc));
    }
    return docs;
  }

  /** The value a field ends up with after `update` operations (add/remove/set), or undefined on error. */
  private applyOperations(issue: IssueRecord, field: string, operations: unknown, errors: Record<string, string>): unknown {
    if (!Array.isArray(operations)) {
      errors[field] = `Operations for '${field}' must be an array.`;
      return undefined;
    }
    let value: unknown = field === 'labels' ? [...issue.labels] : undefined;
    for (const operation of operations) {
      if (!isRecord(operation)) {
        errors[field] = `Invalid operation for '${field}'.`;
        return undefined;
      }
      if ('set' in operation) value = operation.set;
      else if (field === 'labels' && typeof operation.add === 'string') {
        const labels = value as string[];
        if (!labels.includes(operation.add)) labels.push(operation.add);
      } else if (field === 'labels' && typeof operation.remove === 'string') {
        value = (value as string[]).filter((label) => label !== operation.remove);
      } else {
        errors[field] = `Field '${field}' does not support this operation.`;
        return undefined;
      }
    }
    return value;
  }

  /**
   * Checks each given field's value and normalises it (priority to its id); errors go into `errors`. Only the fields
   * on the project's create or edit screen (summary, description, priority, labels, the site's custom fields unless the
   * screen is configured narrower) are accepted: anything else, status and resolution included, gets Jira's "cannot be
   * set" error.
   */
  private validateFieldValues(fields: FieldValues, errors: Record<string, string>, screen: 'create' | 'edit'): FieldValues {
    const values: FieldValues = {};
    for (const [field, value] of Object.entries(fields)) {
      if (!this.config.screens.onScreen(screen, field)) {
        errors[field] = cannotBeSet(field);
        continue;
      }
      switch (field) {
        case 'summary': {
          const problem = summaryProblem(value);
          if (problem) errors.summary = problem;
          else values.summary = value;
          break;
        }
        case 'description':
          if (value === null) values.description = null;
          else if (adfProblem(value) !== undefined) {
            errors.description = 'Operation value must be an Atlassian Document (see the Atlassian Document Format)';
          } else if (textTooLong(value as AdfDoc)) errors.description = TEXT_TOO_LONG;
          else values.description = structuredClone(value);
          break;
        case 'priority': {
          const priority = isRecord(value) ? findPriority(value) : undefined;
          if (!priority) errors.priority = "Specify a valid 'id' or 'name' for Priority";
          else values.priority = priority.id;
          break;
        }
        case 'labels':
          if (!Array.isArray(value) || value.some((label) => typeof label !== 'string' || label === '')) {
            errors.labels = 'Labels must be an array of non-empty strings.';
          } else {
            const spaced = value.find((label: string) => /\s/.test(label));
            if (spaced !== undefined) errors.labels = `The label '${spaced}' contains spaces which is invalid.`;
            else if (value.some((label: string) => label.length > 255)) errors.labels = 'The label must not exceed 255 characters.';
            else values.labels = [...new Set(value as string[])];
          }
          break;
        default: {
          const definition = this.config.screens.customField(field);
          const problem = definition ? customValueProblem(definition, value, this.config.screens) : undefined;
          if (!CUSTOM_FIELD.test(field)) errors[field] = cannotBeSet(field);
          else if (problem) errors[field] = problem;
          else values[field] = this.storedCustomValue(definition, value);
        }
      }
    }
    return values;
  }

  /** A select value is kept as Jira answers it on GET, `{ id, value }`, whichever of the two it was set by. */
  private storedCustomValue(definition: CustomFieldDef | undefined, value: unknown): unknown {
    return definition?.type === 'option' ? this.config.screens.resolveOption(definition.id, value) : structuredClone(value);
  }

  private applyFieldValues(issue: IssueRecord, values: FieldValues): ChangeItem[] {
    const items: ChangeItem[] = [];
    if ('summary' in values && values.summary !== issue.summary) {
      items.push(jiraItem('summary', null, issue.summary, null, values.summary as string));
      issue.summary = values.summary as string;
    }
    if ('description' in values && JSON.stringify(values.description) !== JSON.stringify(issue.description)) {
      const next = values.description as AdfDoc | null;
      items.push(jiraItem('description', null, adfToText(issue.description) || null, null, adfToText(next) || null));
      issue.description = next;
    }
    if ('priority' in values && values.priority !== issue.priorityId) {
      const from = PRIORITIES.find((p) => p.id === issue.priorityId)!;
      const to = PRIORITIES.find((p) => p.id === values.priority)!;
      items.push(jiraItem('priority', from.id, from.name, to.id, to.name));
      issue.priorityId = to.id;
    }
    if ('labels' in values) {
      const next = values.labels as string[];
      if (JSON.stringify([...next].sort()) !== JSON.stringify([...issue.labels].sort())) {
        items.push(jiraItem('labels', null, issue.labels.join(' ') || null, null, next.join(' ') || null));
        issue.labels = next;
      }
    }
    for (const [field, value] of Object.entries(values)) {
      if (!CUSTOM_FIELD.test(field)) continue;
      const before = issue.custom[field] ?? null;
      if (JSON.stringify(before) === JSON.stringify(value ?? null)) continue;
      items.push({
        field,
        fieldtype: 'custom',
        fieldId: field,
        from: null,
        fromString: display(before),
        to: null,
        toString: display(value),
      });
      if (value === null) delete issue.custom[field];
      else issue.custom[field] = value;
    }
    return items;
  }

  private resolutionChange(issue: IssueRecord, resolutionId: string | null, now: number): ChangeItem[] {
    if (issue.resolutionId === resolutionId) return [];
    const name = (id: string | null): string | null => (id === null ? null : RESOLUTIONS.find((r) => r.id === id)!.name);
    const item = jiraItem('resolution', issue.resolutionId, name(issue.resolutionId), resolutionId, name(resolutionId));
    issue.resolutionId = resolutionId;
    issue.resolutionDate = resolutionId === null ? null : now;
    return [item];
  }

  /** Adds a changelog entry, bumps `updated` and announces the change; a no-op edit leaves no trace, as in Jira. */
  private record(issue: IssueRecord, items: ChangeItem[], actor: UserDef, now: number, eventTypeName: string): boolean {
    if (items.length === 0) return false;
    const history: HistoryRecord = { id: String(this.nextHistoryId++), authorId: actor.accountId, created: now, items };
    issue.histories.push(history);
    issue.updated = now;
    this.emit({ kind: 'issue_updated', issue, actor, at: now, history, eventTypeName });
    return true;
  }
}

function jiraItem(field: string, from: string | null, fromString: string | null, to: string | null, toString: string | null): ChangeItem {
  return { field, fieldtype: 'jira', fieldId: field, from, fromString, to, toString };
}

function display(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (isRecord(value) && typeof value.value === 'string') return value.value;
  return typeof value === 'string' ? value : JSON.stringify(value);
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
