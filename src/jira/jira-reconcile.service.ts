import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, Logger } from '@nestjs/common';
import type { Queue } from 'bullmq';
import { Counter } from 'prom-client';
import { AppConfig } from '../config/app-config';
import { SYSTEM_SCOPE } from '../database/data-scope';
import { ScopedDb } from '../database/scoped-db';
import { MetricsService } from '../metrics/metrics.service';
import { JIRA_SYNC_QUEUE, JiraSyncJob } from '../queues/jira-sync.queue';
import { JiraClient } from './jira-client';
import { JiraIntegration } from './jira-integration.entity';
import { JiraCommentSharingService } from './jira-comment-sharing.service';
import { JiraImportService } from './jira-import.service';
import { JiraPullService } from './jira-pull.service';
import { JiraPushService } from './jira-push.service';
import { JiraSyncStateService } from './jira-sync-state.service';
import { JiraTokenSource, tokenExpiresSoon } from './jira-token-source';
import { AwaitingSearchIndexError, DeviationBusyError } from './jira-sync.errors';
import { JiraCallError, type JiraFailureKind } from './jira.errors';

/** How far back of its watermark the sweep looks, for clock skew and updates committed while it ran. */
const RECONCILE_MARGIN_MS = 5 * 60_000;
/** Failures that pause the integration rather than fail one issue. */
const PAUSING: readonly JiraFailureKind[] = ['auth', 'forbidden'];
/**
 * A deviation still waiting this long after its last change is pushed again by the sweep (or one sweep interval, when
 * shorter): stuck pushes, and those whose job spent its retry budget during an outage.
 */
const STUCK_AFTER_MS = 60_000;

/** The reconciliation sweep, on the schedule JiraSyncModule keeps. */
@Injectable()
export class JiraReconcileService {
  private readonly logger = new Logger(JiraReconcileService.name);
  private readonly repairs: Counter;
  private readonly stuckAfterMs: number;

  constructor(
    private readonly db: ScopedDb,
    private readonly jira: JiraClient,
    private readonly state: JiraSyncStateService,
    private readonly push: JiraPushService,
    private readonly pull: JiraPullService,
    private readonly comments: JiraCommentSharingService,
    private readonly imports: JiraImportService,
    @InjectQueue(JIRA_SYNC_QUEUE) private readonly queue: Queue,
    private readonly token: JiraTokenSource,
    metrics: MetricsService,
    config: AppConfig,
  ) {
    this.stuckAfterMs = Math.min(STUCK_AFTER_MS, config.JIRA_RECONCILE_INTERVAL_MS);
    this.repairs = new Counter({
      name: 'jira_reconcile_repairs_total',
      help: 'Deviations the reconciliation sweep brought back in line with Jira (lost webhooks, stuck pushes).',
      registers: [metrics.registry],
    });
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
    const resumed = await this.resumeWhenJiraAnswers();
    if (resumed === 'still paused') return 0;
    // An expired token makes the search below answer "nothing changed"; /myself answers 401 and ends the sweep first
    // (and the client refuses any answer Jira served as anonymous), so the watermark never moves over it.
    await this.jira.checkCredentials();
    const { source, expiresAt } = await this.token.inUse();
    if (tokenExpiresSoon(expiresAt, now)) {
      this.logger.warn({ source, expiresAt }, 'jira api token expires within 30 days: rotate it');
    }
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
        // Refused credentials or permissions are not one issue's trouble: they end the sweep (and pause the integration).
        if (!(error instanceof JiraCallError) || PAUSING.includes(error.kind)) throw error;
        failures.push(error);
      }
    };
    try {
      let pageToken: string | undefined;
      do {
        const page = await this.jira.searchUpdatedSince(since, pageToken);
        for (const issueId of page.issueIds) await tolerate(() => this.pull.pullIssue(issueId));
        pageToken = page.nextPageToken;
      } while (pageToken);
      // Known deviations SKR registered in Jira whose webhook was lost; search by creation, as they may not have changed.
      for (const issueId of await this.imports.unlinkedCandidates()) await tolerate(() => this.imports.importIssue(issueId));
    } catch (error) {
      // The search itself failed: the stuck pushes below are still worth doing.
      if (!(error instanceof JiraCallError) || PAUSING.includes(error.kind)) throw error;
      attempts++;
      failures.push(error);
    }
    // A held comment whose release job was lost (Redis flushed) is released here, late but never never.
    for (const issueId of await this.comments.issuesDueForRelease(now)) await tolerate(() => this.pull.pullIssue(issueId));
    // Every issue read (the search included): only then may the watermark move past this pass.
    const complete = failures.length === 0;
    // Right after a pause every waiting deviation is pushed: their jobs were put off for the pause.
    const stuck = await this.state.linksWaitingSince(resumed === 'resumed' ? now : new Date(now.getTime() - this.stuckAfterMs));
    // One deviation's Jira failure is recorded by its own job; the sweep goes on with the others.
    for (const link of stuck) await tolerate(() => this.push.pushDeviation(link.deviationId));
    await this.recordPass(now, repaired, complete);
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
   * While the integration is paused, each sweep asks Jira whether the account works again (a rotated token file, a
   * permission given back) and resumes it then: the pause ends by itself, without a restart.
   */
  private async resumeWhenJiraAnswers(): Promise<'not paused' | 'resumed' | 'still paused'> {
    const integration = await this.db.transaction(SYSTEM_SCOPE, (m) => m.findOneByOrFail(JiraIntegration, { id: 1 }));
    if (!integration.paused) return 'not paused';
    try {
      await this.jira.checkCredentials();
      await this.jira.canBrowseProject();
    } catch (error) {
      if (error instanceof JiraCallError && PAUSING.includes(error.kind)) {
        this.logger.warn({ reason: error.message }, 'jira integration still paused');
        return 'still paused';
      }
      throw error;
    }
    await this.state.resume('Jira accepted our credentials and permissions again');
    await this.releaseJobsPutOff();
    return 'resumed';
  }

  /**
   * Jobs that met the pause were put off for a minute (the processor's PAUSED_DELAY_MS), and a comment's or an
   * attachment's job leaves no waiting link for the stuck pushes below to find: they run now, not a minute late.
   */
  private async releaseJobsPutOff(): Promise<void> {
    for (const job of await this.queue.getDelayed()) {
      if (job.name === JiraSyncJob.Reconcile) continue;
      // A job that started or finished since it was listed is no longer delayed: nothing is left to release.
      await job.promote().catch(() => undefined);
    }
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
        // A lost create waiting for Jira's search index is its own job's to finish.
        if (error instanceof AwaitingSearchIndexError) return false;
        if (!(error instanceof DeviationBusyError) || attempt >= attempts) {
          if (error instanceof DeviationBusyError) return false;
          throw error;
        }
        await new Promise((r) => setTimeout(r, 100));
      }
    }
  }

  /** Counts the pass's repairs; moves the watermark to its start only when the pass was complete. */
  private async recordPass(now: Date, repaired: number, complete: boolean): Promise<void> {
    await this.db.transaction(SYSTEM_SCOPE, (m) =>
      m.query(
        `UPDATE jira_integration SET reconcile_watermark = CASE WHEN $3 THEN $1 ELSE reconcile_watermark END, repairs = repairs + $2 WHERE id = 1`,
        [now, repaired, complete],
      ),
    );
  }
}
