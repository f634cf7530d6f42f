import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Counter } from 'prom-client';
import { DataSource, EntityManager } from 'typeorm';
import { SYSTEM_SCOPE } from '../database/data-scope';
import { ScopedDb } from '../database/scoped-db';
import { MetricsService } from '../metrics/metrics.service';
import { JiraIntegration } from './jira-integration.entity';
import { type KnownIssueState } from './jira-mapping.service';
import { JiraLink, JiraSyncState } from './jira-link.entity';
import { DeviationBusyError, IntegrationPausedError } from './jira-sync.errors';
import { JiraSyncFailureCode } from './jira.errors';

/** The advisory-lock key of a deviation's sync: one key space for the worker's session lock and SKR's decisions. */
const LOCK_KEY = 'hashtextextended($1, 7)';

/**
 * Takes the deviation's sync lock until the transaction ends, waiting for a job that holds it (see withDeviationLock):
 * a change SKR makes to the link then never interleaves with a push or pull that read it before.
 */
export async function lockDeviationForSync(manager: EntityManager, deviationId: string): Promise<void> {
  await manager.query(`SELECT pg_advisory_xact_lock(${LOCK_KEY})`, [deviationId]);
}

/**
 * Where each deviation stands with Jira, for the push, the pull and the sweep: the per-deviation lock, the
 * integration's pause and the link of a deviation to its issue (its comments and attachments: JiraPushClaimsService).
 * Each write is its own short transaction, committed before the next Jira call.
 */
@Injectable()
export class JiraSyncStateService {
  private readonly logger = new Logger(JiraSyncStateService.name);
  private readonly pauses: Counter;

  constructor(
    private readonly db: ScopedDb,
    @InjectDataSource() private readonly dataSource: DataSource,
    metrics: MetricsService,
  ) {
    this.pauses = new Counter({
      name: 'jira_integration_pauses_total',
      help: 'Times Jira refused our credentials or permissions and the integration was paused.',
      registers: [metrics.registry],
    });
  }

  /**
   * A session-level advisory lock on its own connection for the whole job, Jira calls included: jobs for one
   * deviation never interleave, whichever worker runs them.
   */
  async withDeviationLock<T>(deviationId: string, work: () => Promise<T>): Promise<T> {
    const runner = this.dataSource.createQueryRunner();
    await runner.connect();
    try {
      const [{ locked }] = (await runner.query(`SELECT pg_try_advisory_lock(${LOCK_KEY}) AS locked`, [deviationId])) as {
        locked: boolean;
      }[];
      if (!locked) throw new DeviationBusyError(deviationId);
      try {
        return await work();
      } finally {
        await runner.query(`SELECT pg_advisory_unlock(${LOCK_KEY})`, [deviationId]);
      }
    } finally {
      await runner.release();
    }
  }

  async assertNotPaused(): Promise<void> {
    const integration = await this.db.transaction(SYSTEM_SCOPE, (m) => m.findOneByOrFail(JiraIntegration, { id: 1 }));
    if (integration.paused) throw new IntegrationPausedError(integration.pausedReason);
  }

  async pause(reason: string): Promise<void> {
    await this.db.transaction(SYSTEM_SCOPE, (m) =>
      m.update(JiraIntegration, { id: 1 }, { paused: true, pausedReason: reason.slice(0, 500), pausedAt: new Date() }),
    );
    this.pauses.inc();
    this.logger.error({ reason }, 'jira integration paused: Jira refused our credentials or permissions');
  }

  /** Ends a pause once Jira answers as it should again; a no-op when not paused. */
  async resume(why: string): Promise<void> {
    const result = await this.db.transaction(SYSTEM_SCOPE, (m) =>
      m.update(JiraIntegration, { id: 1, paused: true }, { paused: false, pausedReason: null, pausedAt: null }),
    );
    if (result.affected) this.logger.log({ why }, 'jira integration resumed');
  }

  async linkOf(deviationId: string): Promise<JiraLink | null> {
    return this.db.transaction(SYSTEM_SCOPE, (m) => m.findOneBy(JiraLink, { deviationId }));
  }

  async linkOfIssue(issueId: string): Promise<JiraLink | null> {
    return this.db.transaction(SYSTEM_SCOPE, (m) => m.findOneBy(JiraLink, { issueId }));
  }

  /** The deviation's link, made (waiting, without an issue) on its first push. */
  async openLink(deviationId: string, partyId: string | null): Promise<JiraLink> {
    return this.db.transaction(SYSTEM_SCOPE, async (manager) => {
      await manager.query(`INSERT INTO jira_link (deviation_id, party_id) VALUES ($1, $2) ON CONFLICT DO NOTHING`, [deviationId, partyId]);
      return manager.findOneByOrFail(JiraLink, { deviationId });
    });
  }

