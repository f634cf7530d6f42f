import { AdfDocument } from './adf';
import {
  IssueEdit,
  JiraAdminWebhook,
  JiraAttachment,
  JiraAttachmentSettings,
  JiraClient,
  JiraComment,
  JiraFieldContext,
  JiraFieldMeta,
  JiraIssueContent,
  JiraImportCandidate,
  JiraIssueState,
  JiraSelectOption,
  JiraTransition,
  NewJiraIssue,
} from './jira-client';
import { JiraCallError } from './jira.errors';
import { listAdminWebhooks, registerAdminWebhook } from './jira-admin-webhooks';
import * as attachments from './jira-js-attachments';
import * as comments from './jira-js-comments';
import * as fields from './jira-js-fields';
import * as issues from './jira-js-issues';
import { type JiraConnection, JiraJsRest } from './jira-js-rest';
import * as search from './jira-js-search';
import * as workflow from './jira-js-workflow';

export { type JiraConnection } from './jira-js-rest';

/**
 * The Jira port over jira.js 6: each call is written once in the file of its kind (issues, search, comments,
 * attachments, screens and workflow) and made through one JiraJsRest, which holds the token, the deadline and the
 * mapping of failures.
 */
export class JiraJsClient extends JiraClient {
  private readonly rest: JiraJsRest;
  private accountId: string | undefined;
  private projectIdRead: string | undefined;

  constructor(connection: JiraConnection) {
    super();
    this.rest = new JiraJsRest(connection);
  }

  createIssue(issue: NewJiraIssue): Promise<{ id: string; key: string }> {
    return issues.createIssue(this.rest, issue);
  }

  getIssue(idOrKey: string): Promise<JiraIssueState | null> {
    return issues.getIssue(this.rest, idOrKey);
  }

  setDeviationId(idOrKey: string, deviationId: string): Promise<void> {
    return issues.setDeviationId(this.rest, idOrKey, deviationId);
  }

  editIssue(idOrKey: string, edit: IssueEdit): Promise<void> {
    return issues.editIssue(this.rest, idOrKey, edit);
  }

  getContent(idOrKey: string): Promise<JiraIssueContent> {
    return issues.getContent(this.rest, idOrKey);
  }

  findAmongKeysAfter(deviationId: string, afterKey: string | null): Promise<{ id: string; key: string } | undefined> {
    return issues.findAmongKeysAfter(this.rest, deviationId, afterKey);
  }

  getImportCandidate(idOrKey: string, responsiblePartyField: string): Promise<JiraImportCandidate | null> {
    return issues.getImportCandidate(this.rest, idOrKey, responsiblePartyField);
  }

  findByDeviationId(deviationId: string): Promise<{ id: string; key: string }[]> {
    return search.findByDeviationId(this.rest, deviationId);
  }

  searchUpdatedSince(since: Date, pageToken?: string): Promise<{ issueIds: string[]; nextPageToken?: string }> {
    return search.searchUpdatedSince(this.rest, since, pageToken);
  }

  searchCreatedSince(
    issueTypeId: string,
    withField: string,
    since: Date,
    pageToken?: string,
  ): Promise<{ issueIds: string[]; nextPageToken?: string }> {
    return search.searchCreatedSince(this.rest, issueTypeId, withField, since, pageToken);
  }

  canBrowseProject(): Promise<void> {
    return search.canBrowseProject(this.rest);
  }

  recentIssueIds(max: number): Promise<string[]> {
    return search.recentIssueIds(this.rest, max);
  }

  createMeta(): Promise<JiraFieldMeta[]> {
    return workflow.createMeta(this.rest);
  }

  editMeta(idOrKey: string): Promise<JiraFieldMeta[]> {
    return workflow.editMeta(this.rest, idOrKey);
  }

  getTransitions(idOrKey: string): Promise<JiraTransition[]> {
    return workflow.getTransitions(this.rest, idOrKey);
  }

  doTransition(idOrKey: string, transitionId: string, fields: Record<string, unknown>, comment?: AdfDocument): Promise<void> {
    return workflow.doTransition(this.rest, idOrKey, transitionId, fields, comment);
  }

  existingStatusIds(ids: string[]): Promise<string[]> {
    return workflow.existingStatusIds(this.rest, ids);
  }

  listComments(idOrKey: string): Promise<JiraComment[]> {
    return comments.listComments(this.rest, idOrKey);
  }

  addComment(idOrKey: string, body: AdfDocument): Promise<{ id: string }> {
    return comments.addComment(this.rest, idOrKey, body);
  }

  setCommentProperty(commentId: string, key: string, value: Record<string, unknown>): Promise<void> {
    return comments.setCommentProperty(this.rest, commentId, key, value);
  }

  addAttachment(idOrKey: string, filename: string, content: Buffer): Promise<{ id: string }> {
    return attachments.addAttachment(this.rest, idOrKey, filename, content);
  }

  listAttachments(idOrKey: string): Promise<JiraAttachment[]> {
    return attachments.listAttachments(this.rest, idOrKey);
  }

  attachmentSettings(): Promise<JiraAttachmentSettings> {
    return attachments.attachmentSettings(this.rest);
  }

  async myAccountId(): Promise<string> {
    this.accountId ??= await this.checkCredentials();
    return this.accountId;
  }

  async checkCredentials(): Promise<string> {
    const me = await this.rest.call('myself', () => this.rest.client.myself.getCurrentUser());
    if (!me.accountId) throw new JiraCallError('auth', 200, 'Jira answered /myself without an account: the token acts as no one');
    this.accountId = String(me.accountId);
    return this.accountId;
  }

  listAdminWebhooks(): Promise<JiraAdminWebhook[]> {
    return this.rest.call('listAdminWebhooks', () => listAdminWebhooks(this.rest.withCurrentToken, this.rest.connection.timeoutMs));
  }

  registerAdminWebhook(webhook: JiraAdminWebhook & { secret: string }): Promise<JiraAdminWebhook> {
    return this.rest.call('registerAdminWebhook', () =>
      registerAdminWebhook(this.rest.withCurrentToken, webhook, this.rest.connection.timeoutMs),
    );
  }

  async projectId(): Promise<string> {
    this.projectIdRead ??= await fields.projectId(this.rest);
    return this.projectIdRead;
  }

  fieldContexts(fieldId: string): Promise<JiraFieldContext[]> {
    return fields.fieldContexts(this.rest, fieldId);
  }

  fieldOptions(fieldId: string, contextId: string): Promise<JiraSelectOption[]> {
    return fields.fieldOptions(this.rest, fieldId, contextId);
  }

  createFieldOptions(fieldId: string, contextId: string, values: string[]): Promise<JiraSelectOption[]> {
    return fields.createFieldOptions(this.rest, fieldId, contextId, values);
  }

  enableFieldOptions(fieldId: string, contextId: string, optionIds: string[]): Promise<void> {
    return fields.enableFieldOptions(this.rest, fieldId, contextId, optionIds);
  }
}
