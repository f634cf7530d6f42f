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
  /** The issue has a security level: none of its comments is ever shared with the party. */
  secured: boolean;
  /** The deviation our issue property names: the issue's identity (see jira-identity.ts); null when it has none. */
  deviationId: string | null;
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
  /** Our deviation id, stored as the issue property that is the issue's identity, and as a label for search. */
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
  /** Null when Jira answers 404: the issue was deleted, or a security level hides it from us. */
  abstract getIssue(idOrKey: string): Promise<JiraIssueState | null>;
  /** Writes our identity property on the issue; writing it again is harmless. */
  abstract setDeviationId(idOrKey: string, deviationId: string): Promise<void>;
  abstract editIssue(idOrKey: string, fields: IssueEdit): Promise<void>;
  /**
   * Moves the issue to the status through the transitions its workflow offers, reopening it first when it is done
   * and offers no way there directly. False when the workflow offers no way at all.
   */
  abstract transitionTo(idOrKey: string, statusId: string): Promise<boolean>;
  /** Issues carrying our deviation id label; normally zero or one. */
  abstract findByDeviationId(deviationId: string): Promise<{ id: string; key: string }[]>;
  abstract listComments(idOrKey: string): Promise<JiraComment[]>;
  abstract addComment(idOrKey: string, body: AdfDocument): Promise<{ id: string }>;
  abstract setCommentProperty(commentId: string, key: string, value: Record<string, unknown>): Promise<void>;
  abstract addAttachment(idOrKey: string, filename: string, content: Buffer): Promise<{ id: string }>;
  abstract listAttachments(idOrKey: string): Promise<JiraAttachment[]>;
  /** Issue ids updated at or after `since`, oldest first, page by page. */
  abstract searchUpdatedSince(since: Date, pageToken?: string): Promise<{ issueIds: string[]; nextPageToken?: string }>;
  abstract myAccountId(): Promise<string>;
}
