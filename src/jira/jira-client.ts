import { AdfDocument } from './adf';

/** What the sync reads of an issue: SKR-owned state and our own markers. */
export interface JiraIssueState {
  id: string;
  key: string;
  statusId: string;
  priorityId: string | null;
  resolution: string | null;
  updated: Date;
  labels: string[];
}

export interface JiraComment {
  id: string;
  body: unknown;
  authorAccountId: string | null;
  /** A comment with visibility (role or group) is SKR-internal and never reaches a party. */
  internal: boolean;
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
  /** Our deviation id, stored as an issue property so a timed-out create can be found again. */
  deviationId: string;
}

/**
 * The port to SKR's Jira project. The real implementation talks REST v3 through jira.js; tests run it against the
 * Jira simulator over HTTP. Every failure is a JiraCallError that says how to treat it.
 */
/** The fields a push edits; those left out keep their value in Jira. */
export interface IssueEdit {
  summary?: string;
  description?: AdfDocument;
  priorityId?: string;
}

export abstract class JiraClient {
  abstract createIssue(issue: NewJiraIssue): Promise<{ id: string; key: string }>;
  abstract getIssue(idOrKey: string): Promise<JiraIssueState | null>;
  abstract editIssue(idOrKey: string, fields: IssueEdit): Promise<void>;
  /**
   * Moves the issue to the status through the transitions its workflow offers, reopening it first when it is done
   * and offers no way there directly. False when the workflow offers no way at all.
   */
  abstract transitionTo(idOrKey: string, statusId: string): Promise<boolean>;
  /** Issues carrying our deviation id label; normally zero or one. Search lags behind creates (JIRA_SEARCH_LAG_MS). */
  abstract findByDeviationId(deviationId: string): Promise<{ id: string; key: string }[]>;
  /**
   * The issue carrying our deviation id label among the project's issues numbered after `afterKey` (all from the
   * first when null), read one by one with GET /issue, which is consistent where search is not.
   */
  abstract findAmongKeysAfter(deviationId: string, afterKey: string | null): Promise<{ id: string; key: string } | undefined>;
  abstract listComments(idOrKey: string): Promise<JiraComment[]>;
  abstract addComment(idOrKey: string, body: AdfDocument): Promise<{ id: string }>;
  abstract addAttachment(idOrKey: string, filename: string, content: Buffer): Promise<{ id: string }>;
  abstract listAttachments(idOrKey: string): Promise<JiraAttachment[]>;
  /** Issue ids updated at or after `since`, oldest first, page by page. */
  abstract searchUpdatedSince(since: Date, pageToken?: string): Promise<{ issueIds: string[]; nextPageToken?: string }>;
  /** The service account's id, read once. */
  abstract myAccountId(): Promise<string>;
  /** Reads /myself now: fails with an `auth` JiraCallError when the token no longer works. */
  abstract checkCredentials(): Promise<string>;
  /** A one-issue search of the project: fails with `forbidden` (403) or `auth` (served as anonymous). */
  abstract canBrowseProject(): Promise<void>;
}
