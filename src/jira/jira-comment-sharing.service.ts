import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, Logger } from '@nestjs/common';
import { Queue } from 'bullmq';
import { EntityManager, In, IsNull, LessThanOrEqual } from 'typeorm';
import { AppConfig } from '../config/app-config';
import { SYSTEM_SCOPE } from '../database/data-scope';
import { ScopedDb } from '../database/scoped-db';
import { DeviationMirror } from '../deviations/deviation-mirror';
import { JiraSyncJob, JIRA_SYNC_QUEUE, releaseJobId } from '../queues/jira-sync.queue';
import { adfToText } from './adf';
import { CommentAuthorKind, CommentSharingSettings, decideSharing, NotSharedReason, SharingDecision } from './comment-sharing-policy';
import { JiraClient, JiraComment, JiraIssueState } from './jira-client';
import { JiraCommentLink } from './jira-comment-link.entity';
import { bodyHash } from './jira-issue-content';
import { JiraCallError } from './jira.errors';
import { JiraLink } from './jira-link.entity';

/** The comment property that tells triagers, in Jira, which comments the party got. */
export const SHARED_PROPERTY = 'avvikelse.shared';

/** What one pass over an issue's comments did: whether the party's view changed, and when a held comment is due. */
interface PassOutcome {
  changed: boolean;
  nextRelease: Date | null;
}

/**
 * Brings SKR's Jira comments to the party — only those marked for it, and only after a hold in which an edit,
 * restriction or deletion in Jira still counts. A comment that is not shared leaves only metadata here, never its
 * text. Every pass re-reads Jira, the truth, so a release decides on the comment as it is at the end of its hold.
 */
@Injectable()
export class JiraCommentSharingService {
  private readonly logger = new Logger(JiraCommentSharingService.name);

  constructor(
    private readonly db: ScopedDb,
    private readonly jira: JiraClient,
    private readonly mirror: DeviationMirror,
    private readonly config: AppConfig,
    @InjectQueue(JIRA_SYNC_QUEUE) private readonly queue: Queue,
  ) {}

  private get settings(): CommentSharingSettings {
    return { mode: this.config.JIRA_COMMENT_SHARE_MODE, marker: this.config.JIRA_COMMENT_SHARE_MARKER };
  }

  /** Applies the policy to every comment of the issue; the caller holds the deviation's lock. */
  async syncComments(deviationId: string, issue: JiraIssueState): Promise<boolean> {
    const me = await this.jira.myAccountId();
    const comments = await this.jira.listComments(issue.id);
    const now = new Date();
    const outcome: PassOutcome = { changed: false, nextRelease: null };
    await this.db.transaction(SYSTEM_SCOPE, async (manager) => {
      const links = new Map((await manager.findBy(JiraCommentLink, { deviationId })).map((l) => [l.jiraCommentId, l]));
      for (const comment of comments) {
        const link = links.get(comment.id);
        links.delete(comment.id);
        // Our own comments never come back, also when the link of one was lost with a timed-out answer.
        if (link?.origin === 'ours' || comment.authorAccountId === me) continue;
        const decision = decideSharing(
          {
            text: adfToText(comment.body),
            authorKind: authorKind(comment),
            restricted: comment.restricted,
            jsdPublic: comment.jsdPublic,
            internalNote: comment.internalNote,
            issueSecured: issue.secured,
          },
          this.settings,
        );
        const step = await this.apply(manager, deviationId, comment, link, decision, now);
        outcome.changed ||= step.changed;
        if (step.nextRelease && (!outcome.nextRelease || step.nextRelease < outcome.nextRelease)) outcome.nextRelease = step.nextRelease;
      }
      // What is left was deleted in Jira.
      for (const link of links.values()) {
        if (link.origin === 'jira') outcome.changed = (await this.deleted(manager, link, now)) || outcome.changed;
      }
    });
    if (outcome.nextRelease) await this.scheduleRelease(issue.id, outcome.nextRelease);
    await this.markSharedInJira(deviationId);
    return outcome.changed;
  }

  /** Issues with a held comment whose hold has ended: the sweep pulls them, should a release job have been lost. */
  async issuesDueForRelease(now = new Date()): Promise<string[]> {
    return this.db.transaction(SYSTEM_SCOPE, async (manager) => {
      const due = await manager.findBy(JiraCommentLink, { sharing: 'held', holdUntil: LessThanOrEqual(now) });
      if (due.length === 0) return [];
      const links = await manager.findBy(JiraLink, { deviationId: In([...new Set(due.map((l) => l.deviationId))]) });
      return links.map((l) => l.issueId).filter((id): id is string => id !== null);
    });
  }

