import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Counter } from 'prom-client';
import { DataSource, EntityManager } from 'typeorm';
import { AppConfig } from '../config/app-config';
import { SYSTEM_SCOPE } from '../database/data-scope';
import { ScopedDb } from '../database/scoped-db';
import { MetricsService } from '../metrics/metrics.service';
import { adfToText } from './adf';
import { DeviationForJira, DeviationMirror } from '../deviations/deviation-mirror';
import { JiraAttachmentLink } from './jira-attachment-link.entity';
import { IssueEdit, JiraClient, JiraIssueState } from './jira-client';
import { JiraCommentLink } from './jira-comment-link.entity';
import { JiraIntegration } from './jira-integration.entity';
import { bodyHash, fieldsHash, issueDescription, issueSummary, outboundCommentBody } from './jira-issue-content';
import { JiraLink, JiraSyncState } from './jira-link.entity';
import { JiraMapping } from './jira-mapping.entity';
import { JiraPushAttempt } from './jira-push-attempt.entity';
import { JiraCallError, type JiraFailureKind, JiraMappingError } from './jira.errors';

/** Another job holds this deviation: the caller delays the job and tries again shortly. */
export class DeviationBusyError extends Error {
  constructor(readonly deviationId: string) {
    super(`deviation ${deviationId} is being synced by another job`);
  }
}

/** Jira refused our credentials earlier; nothing is sent until SKR resumes the integration. */
export class IntegrationPausedError extends Error {
  constructor(readonly reason: string | null) {
    super(`the Jira integration is paused: ${reason ?? 'no reason recorded'}`);
  }
}

/** Our status of a deviation just submitted, which a newly created issue's status mirrors. */
const SUBMITTED = 'inskickad';

/** How far back of its watermark the sweep looks, for clock skew and updates committed while it ran. */
const RECONCILE_MARGIN_MS = 5 * 60_000;
/** A deviation still waiting this long after its last change is pushed again by the sweep. */
const STUCK_AFTER_MS = 60_000;
const LABEL = /^avvikelse-([0-9a-f-]{36})$/;
/** Failures Jira answers before doing anything. */
const NOT_APPLIED: readonly JiraFailureKind[] = ['rate_limited', 'permanent', 'auth'];

/**
 * Mirrors deviations with SKR's Jira project. Outbound it brings an issue up to the deviation's party-owned state;
 * inbound it reads the issue's current state and applies what SKR owns. Both directions hold a per-deviation lock,
 * so jobs for one deviation never interleave, and both are idempotent: a duplicated or replayed job finds nothing
 * left to do.
 */
@Injectable()
export class JiraSyncService {
  private readonly logger = new Logger(JiraSyncService.name);
  private readonly repairs: Counter;

  private readonly timeoutMs: number;

  constructor(
    private readonly db: ScopedDb,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly jira: JiraClient,
    private readonly mirror: DeviationMirror,
    metrics: MetricsService,
    config: AppConfig,
  ) {
    this.timeoutMs = config.JIRA_TIMEOUT_MS;
    this.repairs = new Counter({
      name: 'jira_reconcile_repairs_total',
      help: 'Deviations the reconciliation sweep brought back in line with Jira (lost webhooks, stuck pushes).',
      registers: [metrics.registry],
    });
  }

