// JSON representations, shaped as Jira Cloud answers them (and as the OpenAPI document's schemas allow), shared by the
// REST routes and the webhook payloads.
import { jsdPublic, type SiteProfileName } from './profiles';
import { type CustomFieldDef, type Screens } from './screens';
import type { AttachmentRecord, CommentRecord, HistoryRecord, IssueRecord } from './store';
import { formatJiraDateTime } from './time';
import {
  ISSUE_TYPES,
  PRIORITIES,
  PROJECT,
  RESOLUTIONS,
  STATUS_CATEGORIES,
  statusById,
  type IssueTypeDef,
  type PriorityDef,
  type ResolutionDef,
  type StatusDef,
  type UserDef,
} from './workflow';

type Json = Record<string, unknown>;

export interface RenderContext {
  baseUrl: string;
  timeZone: string;
  projectKey: string;
  user: (accountId: string) => UserDef;
  profile: SiteProfileName;
  /** Names in the site's language, and the fields of transition and create screens. */
  screens: Screens;
}

const FIELD_NAMES: Record<string, string> = {
  summary: 'Summary',
  description: 'Description',
  status: 'Status',
  priority: 'Priority',
  resolution: 'Resolution',
  resolutiondate: 'Resolved',
  labels: 'Labels',
  created: 'Created',
  updated: 'Updated',
  issuetype: 'Issue Type',
  project: 'Project',
  reporter: 'Reporter',
  creator: 'Creator',
  assignee: 'Assignee',
  comment: 'Comment',
  attachment: 'Attachment',
  statuscategorychangedate: 'Status Category Changed',
};

/** Fields `*navigable` leaves out, as Jira does for the bulky ones. */
const NOT_NAVIGABLE = new Set(['comment']);

/** Which fields a `fields` parameter asks for: names, `*all`, `*navigable` and `-name` exclusions, comma-joined or repeated. */
export function fieldSelector(requested: readonly string[], fallback: string): (field: string) => boolean {
  const parts = (requested.length > 0 ? requested : [fallback])
    .flatMap((item) => item.split(','))
    .map((item) => item.trim())
    .filter((item) => item !== '');
  const include = new Set<string>();
  const exclude = new Set<string>();
  let all = false;
  let navigable = false;
  for (const part of parts) {
    if (part === '*all') all = true;
    else if (part === '*navigable') navigable = true;
    else if (part.startsWith('-')) exclude.add(part.slice(1));
    else include.add(part);
  }
  return (field) => !exclude.has(field) && (all || (navigable && !NOT_NAVIGABLE.has(field)) || include.has(field));
}

export class Renderer {
  constructor(private readonly ctx: RenderContext) {}

  get baseUrl(): string {
    return this.ctx.baseUrl;
  }

  time(ms: number): string {
    return formatJiraDateTime(ms, this.ctx.timeZone);
  }

  avatarUrls(seed: string): Json {
    const base = `${this.ctx.baseUrl}/secure/useravatar?ownerId=${encodeURIComponent(seed)}`;
    return { '48x48': `${base}&size=large`, '24x24': `${base}&size=small`, '16x16': `${base}&size=xsmall`, '32x32': `${base}&size=medium` };
  }

  userDetails(accountId: string): Json {
    const user = this.ctx.user(accountId);
    return {
      self: `${this.ctx.baseUrl}/rest/api/3/user?accountId=${encodeURIComponent(user.accountId)}`,
      accountId: user.accountId,
      emailAddress: user.emailAddress,
      avatarUrls: this.avatarUrls(user.accountId),
      displayName: user.displayName,
      active: true,
      timeZone: this.ctx.timeZone,
      accountType: user.accountType ?? 'atlassian',
    };
  }

  /** GET /myself: the User schema, a superset of UserDetails. */
  user(accountId: string): Json {
    return {
      ...this.userDetails(accountId),
      locale: 'sv_SE',
      groups: { size: 1, items: [] },
      applicationRoles: { size: 1, items: [] },
      expand: 'groups,applicationRoles',
    };
  }

  statusCategory(status: StatusDef): Json {
    const category = STATUS_CATEGORIES[status.category];
    return {
      self: `${this.ctx.baseUrl}/rest/api/3/statuscategory/${category.id}`,
      id: category.id,
      key: category.key,
      colorName: category.colorName,
      name: category.name,
    };
  }

  status(status: StatusDef): Json {
    return {
      self: `${this.ctx.baseUrl}/rest/api/3/status/${status.id}`,
      description: status.description,
      iconUrl: `${this.ctx.baseUrl}/images/icons/statuses/generic.png`,
      name: this.ctx.screens.statusName(status),
      id: status.id,
      statusCategory: this.statusCategory(status),
    };
  }

