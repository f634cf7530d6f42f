import { AdfDocument } from './adf';

/** What the sync reads of an issue: SKR-owned state and our own markers. */
export interface JiraIssueState {
  id: string;
  key: string;
  statusId: string;
  /** Jira's status category key: new, indeterminate or done. */
  statusCategory: string | null;
  priorityId: string | null;
  /** Jira's name of the resolution (localised), and its id. */
  resolution: string | null;
  resolutionId: string | null;
  updated: Date;
  labels: string[];
  /** The issue has a security level: none of its comments is ever shared with the party. */
  secured: boolean;
  /** The deviation our issue property names: the issue's identity (see jira-identity.ts); null when it has none. */
  deviationId: string | null;
  /**
   * JIRA_RESPONSIBLE_PARTY_FIELD as the issue has it: a select list's option id and value, or a text field's text;
   * undefined when no such field is configured, both null when it is empty.
   */
  responsibleParty?: { optionId: string | null; text: string | null };
}

/** An issue SKR created in the project, as the import of its known deviations reads it (jira-import.service.ts). */
export interface JiraImportCandidate {
  id: string;
  key: string;
  issueTypeId: string;
  created: Date;
  creatorAccountId: string | null;
  /** The responsible-party field's value as text (a select list's value), null when empty. */
  responsibleParty: string | null;
  /** A select list's option id (jira_field_option says whose), null for a text field or none. */
  responsiblePartyOptionId?: string | null;
  summary: string;
  description: unknown;
  /** Our identity property's deviation id, as in JiraIssueState. */
  deviationId: string | null;
}

/** A transition the issue offers now, with the fields its screen asks for (expand=transitions.fields). */
export interface JiraTransition {
  id: string;
  toStatusId: string;
  toStatusName: string;
  toCategory: string | null;
  fields: { id: string; name: string; required: boolean }[];
}

/** A field of a create or edit screen, as createmeta/editmeta describe it. */
export interface JiraFieldMeta {
  id: string;
  name: string;
  required: boolean;
  /** The schema type: string, number, option, array (labels), … */
  type: string;
}

/** A custom field context: the projects it covers (none listed when it is global). */
export interface JiraFieldContext {
  id: string;
  global: boolean;
  projectIds: string[];
}

/** A select list option of a field context. */
export interface JiraSelectOption {
  id: string;
  value: string;
  disabled: boolean;
}

/** The summary and description as they are in Jira now, for telling SKR's edits from ours. */
export interface JiraIssueContent {
  summary: string;
  description: unknown;
}

export interface JiraComment {
  id: string;
  body: unknown;
  authorAccountId: string | null;
  /** Jira's `accountType` of the author: `atlassian` (a person), `app` (an app or Automation), `customer` (JSM). */
  authorAccountType: string | null;
  /** Restricted to a role or group (`visibility`). */
  restricted: boolean;
  /** Jira's `jsdPublic`, true when absent; Jira Software answers true even for a restricted comment. */
  jsdPublic: boolean;
  /** Service Management's `sd.public.comment` property says `{"internal": true}`. */
  internalNote: boolean;
  created: Date;
  updated: Date;
}

export interface JiraAttachment {
  id: string;
  filename: string;
  size: number;
  authorAccountId: string | null;
}

export interface NewJiraIssue {
  summary: string;
  description: AdfDocument;
  priorityId: string;
  labels: string[];
  /** Custom field values by field id, shaped for their types (jira-custom-fields.ts). */
  customFields?: Record<string, unknown>;
  /** Our deviation id, stored as an issue property so a timed-out create can be found again. */
  deviationId: string;
}

/**
 * The port to SKR's Jira project. The real implementation talks REST v3 through jira.js; tests run it against the
 * Jira simulator over HTTP. Every failure is a JiraCallError that says how to treat it.
 */
/** Jira's attachment settings (GET attachment/meta); the limit is in bytes. */
export interface JiraAttachmentSettings {
  enabled: boolean;
  uploadLimit: number | null;
}

/** An admin webhook (Settings → System → WebHooks, /rest/webhooks/1.0/webhook); Jira never shows its secret again. */
export interface JiraAdminWebhook {
  name: string;
  url: string;
  events: string[];
  jql: string | null;
}

/** The fields a push edits; those left out keep their value in Jira. */
export interface IssueEdit {
  summary?: string;
  /** Replaces the issue's labels: give them all, ours included. */
  labels?: string[];
  description?: AdfDocument;
  priorityId?: string;
  customFields?: Record<string, unknown>;
}

