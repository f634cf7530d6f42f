import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Counter } from 'prom-client';
import { DataSource, EntityManager } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { SYSTEM_SCOPE } from '../database/data-scope';
import { ScopedDb } from '../database/scoped-db';
import { MetricsService } from '../metrics/metrics.service';
import { JiraIntegration } from './jira-integration.entity';
import { type KnownIssueState } from './jira-mapping.service';
import { JiraLink, JiraSyncState } from './jira-link.entity';
import { DeviationBusyError, IntegrationPausedError } from './jira-sync.errors';

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

  /** After a push that met no trouble: the push's failure ends; a pull's stays until a pull sees it mended. */
  async markSynced(deviationId: string): Promise<void> {
    await this.db.transaction(SYSTEM_SCOPE, (m) =>
      m
        .createQueryBuilder()
        .update(JiraLink)
        .set({ ...NO_PUSH_FAILURE, lastSyncedAt: () => 'now()', state: () => stateBeside('pull_error_at', `'${JiraSyncState.Synced}'`) })
        .where('deviation_id = :deviationId', { deviationId })
        .execute(),
    );
  }

  /**
   * Records a failure of the push (or of the link itself: identity, a deleted issue) where SKR and the party see it.
   * A pull's failure beside it keeps the link `fel`, so a transient push failure never hides it from the failure list.
   */
  async recordFailure(
    deviationId: string,
    state: JiraSyncState,
    reason: string,
    code: string | null = null,
    manager?: EntityManager,
  ): Promise<void> {
    const failure = { lastError: reason.slice(0, 1000), lastErrorCode: code, lastErrorAt: new Date() };
    await this.updateLink(manager, deviationId, { ...failure, state: () => stateBeside('pull_error_at', `'${state}'`) });
  }

  /**
   * Records why a pull could not apply all of the issue, in the pull's own columns (JiraLink.pullError), in the pull's
   * transaction: shown until a later pull finds it mended (clearPullFailure), whatever the pushes do meanwhile.
   */
  async recordPullFailure(manager: EntityManager, deviationId: string, failure: { message: string; code: string }): Promise<void> {
    const pull = { pullError: failure.message.slice(0, 1000), pullErrorCode: failure.code, pullErrorAt: new Date() };
    await this.updateLink(manager, deviationId, { ...pull, state: JiraSyncState.Failed });
  }

  /** Ends the pull's own failure once the issue no longer shows it; the link is `synkad` again unless the push failed. */
  async clearPullFailure(manager: EntityManager, deviationId: string): Promise<void> {
    await manager
      .createQueryBuilder()
      .update(JiraLink)
      .set({
        pullError: null,
        pullErrorCode: null,
        pullErrorAt: null,
        state: () => stateBeside('last_error_at', `'${JiraSyncState.Synced}'`),
      })
      .where('deviation_id = :deviationId AND pull_error_at IS NOT NULL', { deviationId })
      .execute();
  }

  /** Records the key the issue has now (a move to another project changes it, never the id). */
  async recordIssueKey(deviationId: string, issueKey: string): Promise<void> {
    await this.saveLink(deviationId, { issueKey });
  }

  private async saveLink(deviationId: string, changes: Partial<JiraLink>, manager?: EntityManager): Promise<void> {
    if (manager) await manager.update(JiraLink, { deviationId }, changes);
    else await this.db.transaction(SYSTEM_SCOPE, (m) => m.update(JiraLink, { deviationId }, changes));
  }

  private async updateLink(manager: EntityManager | undefined, deviationId: string, set: QueryDeepPartialEntity<JiraLink>): Promise<void> {
    const run = (m: EntityManager) =>
      m.createQueryBuilder().update(JiraLink).set(set).where('deviation_id = :deviationId', { deviationId }).execute();
    if (manager) await run(manager);
    else await this.db.transaction(SYSTEM_SCOPE, run);
  }
}

const NO_PUSH_FAILURE = { lastError: null, lastErrorCode: null, lastErrorAt: null } satisfies Partial<JiraLink>;

/**
 * The link's state as one side wants it, unless the other side's failure (its `*_error_at` column) keeps it `fel`:
 * SQL, so the other side's columns are read in the same statement that writes, not in an earlier read.
 */
function stateBeside(otherFailureAt: 'pull_error_at' | 'last_error_at', wanted: string): string {
  if (otherFailureAt === 'last_error_at')
    // A pull's success only ends what the pull made `fel`: a push waiting or failed keeps its own state.
    return `CASE WHEN state = '${JiraSyncState.Failed}' AND last_error_at IS NULL THEN ${wanted}::jira_sync_state ELSE state END`;
  return `CASE WHEN pull_error_at IS NOT NULL THEN '${JiraSyncState.Failed}'::jira_sync_state ELSE ${wanted}::jira_sync_state END`;
}