  /** Links waiting for a push that has not moved since `before`: pushes the sweep takes up again. */
  async linksWaitingSince(before: Date): Promise<JiraLink[]> {
    return this.db.transaction(SYSTEM_SCOPE, (m) =>
      m
        .createQueryBuilder(JiraLink, 'l')
        .where('l.state = :waiting', { waiting: JiraSyncState.Waiting })
        .andWhere('l.updated_at < :before', { before })
        .getMany(),
    );
  }

  /** The linked issue key with the highest number in the project, where a lost create's issue would follow. */
  async highestLinkedKey(projectKey: string): Promise<string | null> {
    const [row] = (await this.db.transaction(SYSTEM_SCOPE, (m) =>
      m.query(
        `SELECT issue_key FROM jira_link WHERE issue_key LIKE $1 || '-%'
          ORDER BY substring(issue_key FROM '[0-9]+$')::bigint DESC LIMIT 1`,
        [projectKey],
      ),
    )) as { issue_key: string }[];
    return row?.issue_key ?? null;
  }

  /** Committed just before the issue is created: see JiraLink.createAttemptedAt. */
  async markCreateAttempted(deviationId: string): Promise<void> {
    await this.saveLink(deviationId, { createAttemptedAt: new Date() });
  }

  /** The create was refused before Jira did anything: a retry need not search for it. */
  async clearCreateAttempt(deviationId: string): Promise<void> {
    await this.saveLink(deviationId, { createAttemptedAt: null });
  }

  /** Records the deviation's issue and what it is known to have (null where nothing is known). */
  async linkIssue(
    deviationId: string,
    issue: { id: string; key: string },
    known: Pick<
      JiraLink,
      'pushedFieldsHash' | 'writtenContentHash' | 'jiraStatus' | 'jiraPriority' | 'jiraResolution' | 'jiraResponsiblePartyId'
    >,
  ): Promise<void> {
    await this.saveLink(deviationId, { issueId: issue.id, issueKey: issue.key, ...known });
  }

  /** The party-owned fields (their hashes), the priority and the responsible party as last written to the issue. */
  async recordEdit(
    deviationId: string,
    written: Partial<Pick<JiraLink, 'pushedFieldsHash' | 'writtenContentHash' | 'jiraPriority' | 'jiraResponsiblePartyId'>>,
  ): Promise<void> {
    await this.saveLink(deviationId, written);
  }

  /** The issue's status, priority and resolution as just read from Jira. */
  async recordKnownState(deviationId: string, known: KnownIssueState, readAt?: Date): Promise<void> {
    await this.saveLink(deviationId, readAt ? { ...known, watermark: readAt } : known);
  }

  /**
   * After a push that met no trouble. A failure the pull recorded (SKR's responsible-party field naming no party of
   * ours) stays: a push says nothing of that field, and only the pull sees it mended (clearPullFailure).
   */
  async markSynced(deviationId: string): Promise<void> {
    await this.db.transaction(SYSTEM_SCOPE, async (m) => {
      const pullFailed = await m.existsBy(JiraLink, { deviationId, lastErrorCode: JiraSyncFailureCode.ResponsiblePartyUnknown });
      await m.update(JiraLink, { deviationId }, pullFailed ? { lastSyncedAt: new Date() } : synced());
    });
  }

  /** Ends the pull's own failure (see markSynced) in the pull's transaction, once the issue no longer shows it. */
  async clearPullFailure(manager: EntityManager, deviationId: string): Promise<void> {
    await manager.update(JiraLink, { deviationId, lastErrorCode: JiraSyncFailureCode.ResponsiblePartyUnknown }, synced());
  }

  /** Records a failure on the deviation's sync state, where SKR (and the party) can see it. */
  async recordFailure(
    deviationId: string,
    state: JiraSyncState,
    reason: string,
    code: string | null = null,
    manager?: EntityManager,
  ): Promise<void> {
    await this.saveLink(deviationId, { state, lastError: reason.slice(0, 1000), lastErrorCode: code, lastErrorAt: new Date() }, manager);
  }

  /** Records the key the issue has now (a move to another project changes it, never the id). */
  async recordIssueKey(deviationId: string, issueKey: string): Promise<void> {
    await this.saveLink(deviationId, { issueKey });
  }

  private async saveLink(deviationId: string, changes: Partial<JiraLink>, manager?: EntityManager): Promise<void> {
    if (manager) await manager.update(JiraLink, { deviationId }, changes);
    else await this.db.transaction(SYSTEM_SCOPE, (m) => m.update(JiraLink, { deviationId }, changes));
  }
}

function synced(): Partial<JiraLink> {
  return { state: JiraSyncState.Synced, lastError: null, lastErrorCode: null, lastErrorAt: null, lastSyncedAt: new Date() };
}