  /** GET /statuses: the newer JiraStatus shape. */
  jiraStatus(status: StatusDef): Json {
    return {
      id: status.id,
      name: this.ctx.screens.statusName(status),
      statusCategory: STATUS_CATEGORIES[status.category].jiraStatusCategory,
      scope: { type: 'GLOBAL' },
    };
  }

  priorityRef(priority: PriorityDef): Json {
    return {
      self: `${this.ctx.baseUrl}/rest/api/3/priority/${priority.id}`,
      iconUrl: `${this.ctx.baseUrl}/images/icons/priorities/${priority.icon}.svg`,
      name: priority.name,
      id: priority.id,
    };
  }

  priority(priority: PriorityDef): Json {
    return {
      ...this.priorityRef(priority),
      description: priority.description,
      statusColor: priority.statusColor,
      isDefault: priority.id === '3',
    };
  }

  /** GET /resolution uses the strict Resolution schema (id, name, self). */
  resolution(resolution: ResolutionDef): Json {
    return {
      self: `${this.ctx.baseUrl}/rest/api/3/resolution/${resolution.id}`,
      id: resolution.id,
      name: this.ctx.screens.resolutionName(resolution.id),
    };
  }

  issueType(type: IssueTypeDef): Json {
    return {
      self: `${this.ctx.baseUrl}/rest/api/3/issuetype/${type.id}`,
      id: type.id,
      description: type.description,
      iconUrl: `${this.ctx.baseUrl}/images/icons/issuetypes/${type.id}.svg`,
      name: type.name,
      subtask: false,
      hierarchyLevel: 0,
    };
  }

  /** SKR's project, or the one an issue was moved to (named by its key, which is all the simulator knows of it). */
  project(issue?: IssueRecord): Json {
    const moved = issue !== undefined && issue.projectId !== PROJECT.id;
    const id = moved ? issue.projectId : PROJECT.id;
    const key = moved ? issue.key.split('-')[0] : this.ctx.projectKey;
    return {
      self: `${this.ctx.baseUrl}/rest/api/3/project/${id}`,
      id,
      key,
      name: moved ? key : PROJECT.name,
      projectTypeKey: 'software',
      simplified: false,
      avatarUrls: this.avatarUrls(`project-${id}`),
    };
  }

  /** A transition; with `withFields` (expand=transitions.fields) the fields its screen and validators ask for. */
  transition(status: StatusDef, withFields = false): Json {
    const required = this.ctx.screens.requiredOnTransition(status.id);
    const json: Json = {
      id: status.transitionId,
      name: status.transitionName,
      to: this.status(status),
      hasScreen: status.category === 'done' || required.some((field) => field !== 'comment'),
      isGlobal: this.ctx.screens.get().workflow !== 'strict',
      isInitial: false,
      isAvailable: true,
      isConditional: false,
      isLooped: false,
    };
    if (!withFields) return json;
    const fields: Json = {};
    if (status.category === 'done' || required.includes('resolution')) {
      fields.resolution = this.resolutionFieldMeta(required.includes('resolution'));
    }
    for (const id of required) {
      const custom = this.ctx.screens.customField(id);
      if (custom) fields[id] = this.customFieldMeta(custom, true);
    }
    if (required.includes('comment')) {
      fields.comment = {
        required: true,
        schema: { type: 'comments-page', system: 'comment' },
        name: 'Comment',
        key: 'comment',
        operations: ['add'],
      };
    }
    return { ...json, fields };
  }

  resolutionFieldMeta(required: boolean): Json {
    return {
      required,
      schema: { type: 'resolution', system: 'resolution' },
      name: 'Resolution',
      key: 'resolution',
      operations: ['set'],
      allowedValues: RESOLUTIONS.map((r) => this.resolution(r)),
    };
  }

  /** GET createmeta/{project}/issuetypes/{id}: the create screen's fields (FieldCreateMetadata). */
  createMetaFields(): Json[] {
    const screens = this.ctx.screens;
    const system: [string, string, Json][] = [
      ['summary', 'Summary', { type: 'string', system: 'summary' }],
      ['description', 'Description', { type: 'string', system: 'description' }],
      ['priority', 'Priority', { type: 'priority', system: 'priority' }],
      ['labels', 'Labels', { type: 'array', items: 'string', system: 'labels' }],
    ];
    const fields: Json[] = system
      .filter(([id]) => screens.onScreen('create', id))
      .map(([id, name, schema]) => ({
        required: id === 'summary',
        schema,
        name,
        key: id,
        fieldId: id,
        operations: id === 'labels' ? ['add', 'set', 'remove'] : ['set'],
        hasDefaultValue: id === 'priority',
      }));
    for (const custom of screens.customFields().filter((f) => screens.onScreen('create', f.id))) {
      fields.push({ ...this.customFieldMeta(custom, screens.requiredCustomFields().includes(custom.id)), fieldId: custom.id });
    }
    return fields;
  }