export abstract class JiraClient {
  abstract createIssue(issue: NewJiraIssue): Promise<{ id: string; key: string }>;
  /** Null when Jira answers 404: the issue was deleted, or a security level hides it from us. */
  abstract getIssue(idOrKey: string): Promise<JiraIssueState | null>;
  /** Writes our identity property on the issue; writing it again is harmless. */
  abstract setDeviationId(idOrKey: string, deviationId: string): Promise<void>;
  abstract editIssue(idOrKey: string, fields: IssueEdit): Promise<void>;
  abstract getContent(idOrKey: string): Promise<JiraIssueContent>;
  /** The fields of the create screen of our project and issue type. */
  abstract createMeta(): Promise<JiraFieldMeta[]>;
  /** The fields the issue's edit screen lets us set. */
  abstract editMeta(idOrKey: string): Promise<JiraFieldMeta[]>;
  /** The transitions the issue's workflow offers from its current status, with their screens' fields. */
  abstract getTransitions(idOrKey: string): Promise<JiraTransition[]>;
  /** Takes one transition, with values for its screen's fields (by field id) and a comment to add with it. */
  abstract doTransition(idOrKey: string, transitionId: string, fields: Record<string, unknown>, comment?: AdfDocument): Promise<void>;
  /** Issues carrying our deviation id label; normally zero or one. Search lags behind creates (JIRA_SEARCH_LAG_MS). */
  abstract findByDeviationId(deviationId: string): Promise<{ id: string; key: string }[]>;
  /**
   * The issue carrying our deviation id label among the project's issues numbered after `afterKey` (all from the
   * first when null), read one by one with GET /issue, which is consistent where search is not.
   */
  abstract findAmongKeysAfter(deviationId: string, afterKey: string | null): Promise<{ id: string; key: string } | undefined>;
  abstract listComments(idOrKey: string): Promise<JiraComment[]>;
  abstract addComment(idOrKey: string, body: AdfDocument): Promise<{ id: string }>;
  abstract setCommentProperty(commentId: string, key: string, value: Record<string, unknown>): Promise<void>;
  abstract addAttachment(idOrKey: string, filename: string, content: Buffer): Promise<{ id: string }>;
  abstract listAttachments(idOrKey: string): Promise<JiraAttachment[]>;
  /** Issue ids updated at or after `since`, oldest first, page by page. */
  abstract searchUpdatedSince(since: Date, pageToken?: string): Promise<{ issueIds: string[]; nextPageToken?: string }>;
  /** Null when Jira answers 404, like getIssue. */
  abstract getImportCandidate(idOrKey: string, responsiblePartyField: string): Promise<JiraImportCandidate | null>;
  /** Issue ids of the type with a value in the field, created at or after `since`, oldest first, page by page. */
  abstract searchCreatedSince(
    issueTypeId: string,
    withField: string,
    since: Date,
    pageToken?: string,
  ): Promise<{ issueIds: string[]; nextPageToken?: string }>;
  /** The service account's id, read once. */
  abstract myAccountId(): Promise<string>;
  /** Reads /myself now: fails with an `auth` JiraCallError when the token no longer works. */
  abstract checkCredentials(): Promise<string>;
  /** A one-issue search of the project: fails with `forbidden` (403) or `auth` (served as anonymous). */
  abstract canBrowseProject(): Promise<void>;
  /** Those of the given status ids the site knows (GET statuses?id=). */
  abstract existingStatusIds(ids: string[]): Promise<string[]>;
  /** The project's most recently updated issue ids, at most `max`: where the preflight reads transitions from. */
  abstract recentIssueIds(max: number): Promise<string[]>;
  abstract attachmentSettings(): Promise<JiraAttachmentSettings>;
  /** Needs Administer Jira: a service account without it gets a `forbidden` JiraCallError. */
  abstract listAdminWebhooks(): Promise<JiraAdminWebhook[]>;
  abstract registerAdminWebhook(webhook: JiraAdminWebhook & { secret: string }): Promise<JiraAdminWebhook>;
  /** Our project's id (contexts name projects by id). */
  abstract projectId(): Promise<string>;
  /** A custom field's contexts with the projects each covers. Needs Administer Jira, like the two below. */
  abstract fieldContexts(fieldId: string): Promise<JiraFieldContext[]>;
  /** Every option of the context, all pages read. */
  abstract fieldOptions(fieldId: string, contextId: string): Promise<JiraSelectOption[]>;
  abstract createFieldOptions(fieldId: string, contextId: string, values: string[]): Promise<JiraSelectOption[]>;
  /** Enables options an administrator disabled (Administer Jira, as for creating them). */
  abstract enableFieldOptions(fieldId: string, contextId: string, optionIds: string[]): Promise<void>;
}
