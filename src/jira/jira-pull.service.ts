import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { SYSTEM_SCOPE } from '../database/data-scope';
import { ScopedDb } from '../database/scoped-db';
import { DeviationMirror } from '../deviations/deviation-mirror';
import { JiraClient, JiraIssueState } from './jira-client';
import { JiraCommentSharingService } from './jira-comment-sharing.service';
import { JiraLink, JiraSyncState } from './jira-link.entity';
import { JiraMappingService } from './jira-mapping.service';
import { JiraSyncStateService } from './jira-sync-state.service';
import { JiraMappingError, JiraSyncFailureCode, type JiraSyncFailure } from './jira.errors';
import { JiraIdentityService } from './jira-identity.service';
import { JiraImportService } from './jira-import.service';
import { JiraDuplicatesService } from './jira-duplicates.service';
import { JiraFieldOptionsService } from './jira-field-options.service';
import { isUniqueViolation } from '../database/pg-errors';

/**
 * The inbound half of the mirror with SKR's Jira project: reads an issue's current state and applies what SKR owns.
 * It holds the per-deviation lock, so it never interleaves with another job for the deviation, and it is idempotent:
 * a duplicated or replayed job finds nothing left to do.
 */
@Injectable()
export class JiraPullService {
  constructor(
    private readonly db: ScopedDb,
    private readonly jira: JiraClient,
    private readonly mirror: DeviationMirror,
    private readonly state: JiraSyncStateService,
    private readonly mapping: JiraMappingService,
    private readonly comments: JiraCommentSharingService,
    private readonly identity: JiraIdentityService,
    private readonly imports: JiraImportService,
    private readonly duplicates: JiraDuplicatesService,
    private readonly options: JiraFieldOptionsService,
  ) {}

  /** Reads the issue as it is now and applies SKR's status, priority, resolution and the comments marked for the party. */
  async pullIssue(issueId: string): Promise<boolean> {
    await this.state.assertNotPaused();
    const linked = await this.state.linkOfIssue(issueId);
    if (linked) return this.readAndApply(linked.deviationId, issueId);
    const issue = await this.jira.getIssue(issueId);
    if (!issue) return false;
    const deviationId = await this.deviationOf(issue);
    if (!deviationId) {
      // A second issue for a deviation that has one: marked as such in Jira, never imported or applied.
      if (await this.duplicates.markIfOrphan(issue)) return false;
      // No deviation's issue: perhaps a known deviation SKR just registered in Jira.
      return this.imports.importIssue(issue.id);
    }
    return this.readAndApply(deviationId, issueId);
  }

  /**
   * The issue is read under the deviation's lock. A read taken before it may be older than what a push wrote to Jira
   * while this job waited for its answer: applied, it would put back for a while the status the party had just
   * changed (with notifications of both moves), until the pull of the push's own webhook set it right again.
   */
  private readAndApply(deviationId: string, issueId: string): Promise<boolean> {
    return this.state.withDeviationLock(deviationId, async () => {
      const issue = await this.jira.getIssue(issueId);
      if (issue) return this.applyIssue(deviationId, issue);
      // Deleted, or hidden by a security level: the deviation linked to it (and no other) shows it.
      const link = await this.state.linkOf(deviationId);
      if (link?.issueId === issueId) await this.identity.issueGone(deviationId, link.issueKey ?? issueId);
      return false;
    });
  }

