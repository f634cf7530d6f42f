import { Injectable } from '@nestjs/common';
import { Actor, scopeOf } from '../actor/actor';
import { AuditService } from '../audit/audit.service';
import { UnprocessableError } from '../common/domain-error';
import { AppConfig } from '../config/app-config';
import { ScopedDb } from '../database/scoped-db';
import { OutboxService } from '../outbox/outbox.service';
import { EntityManager } from 'typeorm';
import {
  JiraIntegrationStatusDto,
  JiraMappingEntryDto,
  JiraReplayResultDto,
  ReplaceJiraMappingDto,
  ReplayJiraFailuresDto,
} from './dto/jira-admin.dto';
import { JiraIntegration } from './jira-integration.entity';
import { JiraLink, JiraSyncState } from './jira-link.entity';
import { JiraMapping } from './jira-mapping.entity';
import { JiraSyncJob, JIRA_SYNC_QUEUE, pullJobKey, pushJobKey } from '../queues/jira-sync.queue';
import { JiraSyncNotFoundError } from './jira.errors';
import { tokenExpiresSoon } from './jira-token-source';

const PARTY_STATUSES = ['inskickad', 'mottagen', 'under_utredning', 'åtgärdas', 'väntar_på_komplettering', 'löst', 'stängd'];
const PRIORITIES = ['kritisk', 'hög', 'medel', 'låg'];
const REPLAY_BATCH = 500;

/** What people do with the integration: see a deviation's sync state, list and replay failures, edit the mapping. */
@Injectable()
export class JiraAdminService {
  private readonly tokenExpiresAt: Date | null;

  constructor(
    private readonly db: ScopedDb,
    private readonly outbox: OutboxService,
    private readonly audit: AuditService,
    config: AppConfig,
  ) {
    this.tokenExpiresAt = config.JIRA_TOKEN_EXPIRES_AT ? new Date(config.JIRA_TOKEN_EXPIRES_AT) : null;
  }

  /** A deviation's sync state; another party's deviation is not found, as everywhere. */
  async statusOf(actor: Actor, deviationId: string): Promise<JiraLink> {
    const link = await this.db.transaction(scopeOf(actor), (m) => m.findOneBy(JiraLink, { deviationId }));
    if (!link) throw new JiraSyncNotFoundError();
    return link;
  }

  async failures(actor: Actor): Promise<JiraLink[]> {
    return this.db.transaction(scopeOf(actor), (m) =>
      m.find(JiraLink, { where: { state: JiraSyncState.Failed }, order: { lastErrorAt: 'DESC' }, take: 500 }),
    );
  }

  /** Queues a fresh push of the deviation (after the cause of its failure was fixed). */
  async replay(actor: Actor, deviationId: string): Promise<JiraLink> {
    return this.db.transaction(scopeOf(actor), async (manager) => {
      const link = await manager.findOneBy(JiraLink, { deviationId });
      if (!link) throw new JiraSyncNotFoundError();
      await this.requeue(manager, actor, link);
      return { ...link, state: JiraSyncState.Waiting };
    });
  }

  /**
   * Replays the failures that match (by a part of their reason, by when they failed) after their common cause was
   * fixed: at most 500 at once, oldest first, so a large backlog is worked off in a few calls.
   */
  async replayFailures(actor: Actor, filter: ReplayJiraFailuresDto): Promise<JiraReplayResultDto> {
    return this.db.transaction(scopeOf(actor), async (manager) => {
      const query = manager.createQueryBuilder(JiraLink, 'l').where('l.state = :failed', { failed: JiraSyncState.Failed });
      if (filter.reason) query.andWhere('strpos(lower(l.last_error), lower(:reason)) > 0', { reason: filter.reason });
      if (filter.failedFrom) query.andWhere('l.last_error_at >= :from', { from: new Date(filter.failedFrom) });
      if (filter.failedTo) query.andWhere('l.last_error_at < :to', { to: new Date(filter.failedTo) });
      const links = await query.orderBy('l.last_error_at', 'ASC').take(REPLAY_BATCH).getMany();
      for (const link of links) await this.requeue(manager, actor, link);
      return { replayed: links.length, deviationIds: links.map((l) => l.deviationId) };
    });
  }