  /** GET issue/{id}/editmeta: the edit screen's fields by id (FieldMetadata). */
  editMetaFields(): Json {
    const screens = this.ctx.screens;
    const fields: Json = {};
    for (const meta of this.createMetaFields()) {
      const { fieldId, ...rest } = meta as Json & { fieldId: string };
      if (screens.onScreen('edit', fieldId)) fields[fieldId] = { ...rest, required: fieldId === 'summary' };
    }
    return fields;
  }

  /** A custom field as createmeta, editmeta and transition screens describe it (FieldMetadata). */
  customFieldMeta(field: CustomFieldDef, required: boolean): Json {
    const custom = {
      string: 'com.atlassian.jira.plugin.system.customfieldtypes:textfield',
      option: 'com.atlassian.jira.plugin.system.customfieldtypes:select',
      labels: 'com.atlassian.jira.plugin.system.customfieldtypes:labels',
    }[field.type];
    const json: Json = {
      required,
      schema: {
        type: field.type === 'labels' ? 'array' : field.type,
        ...(field.type === 'labels' ? { items: 'string' } : {}),
        custom,
        customId: Number(field.id.replace('customfield_', '')),
      },
      name: field.name,
      key: field.id,
      operations: field.type === 'labels' ? ['add', 'set', 'remove'] : ['set'],
    };
    if (field.type === 'option') {
      json.allowedValues = this.ctx.screens
        .fieldOptions(field.id)
        .filter((option) => !option.disabled)
        .map(({ id, value }) => ({ self: `${this.ctx.baseUrl}/rest/api/3/customFieldOption/${id}`, value, id }));
    }
    return json;
  }

  issueSelf(issue: IssueRecord): string {
    return `${this.ctx.baseUrl}/rest/api/3/issue/${issue.id}`;
  }

  /** With `properties`, as `expand=properties` asks: the comment's properties as EntityProperty entries. */
  comment(issue: IssueRecord, comment: CommentRecord, options: { properties?: boolean } = {}): Json {
    const json: Json = {
      self: `${this.issueSelf(issue)}/comment/${comment.id}`,
      id: comment.id,
      author: this.userDetails(comment.authorId),
      body: comment.body,
      updateAuthor: this.userDetails(comment.updateAuthorId),
      created: this.time(comment.created),
      updated: this.time(comment.updated),
      jsdPublic: jsdPublic(this.ctx.profile, comment),
    };
    if (comment.visibility) json.visibility = { ...comment.visibility };
    if (options.properties) json.properties = [...comment.properties].map(([key, value]) => ({ key, value: structuredClone(value) }));
    return json;
  }

  attachment(attachment: AttachmentRecord): Json {
    const json: Json = {
      self: `${this.ctx.baseUrl}/rest/api/3/attachment/${attachment.id}`,
      id: attachment.id,
      filename: attachment.filename,
      author: this.userDetails(attachment.authorId),
      created: this.time(attachment.created),
      size: attachment.content.length,
      mimeType: attachment.mimeType,
      content: `${this.ctx.baseUrl}/rest/api/3/attachment/content/${attachment.id}`,
    };
    if (attachment.mimeType.startsWith('image/')) {
      json.thumbnail = `${this.ctx.baseUrl}/rest/api/3/attachment/thumbnail/${attachment.id}`;
    }
    return json;
  }

  /** GET /attachment/{id}: AttachmentMetadata, whose id is a number and author a full User. */
  attachmentMetadata(attachment: AttachmentRecord): Json {
    const { thumbnail: _thumbnail, ...rest } = this.attachment(attachment);
    return { ...rest, id: Number(attachment.id), author: this.user(attachment.authorId), properties: {} };
  }