  /** Creates the deviation's issue when it has none, then brings fields, public comments and attachments up to date. */
  async pushDeviation(deviationId: string): Promise<boolean> {
    await this.assertNotPaused();
    return this.withDeviationLock(deviationId, async () => {
      const deviation = await this.db.transaction(SYSTEM_SCOPE, (m) => this.mirror.readForJira(m, deviationId));
      if (!deviation || deviation.status === 'utkast') return false;
      const link = await this.ensureLink(deviation);
      let changed = false;
      if (!link.issueId) {
        // A create that timed out may still have been applied: look for our label before creating again. A first
        // attempt skips the search, which would otherwise spend Jira's search budget once per new deviation.
        const [existing] = link.createAttemptedAt ? await this.jira.findByDeviationId(deviation.id) : [];
        const ref = existing ?? (await this.createIssue(deviation));
        // A new issue has what we sent, in the status that mirrors a submitted deviation (`inskickad`). An issue found
        // by its label was made by a create whose answer was lost: SKR may have worked on it since, so nothing of its
        // state is known; the next pull takes it as SKR's, and its fields are brought up to date below.
        const pushed = existing
          ? { pushedFieldsHash: null, jiraPriority: null, jiraStatus: null, jiraResolution: null }
          : { pushedFieldsHash: fieldsHash(deviation), jiraPriority: deviation.prioritet, jiraStatus: SUBMITTED, jiraResolution: null };
        await this.saveLink(deviationId, { issueId: ref.id, issueKey: ref.key, ...pushed });
        Object.assign(link, { issueId: ref.id, issueKey: ref.key, ...pushed });
        this.logger.log({ deviationId, jiraKey: ref.key, found: Boolean(existing) }, 'jira issue linked');
        changed = true;
      }
      const hash = fieldsHash(deviation);
      // Only a change made in the service since Jira's value was last known is sent; an unknown one is Jira's to tell.
      const priorityMoved = link.jiraPriority !== null && link.jiraPriority !== deviation.prioritet;
      if (link.pushedFieldsHash !== hash || priorityMoved) {
        const edit: IssueEdit = { summary: issueSummary(deviation), description: issueDescription(deviation) };
        if (priorityMoved) edit.priorityId = await this.jiraPriorityId(deviation.prioritet);
        await this.jira.editIssue(link.issueId!, edit);
        await this.saveLink(deviationId, { pushedFieldsHash: hash, jiraPriority: deviation.prioritet });
        changed = true;
      }
      changed = (await this.pushStatus(deviation, link)) || changed;
      changed = (await this.pushComments(deviation, link.issueId!)) || changed;
      changed = (await this.pushAttachments(deviation, link.issueId!)) || changed;
      await this.saveLink(deviationId, { state: JiraSyncState.Synced, lastError: null, lastErrorAt: null, lastSyncedAt: new Date() });
      return changed;
    });
  }

  /** Reads the issue as it is now and applies SKR's status, priority, resolution and public comments. */
  async pullIssue(issueId: string): Promise<boolean> {
    await this.assertNotPaused();
    const issue = await this.jira.getIssue(issueId);
    if (!issue) return false;
    const deviationId = await this.deviationOf(issue);
    if (!deviationId) return false;
    return this.withDeviationLock(deviationId, () => this.applyIssue(deviationId, issue));
  }

  private async applyIssue(deviationId: string, issue: JiraIssueState): Promise<boolean> {
    try {
      let changed = false;
      await this.db.transaction(SYSTEM_SCOPE, async (manager) => {
        const link = await manager.findOneBy(JiraLink, { deviationId });
        if (!link) return;
        if (!link.issueId) {
          await manager.update(JiraLink, { deviationId }, { issueId: issue.id, issueKey: issue.key });
        }
        if (link.watermark && issue.updated.getTime() <= link.watermark.getTime()) return;
        const known = await this.knownState(manager, issue);
        changed = await this.mirror.applyJiraDecision(manager, deviationId, {
          status: known.jiraStatus,
          prioritet: known.jiraPriority,
          resolution: known.jiraResolution,
          updatedAt: issue.updated,
          changed: {
            status: known.jiraStatus !== link.jiraStatus,
            prioritet: known.jiraPriority !== link.jiraPriority,
            resolution: known.jiraResolution !== link.jiraResolution,
          },
        });
        await manager.update(JiraLink, { deviationId }, { ...known, watermark: issue.updated, lastSyncedAt: new Date() });
      });
      changed = (await this.pullComments(deviationId, issue.id)) || changed;
      return changed;
    } catch (error) {
      // An unmapped status or priority id is SKR's to fix: shown on the deviation and in the failure list.
      if (error instanceof JiraMappingError) await this.recordFailure(deviationId, JiraSyncState.Failed, error.message);
      throw error;
    }
  }