  private async apply(
    manager: EntityManager,
    deviationId: string,
    comment: JiraComment,
    link: JiraCommentLink | undefined,
    decision: SharingDecision,
    now: Date,
  ): Promise<PassOutcome> {
    const hash = bodyHash(comment.body);
    const unchanged: PassOutcome = { changed: false, nextRelease: null };
    if (!link) {
      const row = manager.create(JiraCommentLink, {
        jiraCommentId: comment.id,
        deviationId,
        commentId: null,
        origin: 'jira',
        bodyHash: hash,
        authorKind: authorKind(comment),
        jiraCreatedAt: comment.created,
        ...(decision.share
          ? { sharing: 'held', holdUntil: this.holdEnd(now) }
          : { sharing: 'not_shared', notSharedReason: decision.reason }),
      });
      await manager.insert(JiraCommentLink, row);
      return decision.share ? this.releaseWhenDue(manager, row, decision.text, comment, now) : unchanged;
    }
    switch (link.sharing) {
      case 'held':
        if (!decision.share) return this.notShared(manager, link, decision.reason);
        return this.releaseWhenDue(manager, { ...link, bodyHash: hash }, decision.text, comment, now);
      case 'not_shared':
        if (!decision.share) return link.notSharedReason === decision.reason ? unchanged : this.notShared(manager, link, decision.reason);
        // Marked for the party by an edit: a fresh hold, as for a new comment.
        await this.update(manager, link, { sharing: 'held', holdUntil: this.holdEnd(now), notSharedReason: null, bodyHash: hash });
        return this.releaseWhenDue(manager, { ...link, holdUntil: this.holdEnd(now), bodyHash: hash }, decision.text, comment, now);
      case 'shared':
        if (!decision.share) return this.withdraw(manager, link, decision.reason, now);
        if (link.bodyHash === hash) return unchanged;
        await this.mirror.updateImportedComment(manager, link.commentId!, decision.text);
        await this.update(manager, link, { bodyHash: hash });
        return { changed: true, nextRelease: null };
      default:
        // Withdrawn stays withdrawn: to share again, a triager writes a new comment.
        return unchanged;
    }
  }

  private async releaseWhenDue(
    manager: EntityManager,
    link: JiraCommentLink,
    text: string,
    comment: JiraComment,
    now: Date,
  ): Promise<PassOutcome> {
    if (link.holdUntil && link.holdUntil > now) {
      await this.update(manager, link, { bodyHash: link.bodyHash });
      return { changed: false, nextRelease: link.holdUntil };
    }
    const commentId = await this.mirror.importJiraComment(manager, link.deviationId, {
      jiraCommentId: comment.id,
      body: text,
      authorName: 'SKR',
      createdAt: comment.created,
    });
    await this.update(manager, link, { sharing: 'shared', commentId, releasedAt: now, holdUntil: null, bodyHash: link.bodyHash });
    this.logger.log({ deviationId: link.deviationId, jiraCommentId: comment.id }, 'jira comment shared with the party');
    return { changed: true, nextRelease: null };
  }

  private async notShared(manager: EntityManager, link: JiraCommentLink, reason: NotSharedReason): Promise<PassOutcome> {
    await this.update(manager, link, { sharing: 'not_shared', notSharedReason: reason, holdUntil: null });
    return { changed: false, nextRelease: null };
  }

  private async withdraw(manager: EntityManager, link: JiraCommentLink, reason: NotSharedReason, now: Date): Promise<PassOutcome> {
    await this.mirror.withdrawImportedComment(manager, link.commentId!);
    await this.update(manager, link, { sharing: 'withdrawn', notSharedReason: reason, withdrawnAt: now });
    this.logger.log({ deviationId: link.deviationId, jiraCommentId: link.jiraCommentId, reason }, 'jira comment withdrawn from the party');
    return { changed: true, nextRelease: null };
  }

  private async deleted(manager: EntityManager, link: JiraCommentLink, now: Date): Promise<boolean> {
    if (link.sharing === 'shared') return (await this.withdraw(manager, link, 'deleted', now)).changed;
    if (link.sharing === 'held' || (link.sharing === 'not_shared' && link.notSharedReason !== 'deleted')) {
      await this.notShared(manager, link, 'deleted');
    }
    return false;
  }

  private async update(manager: EntityManager, link: JiraCommentLink, changes: Partial<JiraCommentLink>): Promise<void> {
    await manager.update(JiraCommentLink, { jiraCommentId: link.jiraCommentId }, changes);
  }

  private holdEnd(now: Date): Date {
    return new Date(now.getTime() + this.config.JIRA_COMMENT_HOLD_S * 1000);
  }

  /**
   * A delayed pull of the issue at the end of the hold: the worker releases the comment on its own schedule. Should
   * the job be lost (Redis flushed), the reconciliation sweep pulls issues with comments past their hold.
   */
  private async scheduleRelease(issueId: string, at: Date): Promise<void> {
    await this.queue.add(
      JiraSyncJob.PullIssue,
      { issueId },
      { delay: Math.max(0, at.getTime() - Date.now()), jobId: releaseJobId(issueId, at) },
    );
  }

  /**
   * Writes `avvikelse.shared` on each comment the party got and Jira does not show yet, so a triager (or a JQL-less
   * app, an export) can tell in Jira what went out. A refusal (the comment deleted since, no permission to write
   * properties) is logged and left for the next pass: it must not fail the pull that already applied SKR's changes.
   */
  private async markSharedInJira(deviationId: string): Promise<void> {
    const unmarked = await this.db.transaction(SYSTEM_SCOPE, (m) =>
      m.findBy(JiraCommentLink, { deviationId, sharing: 'shared', markedInJiraAt: IsNull() }),
    );
    for (const link of unmarked) {
      try {
        await this.jira.setCommentProperty(link.jiraCommentId, SHARED_PROPERTY, {
          deviationId,
          sharedAt: link.releasedAt?.toISOString() ?? null,
        });
      } catch (error) {
        if (!(error instanceof JiraCallError) || error.kind !== 'permanent') throw error;
        this.logger.warn({ deviationId, jiraCommentId: link.jiraCommentId, err: error.message }, 'jira refused the shared marker');
        continue;
      }
      await this.db.transaction(SYSTEM_SCOPE, (m) => this.update(m, link, { markedInJiraAt: new Date() }));
    }
  }
}

function authorKind(comment: JiraComment): CommentAuthorKind {
  if (comment.authorAccountType === 'app') return 'app';
  return comment.authorAccountType === 'atlassian' ? 'person' : 'other';
}
