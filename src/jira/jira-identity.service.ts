import { Injectable, Logger } from '@nestjs/common';
import { Counter } from 'prom-client';
import { isUniqueViolation } from '../database/pg-errors';
import { MetricsService } from '../metrics/metrics.service';
import { JiraClient, JiraIssueState } from './jira-client';
import { issueIdentity } from './jira-identity';
import { JiraSyncState } from './jira-link.entity';
import { JiraSyncStateService } from './jira-sync-state.service';
import {
  JiraIssueIdentityMismatchError,
  JiraIssueLinkConflictError,
  JiraIssueNotFoundError,
  type JiraIdentityFailureCode,
} from './jira.errors';

type IdentityFailure = JiraIssueIdentityMismatchError | JiraIssueNotFoundError | JiraIssueLinkConflictError;

const METRIC_REASON: Record<JiraIdentityFailureCode, string> = {
  JIRA_ISSUE_IDENTITY_MISMATCH: 'mismatch',
  JIRA_ISSUE_NOT_FOUND: 'not_found',
  JIRA_ISSUE_LINK_CONFLICT: 'link_conflict',
};

/**
 * The check every pull and push makes before it applies anything: is this issue provably the deviation's (see
 * jira-identity.ts)? When it is not, nothing is applied on either side; the link is marked failed with a stable code
 * and reason (the deviation's sync state, /jira/failures) and the failure is counted. The reason never names the
 * other deviation: the sync state is the party's to read.
 */
@Injectable()
export class JiraIdentityService {
  private readonly logger = new Logger(JiraIdentityService.name);
  private readonly failures: Counter;

  constructor(
    private readonly jira: JiraClient,
    private readonly state: JiraSyncStateService,
    metrics: MetricsService,
  ) {
    this.failures = new Counter({
      name: 'jira_issue_identity_failures_total',
      help: 'Links the sync stopped on because the issue is not provably the deviation’s: mismatch, not_found, link_conflict.',
      labelNames: ['reason'] as const,
      registers: [metrics.registry],
    });
  }

  /** True when the issue is the deviation's; an issue linked before the check that passes it gets the property now. */
  async verify(deviationId: string, linkedIssueId: string | null, issue: JiraIssueState): Promise<boolean> {
    const identity = issueIdentity(deviationId, linkedIssueId, issue);
    if (identity === 'foreign') {
      await this.fail(deviationId, new JiraIssueIdentityMismatchError(issue.key), { issueId: issue.id, claimedBy: issue.deviationId });
      return false;
    }
    if (identity === 'adopt') {
      await this.jira.setDeviationId(issue.id, deviationId);
      this.logger.log({ deviationId, jiraKey: issue.key }, 'jira issue adopted: identity property written');
    }
    return true;
  }

  /** The issue an earlier create made for the deviation: found by its label, and only if its identity is ours. */
  async findOwnIssue(deviationId: string): Promise<{ id: string; key: string } | undefined> {
    for (const candidate of await this.jira.findByDeviationId(deviationId)) {
      const issue = await this.jira.getIssue(candidate.id);
      if (issue && issueIdentity(deviationId, null, issue) === 'ours') return { id: issue.id, key: issue.key };
    }
    return undefined;
  }

  /**
   * Records the link; false when another deviation's link already holds the issue id (a site that lost its data
   * handed the id out again), which is recorded as this deviation's failure — never only a log line.
   */
  async linkIssue(
    deviationId: string,
    ref: { id: string; key: string },
    known: Parameters<JiraSyncStateService['linkIssue']>[2],
  ): Promise<boolean> {
    try {
      await this.state.linkIssue(deviationId, ref, known);
      return true;
    } catch (error) {
      if (!isUniqueViolation(error, 'uq_jira_link_issue_id')) throw error;
      await this.linkConflict(deviationId, ref);
      return false;
    }
  }

  /** The linked issue answers 404 (deleted, or hidden by a security level). */
  async issueGone(deviationId: string, issueKey: string): Promise<void> {
    await this.fail(deviationId, new JiraIssueNotFoundError(issueKey), {});
  }

  /** The issue belongs to the deviation, but another link holds its id (the unique constraint refused it). */
  async linkConflict(deviationId: string, issue: { id: string; key: string }): Promise<void> {
    await this.fail(deviationId, new JiraIssueLinkConflictError(issue.key), { issueId: issue.id });
  }

  /**
   * For the import of issues SKR creates in Jira (the responsible-party issue): makes the issue carry the deviation's
   * identity before it is linked, so it passes the same check as the issues we create. Refuses an issue that is gone
   * or already carries another deviation's identity; writing it again for the same deviation is harmless.
   */
  async claimImportedIssue(deviationId: string, issueIdOrKey: string): Promise<{ id: string; key: string }> {
    const issue = await this.jira.getIssue(issueIdOrKey);
    if (!issue) throw new JiraIssueNotFoundError(issueIdOrKey);
    if (issue.deviationId !== null && issue.deviationId !== deviationId) throw new JiraIssueIdentityMismatchError(issue.key);
    if (issue.deviationId === null) await this.jira.setDeviationId(issue.id, deviationId);
    return { id: issue.id, key: issue.key };
  }

  private async fail(deviationId: string, error: IdentityFailure, details: Record<string, unknown>): Promise<void> {
    await this.state.recordFailure(deviationId, JiraSyncState.Failed, error.message, error.code);
    this.failures.inc({ reason: METRIC_REASON[error.code] });
    this.logger.warn({ deviationId, code: error.code, ...details }, 'jira link stopped: the issue is not provably the deviation’s');
  }
}