  /**
   * The safety net for lost webhooks and stuck pushes: pulls every issue updated since the watermark (minus a
   * margin) and pushes deviations whose sync has waited too long. Returns how many it repaired.
   *
   * One issue or deviation Jira fails on (a 5xx, a timeout) does not end the sweep: the others are still repaired,
   * and the watermark only moves past a pass in which every issue was read, so the next sweep looks again at what
   * this one missed. The sweep fails (and its job is retried) only when Jira failed it all the way through.
   */
  async reconcile(now = new Date()): Promise<number> {
    await this.assertNotPaused();
    const integration = await this.db.transaction(SYSTEM_SCOPE, (m) => m.findOneByOrFail(JiraIntegration, { id: 1 }));
    const since = new Date((integration.reconcileWatermark ?? new Date(now.getTime() - 86_400_000)).getTime() - RECONCILE_MARGIN_MS);
    let repaired = 0;
    let attempts = 0;
    const failures: JiraCallError[] = [];
    const tolerate = async (work: () => Promise<boolean>) => {
      attempts++;
      try {
        if (await this.whenFree(work)) repaired++;
      } catch (error) {
        // Refused credentials are not one issue's trouble: they end the sweep (and pause the integration).
        if (!(error instanceof JiraCallError) || error.kind === 'auth') throw error;
        failures.push(error);
      }
    };
    try {
      let pageToken: string | undefined;
      do {
        const page = await this.jira.searchUpdatedSince(since, pageToken);
        for (const issueId of page.issueIds) await tolerate(() => this.pullIssue(issueId));
        pageToken = page.nextPageToken;
      } while (pageToken);
    } catch (error) {
      // The search itself failed: the stuck pushes below are still worth doing.
      if (!(error instanceof JiraCallError) || error.kind === 'auth') throw error;
      attempts++;
      failures.push(error);
    }
    // Every issue read (the search included): only then may the watermark move past this pass.
    const complete = failures.length === 0;
    const stuck = await this.db.transaction(SYSTEM_SCOPE, (m) =>
      m
        .createQueryBuilder(JiraLink, 'l')
        .where('l.state = :waiting', { waiting: JiraSyncState.Waiting })
        .andWhere('l.updated_at < :before', { before: new Date(now.getTime() - STUCK_AFTER_MS) })
        .getMany(),
    );
    // One deviation's Jira failure is recorded by its own job; the sweep goes on with the others.
    for (const link of stuck) await tolerate(() => this.pushDeviation(link.deviationId));
    await this.db.transaction(SYSTEM_SCOPE, (m) =>
      m.query(
        `UPDATE jira_integration SET reconcile_watermark = CASE WHEN $3 THEN $1 ELSE reconcile_watermark END, repairs = repairs + $2 WHERE id = 1`,
        [now, repaired, complete],
      ),
    );
    this.repairs.inc(repaired);
    if (repaired > 0) this.logger.log({ repaired }, 'jira reconciliation repaired deviations');
    if (failures.length > 0) {
      this.logger.warn(
        { failed: failures.length, repaired, complete, reason: failures[0].message },
        'jira reconciliation left some to the next sweep',
      );
      // Nothing got through at all (Jira down, credentials refused): the job's retry and its backoff take over.
      if (failures.length === attempts) throw failures[0];
    }
    return repaired;
  }

