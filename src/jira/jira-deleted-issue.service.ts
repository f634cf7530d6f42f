import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Actor, scopeOf } from '../actor/actor';
import { AuditService } from '../audit/audit.service';
import { ScopedDb } from '../database/scoped-db';
import { OutboxService } from '../outbox/outbox.service';
import { JiraSyncJob, JIRA_SYNC_QUEUE, pushJobKey } from '../queues/jira-sync.queue';
import { JiraAttachmentLink } from './jira-attachment-link.entity';
import { JiraCommentLink } from './jira-comment-link.entity';
import { JiraLink, JiraSyncState } from './jira-link.entity';
import { lockDeviationForSync } from './jira-sync-state.service';
import { JiraIssueNotGoneError, JiraSyncFailureCode, JiraSyncNotFoundError } from './jira.errors';

/** What a link forgets of its deleted issue: the issue itself and all the sync knew about it. */
const DETACHED: Partial<JiraLink> = {
  issueId: null,
  issueKey: null,
  lastError: null,
  lastErrorCode: null,
  lastErrorAt: null,
  pullError: null,
  pullErrorCode: null,
  pullErrorAt: null,
  pushedFieldsHash: null,
  writtenContentHash: null,
  watermark: null,
  createAttemptedAt: null,
  jiraStatus: null,
  jiraPriority: null,
  jiraResolution: null,
};

/**
 * SKR's decision on a deviation whose Jira issue answers 404 (`JIRA_ISSUE_NOT_FOUND`): re-create the issue, or leave
 * the deviation without one (`frikopplad`). Both forget the old issue: its id and key, and the links of the comments
 * and attachments sent to it — a push would otherwise take them as already in Jira, and a pull of the new issue would
 * take SKR's comments that were on the old one as deleted and withdraw them from the party.
 */
@Injectable()
export class JiraDeletedIssueService {
  constructor(
    private readonly db: ScopedDb,
    private readonly outbox: OutboxService,
    private readonly audit: AuditService,
  ) {}

  /** Forgets the deleted issue and queues a push, which creates a new one with the deviation's comments and evidence. */
  async recreate(actor: Actor, deviationId: string): Promise<JiraLink> {
    return this.db.transaction(scopeOf(actor), async (manager) => {
      const link = await this.decidableLink(manager, deviationId);
      await this.detach(manager, actor, link, JiraSyncState.Waiting, 'jira.issue_recreated');
      await this.outbox.add(manager, {
        queue: JIRA_SYNC_QUEUE,
        jobName: JiraSyncJob.PushDeviation,
        jobKey: pushJobKey(deviationId),
        payload: { deviationId },
        partyId: link.partyId,
      });
      return manager.findOneByOrFail(JiraLink, { deviationId });
    });
  }

  /** Leaves the deviation without an issue; asked again, it changes nothing. */
  async unlink(actor: Actor, deviationId: string): Promise<JiraLink> {
    return this.db.transaction(scopeOf(actor), async (manager) => {
      const link = await this.decidableLink(manager, deviationId);
      if (link.state === JiraSyncState.Unlinked) return link;
      await this.detach(manager, actor, link, JiraSyncState.Unlinked, 'jira.issue_unlinked');
      return manager.findOneByOrFail(JiraLink, { deviationId });
    });
  }

  /**
   * The link, under the deviation's sync lock (a push in flight would otherwise record the old issue's 404 over the
   * decision), when its issue is known to be gone or SKR unlinked it earlier.
   */
  private async decidableLink(manager: EntityManager, deviationId: string): Promise<JiraLink> {
    if (!(await manager.existsBy(JiraLink, { deviationId }))) throw new JiraSyncNotFoundError();
    await lockDeviationForSync(manager, deviationId);
    const link = await manager.findOneByOrFail(JiraLink, { deviationId });
    const gone = link.state === JiraSyncState.Failed && link.lastErrorCode === JiraSyncFailureCode.IssueNotFound;
    if (!gone && link.state !== JiraSyncState.Unlinked) throw new JiraIssueNotGoneError();
    return link;
  }

  private async detach(manager: EntityManager, actor: Actor, link: JiraLink, state: JiraSyncState, action: string): Promise<void> {
    const { deviationId } = link;
    await manager.update(JiraLink, { deviationId }, { ...DETACHED, state });
    await manager.delete(JiraCommentLink, { deviationId });
    await manager.delete(JiraAttachmentLink, { deviationId });
    await this.audit.record(manager, actor, {
      action,
      entityType: 'deviation',
      entityId: deviationId,
      partyId: link.partyId,
      internal: true,
      changes: { jiraIssueKey: { from: link.issueKey, to: null }, jiraSyncState: { from: link.state, to: state } },
    });
  }
}