  /** Every field of the issue, keyed by field id. */
  allFields(issue: IssueRecord): Json {
    const status = statusById(issue.statusId)!;
    const priority = PRIORITIES.find((p) => p.id === issue.priorityId)!;
    const resolution = issue.resolutionId === null ? undefined : RESOLUTIONS.find((r) => r.id === issue.resolutionId);
    return {
      statuscategorychangedate: this.time(issue.statusCategoryChangeDate),
      issuetype: this.issueType(ISSUE_TYPES.find((t) => t.id === issue.issueTypeId)!),
      project: this.project(issue),
      created: this.time(issue.created),
      updated: this.time(issue.updated),
      resolution: resolution
        ? {
            self: `${this.ctx.baseUrl}/rest/api/3/resolution/${resolution.id}`,
            id: resolution.id,
            description: resolution.description,
            name: this.ctx.screens.resolutionName(resolution.id),
          }
        : null,
      resolutiondate: issue.resolutionDate === null ? null : this.time(issue.resolutionDate),
      priority: this.priorityRef(priority),
      labels: [...issue.labels],
      status: this.status(status),
      summary: issue.summary,
      description: issue.description,
      reporter: this.userDetails(issue.reporterId),
      creator: this.userDetails(issue.creatorId),
      assignee: null,
      attachment: issue.attachments.map((a) => this.attachment(a)),
      comment: {
        comments: issue.comments.map((c) => this.comment(issue, c)),
        self: `${this.issueSelf(issue)}/comment`,
        maxResults: issue.comments.length,
        total: issue.comments.length,
        startAt: 0,
      },
      ...structuredClone(issue.custom),
      // Only for the admin's view: the service account never gets to read an issue under a security level.
      ...(issue.securityLevel
        ? { security: { ...issue.securityLevel, self: `${this.ctx.baseUrl}/rest/api/3/securitylevel/${issue.securityLevel.id}` } }
        : {}),
    };
  }

  fields(issue: IssueRecord, wanted: (field: string) => boolean): Json {
    return Object.fromEntries(Object.entries(this.allFields(issue)).filter(([field]) => wanted(field)));
  }

  /**
   * The REST changelog. The OpenAPI document types from/to as plain strings, so absent values are left out rather than
   * sent as the nulls Jira uses; webhook payloads keep the nulls.
   */
  changelog(issue: IssueRecord): Json {
    return {
      startAt: 0,
      maxResults: issue.histories.length,
      total: issue.histories.length,
      histories: issue.histories.map((history) => ({
        id: history.id,
        author: this.userDetails(history.authorId),
        created: this.time(history.created),
        items: history.items.map((item) => Object.fromEntries(Object.entries(item).filter(([, v]) => v !== null))),
      })),
    };
  }

  webhookChangelog(history: HistoryRecord): Json {
    return { id: history.id, items: history.items.map((item) => ({ ...item })) };
  }

  issue(
    issue: IssueRecord,
    options: { wanted: (field: string) => boolean; properties?: readonly string[]; expand?: readonly string[] },
  ): Json {
    const json: Json = {
      expand: 'renderedFields,names,schema,operations,editmeta,changelog,versionedRepresentations',
      id: issue.id,
      self: this.issueSelf(issue),
      key: issue.key,
    };
    const fields = this.fields(issue, options.wanted);
    json.fields = fields;
    const properties = propertySelection(issue, options.properties ?? []);
    if (properties) json.properties = properties;
    const expand = new Set(options.expand ?? []);
    if (expand.has('names')) {
      json.names = Object.fromEntries(Object.keys(fields).map((field) => [field, FIELD_NAMES[field] ?? field]));
    }
    if (expand.has('changelog')) json.changelog = this.changelog(issue);
    return json;
  }

  /** The `issue` object in webhook payloads: id, self, key and every field. */
  webhookIssue(issue: IssueRecord): Json {
    return { id: issue.id, self: this.issueSelf(issue), key: issue.key, fields: this.allFields(issue) };
  }

  /** Comment events carry a trimmed issue, as Jira's do. */
  webhookCommentIssue(issue: IssueRecord): Json {
    const all = this.allFields(issue);
    return {
      id: issue.id,
      self: this.issueSelf(issue),
      key: issue.key,
      fields: {
        summary: all.summary,
        issuetype: all.issuetype,
        project: all.project,
        assignee: all.assignee,
        priority: all.priority,
        status: all.status,
      },
    };
  }
}

/** The `properties` parameter: listed keys, or `*all`; undefined when none were asked for. */
function propertySelection(issue: IssueRecord, requested: readonly string[]): Json | undefined {
  const keys = requested
    .flatMap((item) => item.split(','))
    .map((k) => k.trim())
    .filter((k) => k !== '');
  if (keys.length === 0) return undefined;
  const all = keys.includes('*all');
  return Object.fromEntries(
    [...issue.properties.entries()].filter(([key]) => all || keys.includes(key)).map(([key, value]) => [key, structuredClone(value)]),
  );
}