  private async applyIssue(deviationId: string, issue: JiraIssueState): Promise<boolean> {
    // Under the lock, against the link as it is now: nothing of an issue that is not provably this deviation's is applied.
    const current = await this.state.linkOf(deviationId);
    if (!current || !(await this.identity.verify(deviationId, current.issueId, issue))) return false;
    try {
      let changed = false;
      let failure: JiraSyncFailure | null = null;
      // One transaction: SKR's decisions and the state they were read from are recorded together or not at all.
      await this.db.transaction(SYSTEM_SCOPE, async (manager) => {
        const link = await manager.findOneBy(JiraLink, { deviationId });
        if (!link) return;
        // The key follows the issue when it is moved to another project (same id, new key).
        if (!link.issueId || link.issueKey !== issue.key) {
          await manager.update(JiraLink, { deviationId }, { issueId: issue.id, issueKey: issue.key });
        }
        if (link.watermark && issue.updated.getTime() <= link.watermark.getTime()) return;
        const known = await this.mapping.knownState(issue, manager);
        const responsible = await this.responsiblePartyOf(manager, issue);
        const responsiblePartyId = responsible.partyId;
        failure = responsible.failure;
        changed = await this.mirror.applyJiraDecision(manager, deviationId, {
          status: known.jiraStatus,
          prioritet: known.jiraPriority,
          resolution: known.jiraResolution,
          responsiblePartyId,
          updatedAt: issue.updated,
          changed: {
            status: known.jiraStatus !== link.jiraStatus,
            prioritet: known.jiraPriority !== link.jiraPriority,
            resolution: known.jiraResolution !== link.jiraResolution,
            responsibleParty: responsiblePartyId !== null && responsiblePartyId !== link.jiraResponsiblePartyId,
          },
        });
        const written = responsiblePartyId === null ? {} : { jiraResponsiblePartyId: responsiblePartyId };
        await manager.update(JiraLink, { deviationId }, { ...known, ...written, watermark: issue.updated, lastSyncedAt: new Date() });
        // Shown until SKR picks a party of ours in Jira (or empties the field): then a pull clears it.
        if (failure) await this.state.recordPullFailure(manager, deviationId, failure);
        else await this.state.clearPullFailure(manager, deviationId);
      });
      changed = (await this.comments.syncComments(deviationId, issue)) || changed;
      return changed;
    } catch (error) {
      // The webhook raced the push that links the issue, and another deviation's link holds its id: shown, not logged.
      if (isUniqueViolation(error, 'uq_jira_link_issue_id')) {
        await this.identity.linkConflict(deviationId, issue);
        return false;
      }
      // An unmapped status or priority id is SKR's to fix: shown on the deviation and in the failure list.
      if (error instanceof JiraMappingError)
        await this.db.transaction(SYSTEM_SCOPE, (m) =>
          this.state.recordPullFailure(m, deviationId, { message: error.message, code: error.code }),
        );
      throw error;
    }
  }

  /**
   * SKR's responsible party as the issue names it, or why it cannot be applied: an option of no active party of ours
   * is SKR's to fix in Jira, and must not hold back the status, priority and comments read with it (nor fail the job,
   * whose retries would meet the same option).
   */
  private async responsiblePartyOf(
    manager: EntityManager,
    issue: JiraIssueState,
  ): Promise<{ partyId: string | null; failure: JiraSyncFailure | null }> {
    if (!issue.responsibleParty) return { partyId: null, failure: null };
    try {
      return { partyId: await this.options.responsiblePartyOf(manager, issue.responsibleParty), failure: null };
    } catch (error) {
      if (!(error instanceof JiraMappingError)) throw error;
      return { partyId: null, failure: { code: JiraSyncFailureCode.ResponsiblePartyUnknown, message: error.message } };
    }
  }

  /**
   * The deviation a webhook's issue is to be checked against: the one whose link holds the issue id, else the one the
   * issue's identity property names when its link has no issue yet (a create whose answer was lost). An issue with
   * neither is not ours (a triager's own, or a copy), and a label alone never makes it so. A deviation SKR unlinked
   * takes no issue until SKR re-creates one (a deleted issue that was only hidden and shows again stays apart).
   */
  private async deviationOf(issue: JiraIssueState): Promise<string | null> {
    const linked = await this.state.linkOfIssue(issue.id);
    if (linked) return linked.deviationId;
    if (!issue.deviationId) return null;
    const named = await this.state.linkOf(issue.deviationId);
    if (!named || named.state === JiraSyncState.Unlinked) return null;
    return !named.issueId || named.issueId === issue.id ? named.deviationId : null;
  }
}
