import { JiraClient } from './jira-client';
import { JiraCallError } from './jira.errors';

/**
 * Stands in when JIRA_BASE_URL is unset: every call is a transient failure, so deviations stay `väntar` with the
 * reason shown, and sync as soon as the worker is started with a Jira configured.
 */
export class NotConfiguredJiraClient extends JiraClient {
  private fail(): never {
    throw new JiraCallError('transient', null, 'Jira is not configured (JIRA_BASE_URL is unset)');
  }

  createIssue = async () => this.fail();
  getIssue = async () => this.fail();
  setDeviationId = async () => this.fail();
  editIssue = async () => this.fail();
  getContent = async () => this.fail();
  createMeta = async () => this.fail();
  editMeta = async () => this.fail();
  getTransitions = async () => this.fail();
  doTransition = async () => this.fail();
  findByDeviationId = async () => this.fail();
  findAmongKeysAfter = async () => this.fail();
  listComments = async () => this.fail();
  setCommentProperty = async () => this.fail();
  addComment = async () => this.fail();
  addAttachment = async () => this.fail();
  listAttachments = async () => this.fail();
  searchUpdatedSince = async () => this.fail();
  getImportCandidate = async () => this.fail();
  searchCreatedSince = async () => this.fail();
  myAccountId = async () => this.fail();
  existingStatusIds = async () => this.fail();
  recentIssueIds = async () => this.fail();
  attachmentSettings = async () => this.fail();
  listAdminWebhooks = async () => this.fail();
  registerAdminWebhook = async () => this.fail();
  checkCredentials = async () => this.fail();
  canBrowseProject = async () => this.fail();
  projectId = async () => this.fail();
  fieldContexts = async () => this.fail();
  fieldOptions = async () => this.fail();
  createFieldOptions = async () => this.fail();
  enableFieldOptions = async () => this.fail();
}