  /**
   * The sweep waits briefly for a deviation that a job holds instead of skipping it: the job may be the very one
   * that lost its update. After that it leaves the deviation to the next sweep.
   */
  private async whenFree(work: () => Promise<boolean>, attempts = 20): Promise<boolean> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await work();
      } catch (error) {
        if (!(error instanceof DeviationBusyError) || attempt >= attempts) {
          if (error instanceof DeviationBusyError) return false;
          throw error;
        }
        await new Promise((r) => setTimeout(r, 100));
      }
    }
  }

  /** Records a failure on the deviation's sync state, where SKR (and the party) can see it. */
  async recordFailure(deviationId: string, state: JiraSyncState, reason: string): Promise<void> {
    await this.saveLink(deviationId, { state, lastError: reason.slice(0, 1000), lastErrorAt: new Date() });
  }

  async pause(reason: string): Promise<void> {
    await this.db.transaction(SYSTEM_SCOPE, (m) =>
      m.update(JiraIntegration, { id: 1 }, { paused: true, pausedReason: reason.slice(0, 500), pausedAt: new Date() }),
    );
    this.logger.error({ reason }, 'jira integration paused: Jira refused our credentials');
  }

  /** The deviation a webhook's issue belongs to: by the stored link, else by our label (a create whose answer was lost). */
  private async deviationOf(issue: JiraIssueState): Promise<string | null> {
    const linked = await this.db.transaction(SYSTEM_SCOPE, (m) => m.findOneBy(JiraLink, { issueId: issue.id }));
    if (linked) return linked.deviationId;
    const labelled = issue.labels.map((label) => LABEL.exec(label)?.[1]).find(Boolean);
    if (!labelled) return null;
    const byDeviation = await this.db.transaction(SYSTEM_SCOPE, (m) => m.findOneBy(JiraLink, { deviationId: labelled }));
    return byDeviation && (!byDeviation.issueId || byDeviation.issueId === issue.id) ? labelled : null;
  }

  /** Adds the party's and SKR's public comments the issue lacks (SKR's internal notes never go out). */
  private async pushComments(deviation: DeviationForJira, issueId: string): Promise<boolean> {
    const links = await this.db.transaction(SYSTEM_SCOPE, (m) => m.findBy(JiraCommentLink, { deviationId: deviation.id }));
    const bodyOf = (comment: DeviationForJira['comments'][number]) => outboundCommentBody(comment, deviation.partyName);
    return this.pushMissing(deviation.id, 'comment', {
      local: deviation.comments,
      linked: links.map((l) => ({ localId: l.commentId, jiraId: l.jiraCommentId })),
      listInJira: () => this.jira.listComments(issueId),
      sameAs: (inJira, comment) => adfToText(inJira.body) === adfToText(bodyOf(comment)),
      add: async (comment) => (await this.jira.addComment(issueId, bodyOf(comment))).id,
      link: (m, comment, jiraId) =>
        m.insert(JiraCommentLink, {
          jiraCommentId: jiraId,
          deviationId: deviation.id,
          commentId: comment.id,
          origin: 'ours',
          bodyHash: bodyHash(bodyOf(comment)),
        }),
    });
  }

  /** Uploads the evidence the issue lacks. */
  private async pushAttachments(deviation: DeviationForJira, issueId: string): Promise<boolean> {
    const links = await this.db.transaction(SYSTEM_SCOPE, (m) => m.findBy(JiraAttachmentLink, { deviationId: deviation.id }));
    return this.pushMissing(deviation.id, 'attachment', {
      local: deviation.attachments,
      linked: links.map((l) => ({ localId: l.attachmentId, jiraId: l.jiraAttachmentId })),
      listInJira: () => this.jira.listAttachments(issueId),
      sameAs: (inJira, attachment) => inJira.filename === attachment.filename && inJira.size === attachment.sizeBytes,
      add: async (attachment) => {
        const content = await this.db.transaction(SYSTEM_SCOPE, (m) => this.mirror.openAttachment(m, attachment.id));
        return (await this.jira.addAttachment(issueId, attachment.filename, content)).id;
      },
      link: (m, attachment, jiraId) =>
        m.insert(JiraAttachmentLink, { attachmentId: attachment.id, deviationId: deviation.id, jiraAttachmentId: jiraId }),
    });
  }

  /**
   * Adds to the issue what it lacks of ours and links each. An add whose answer was lost (a timeout after Jira
   * applied it, a worker killed before it recorded the link) left ours in Jira unlinked: one of those that is the
   * same as the local item is linked instead of adding it a second time.
   */
  private async pushMissing<Local extends { id: string }, InJira extends { id: string; authorAccountId: string | null }>(
    deviationId: string,
    kind: JiraPushAttempt['kind'],
    items: {
      local: Local[];
      linked: { localId: string; jiraId: string }[];
      listInJira: () => Promise<InJira[]>;
      sameAs: (inJira: InJira, local: Local) => boolean;
      add: (local: Local) => Promise<string>;
      link: (manager: EntityManager, local: Local, jiraId: string) => Promise<unknown>;
    },
  ): Promise<boolean> {
    const linkedLocal = new Set(items.linked.map((l) => l.localId));
    const missing = items.local.filter((item) => !linkedLocal.has(item.id));
    if (missing.length === 0) return false;
    const me = await this.jira.myAccountId();
    const linkedInJira = new Set(items.linked.map((l) => l.jiraId));
    const unlinkedOurs = (await items.listInJira()).filter((j) => j.authorAccountId === me && !linkedInJira.has(j.id));
    for (const item of missing) {
      const earlier = unlinkedOurs.findIndex((j) => items.sameAs(j, item));
      const jiraId =
        earlier >= 0 ? unlinkedOurs.splice(earlier, 1)[0].id : await this.attemptPush(deviationId, kind, item.id, () => items.add(item));
      await this.db.transaction(SYSTEM_SCOPE, (m) => items.link(m, item, jiraId));
    }
    return true;
  }

  /**
   * Adds one comment or attachment to Jira under a claim committed before the call and ended after it. The
   * per-deviation lock is a PostgreSQL session lock: a database restart ends it while its holder still waits for
   * Jira, and a second job then gets the lock. Seeing the claim of an add still in flight (started within three
   * Jira timeouts, not ended), it waits (DeviationBusyError: its job is delayed) instead of adding the same thing
   * again; by its next try the first add is in Jira and is linked, or it failed and may be made again.
   */
  private async attemptPush(
    deviationId: string,
    kind: JiraPushAttempt['kind'],
    localId: string,
    add: () => Promise<string>,
  ): Promise<string> {
    const [claimed] = await this.db.transaction(SYSTEM_SCOPE, (m) =>
      m.query(
        `INSERT INTO jira_push_attempt (kind, local_id, started_at) VALUES ($1, $2, now())
         ON CONFLICT (kind, local_id) DO UPDATE SET started_at = now(), ended_at = NULL
          WHERE jira_push_attempt.ended_at IS NOT NULL OR jira_push_attempt.started_at < now() - make_interval(secs => $3)
         RETURNING 1`,
        [kind, localId, (3 * this.timeoutMs) / 1000],
      ),
    );
    if (!claimed) throw new DeviationBusyError(deviationId);
    try {
      return await add();
    } finally {
      // Best effort: a claim left open by a crash lapses by itself.
      await this.db
        .transaction(SYSTEM_SCOPE, (m) => m.update(JiraPushAttempt, { kind, localId }, { endedAt: new Date() }))
        .catch(() => undefined);
    }
  }

  /** Imports public comments SKR wrote in Jira; internal ones (with visibility) and our own never come back. */
  private async pullComments(deviationId: string, issueId: string): Promise<boolean> {
    const me = await this.jira.myAccountId();
    const comments = await this.jira.listComments(issueId);
    let changed = false;
    await this.db.transaction(SYSTEM_SCOPE, async (manager) => {
      const links = new Map((await manager.findBy(JiraCommentLink, { deviationId })).map((l) => [l.jiraCommentId, l]));
      for (const comment of comments) {
        if (comment.internal || comment.authorAccountId === me) continue;
        const link = links.get(comment.id);
        const hash = bodyHash(comment.body);
        if (link?.origin === 'ours') continue;
        if (!link) {
          const commentId = await this.mirror.importJiraComment(manager, deviationId, {
            jiraCommentId: comment.id,
            body: adfToText(comment.body),
            authorName: 'SKR',
            createdAt: comment.created,
          });
          await manager.insert(JiraCommentLink, { jiraCommentId: comment.id, deviationId, commentId, origin: 'jira', bodyHash: hash });
          changed = true;
        } else if (link.bodyHash !== hash) {
          await this.mirror.updateImportedComment(manager, link.commentId, adfToText(comment.body));
          await manager.update(JiraCommentLink, { jiraCommentId: comment.id }, { bodyHash: hash });
          changed = true;
        }
      }
    });
    return changed;
  }

  /**
   * Walks Jira's workflow to the deviation's status when it changed in the service (SKR set it, the party reopened
   * a solved deviation), then records what the issue has now. A status Jira has no counterpart of (withdrawn) and a
   * workflow that offers no way there leave the issue as it is; the next push tries again.
   */
  private async pushStatus(deviation: DeviationForJira, link: JiraLink): Promise<boolean> {
    if (link.jiraStatus === null || link.jiraStatus === deviation.status) return false;
    const target = await this.jiraIdOf('status', deviation.status);
    if (!target) return false;
    let issue = await this.jira.getIssue(link.issueId!);
    let moved = false;
    if (issue && issue.statusId !== target) {
      moved = await this.jira.transitionTo(link.issueId!, target);
      if (!moved)
        this.logger.warn(
          { deviationId: deviation.id, status: deviation.status },
          'jira workflow offers no way to the status set in the service',
        );
      issue = await this.jira.getIssue(link.issueId!);
    }
    if (issue) {
      const known = await this.db.transaction(SYSTEM_SCOPE, (m) => this.knownState(m, issue));
      await this.saveLink(deviation.id, known);
      Object.assign(link, known);
    }
    return moved;
  }

  /** The issue's status, priority (as our values) and resolution, as the link records them. */
  private async knownState(
    manager: EntityManager,
    issue: JiraIssueState,
  ): Promise<{ jiraStatus: string; jiraPriority: string | null; jiraResolution: string | null }> {
    return {
      jiraStatus: await this.mapped(manager, 'status', issue.statusId),
      jiraPriority: issue.priorityId ? await this.mapped(manager, 'priority', issue.priorityId) : null,
      jiraResolution: issue.resolution,
    };
  }

  private async ensureLink(deviation: DeviationForJira): Promise<JiraLink> {
    return this.db.transaction(SYSTEM_SCOPE, async (manager) => {
      await manager.query(`INSERT INTO jira_link (deviation_id, party_id) VALUES ($1, $2) ON CONFLICT DO NOTHING`, [
        deviation.id,
        deviation.partyId,
      ]);
      return manager.findOneByOrFail(JiraLink, { deviationId: deviation.id });
    });
  }

  /** Creates the issue, recording the attempt first: see JiraLink.createAttemptedAt. */
  private async createIssue(deviation: DeviationForJira): Promise<{ id: string; key: string }> {
    await this.saveLink(deviation.id, { createAttemptedAt: new Date() });
    try {
      return await this.jira.createIssue({
        summary: issueSummary(deviation),
        description: issueDescription(deviation),
        priorityId: await this.jiraPriorityId(deviation.prioritet),
        labels: ['ssbtek'],
        deviationId: deviation.id,
      });
    } catch (error) {
      // Refused outright (rate limit, bad request, credentials): nothing reached Jira, so the retry need not search.
      // A 5xx, a timeout or a lost connection may have been applied, and keep the mark.
      if (error instanceof JiraCallError && NOT_APPLIED.includes(error.kind))
        await this.saveLink(deviation.id, { createAttemptedAt: null });
      throw error;
    }
  }

  private async saveLink(deviationId: string, changes: Partial<JiraLink>): Promise<void> {
    await this.db.transaction(SYSTEM_SCOPE, (m) => m.update(JiraLink, { deviationId }, changes));
  }

  private async mapped(manager: EntityManager, kind: 'status' | 'priority', jiraId: string): Promise<string> {
    const row = await manager.findOneBy(JiraMapping, { kind, jiraId });
    if (!row) throw new JiraMappingError(kind, jiraId);
    return row.value;
  }

  private async jiraPriorityId(prioritet: string): Promise<string> {
    const id = await this.jiraIdOf('priority', prioritet);
    if (!id) throw new JiraMappingError('priority', prioritet);
    return id;
  }

  /** Jira's id for one of our values (the mapping read backwards), or null when it has none. */
  private async jiraIdOf(kind: 'status' | 'priority', value: string): Promise<string | null> {
    const row = await this.db.transaction(SYSTEM_SCOPE, (m) => m.findOneBy(JiraMapping, { kind, value }));
    return row?.jiraId ?? null;
  }

  private async assertNotPaused(): Promise<void> {
    const integration = await this.db.transaction(SYSTEM_SCOPE, (m) => m.findOneByOrFail(JiraIntegration, { id: 1 }));
    if (integration.paused) throw new IntegrationPausedError(integration.pausedReason);
  }

  /**
   * A session-level advisory lock on its own connection for the whole job, Jira calls included: jobs for one
   * deviation never interleave, whichever worker runs them.
   */
  private async withDeviationLock<T>(deviationId: string, work: () => Promise<T>): Promise<T> {
    const runner = this.dataSource.createQueryRunner();
    await runner.connect();
    try {
      const [{ locked }] = (await runner.query(`SELECT pg_try_advisory_lock(hashtextextended($1, 7)) AS locked`, [deviationId])) as {
        locked: boolean;
      }[];
      if (!locked) throw new DeviationBusyError(deviationId);
      try {
        return await work();
      } finally {
        await runner.query(`SELECT pg_advisory_unlock(hashtextextended($1, 7))`, [deviationId]);
      }
    } finally {
      await runner.release();
    }
  }
}