  private async requeue(manager: EntityManager, actor: Actor, link: JiraLink): Promise<void> {
    const { deviationId } = link;
    await manager.update(JiraLink, { deviationId }, { state: JiraSyncState.Waiting });
    // Both directions: the failure may have been either, and each job finds nothing to do if its side is fine.
    await this.outbox.add(manager, {
      queue: JIRA_SYNC_QUEUE,
      jobName: JiraSyncJob.PushDeviation,
      jobKey: pushJobKey(deviationId),
      payload: { deviationId },
      partyId: link.partyId,
    });
    if (link.issueId) {
      await this.outbox.add(manager, {
        queue: JIRA_SYNC_QUEUE,
        jobName: JiraSyncJob.PullIssue,
        jobKey: pullJobKey(link.issueId),
        payload: { issueId: link.issueId, deliveryId: 'replay' },
        partyId: link.partyId,
      });
    }
    await this.audit.record(manager, actor, {
      action: 'jira.replayed',
      entityType: 'deviation',
      entityId: deviationId,
      partyId: link.partyId,
      internal: true,
    });
  }

  async integration(actor: Actor): Promise<JiraIntegrationStatusDto> {
    const row = await this.db.transaction(scopeOf(actor), (m) => m.findOneByOrFail(JiraIntegration, { id: 1 }));
    return {
      paused: row.paused,
      pausedReason: row.pausedReason,
      pausedAt: row.pausedAt,
      reconcileWatermark: row.reconcileWatermark,
      repairs: Number(row.repairs),
      tokenExpiresAt: this.tokenExpiresAt,
      tokenExpiresSoon: tokenExpiresSoon(this.tokenExpiresAt, new Date()),
    };
  }

  async resume(actor: Actor): Promise<JiraIntegrationStatusDto> {
    await this.db.transaction(scopeOf(actor), async (manager) => {
      await manager.update(JiraIntegration, { id: 1 }, { paused: false, pausedReason: null, pausedAt: null });
      await this.audit.record(manager, actor, {
        action: 'jira.resumed',
        entityType: 'jira_integration',
        entityId: '1',
        partyId: null,
        internal: true,
      });
    });
    return this.integration(actor);
  }

  async mapping(actor: Actor): Promise<JiraMapping[]> {
    return this.db.transaction(scopeOf(actor), (m) => m.find(JiraMapping, { order: { kind: 'ASC', jiraId: 'ASC' } }));
  }

  /** Replaces the whole mapping at once, so it is never half old, half new. */
  async replaceMapping(actor: Actor, dto: ReplaceJiraMappingDto): Promise<JiraMapping[]> {
    const errors = dto.entries.flatMap((entry, i) => {
      const allowed = entry.kind === 'status' ? PARTY_STATUSES : PRIORITIES;
      return allowed.includes(entry.value)
        ? []
        : [{ pointer: `/entries/${i}/value`, detail: `Must be one of: ${allowed.join(', ')}.`, code: 'isIn' }];
    });
    const seen = new Set<string>();
    dto.entries.forEach((entry, i) => {
      const key = `${entry.kind}:${entry.jiraId}`;
      if (seen.has(key)) errors.push({ pointer: `/entries/${i}/jiraId`, detail: 'Mapped twice.', code: 'unique' });
      seen.add(key);
    });
    if (errors.length) throw new UnprocessableError('JIRA_MAPPING_INVALID', 'The mapping has invalid entries.', errors);
    return this.db.transaction(scopeOf(actor), async (manager) => {
      const before = await manager.find(JiraMapping);
      await manager.query('DELETE FROM jira_mapping');
      await manager.insert(
        JiraMapping,
        dto.entries.map((e) => ({ kind: e.kind, jiraId: e.jiraId, value: e.value })),
      );
      await this.audit.record(manager, actor, {
        action: 'jira.mapping_replaced',
        entityType: 'jira_mapping',
        entityId: 'all',
        partyId: null,
        internal: true,
        changes: { entries: { from: before.map(JiraMappingEntryDto.from), to: dto.entries } },
      });
      return manager.find(JiraMapping, { order: { kind: 'ASC', jiraId: 'ASC' } });
    });
  }
}
