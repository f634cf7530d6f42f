import { Injectable } from '@nestjs/common';
import { Actor, scopeOf } from '../actor/actor';
import { AuditService } from '../audit/audit.service';
import { UnprocessableError } from '../common/domain-error';
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
import { JiraCommentLink } from './jira-comment-link.entity';
import { JiraIntegration } from './jira-integration.entity';
import { JiraLink, JiraSyncState } from './jira-link.entity';
import { JiraMapping } from './jira-mapping.entity';
import { PARTY_STATUS_ORDER } from './jira-mapping.service';
import { RESOLUTION_KEYS } from './jira-resolution-texts';
import { JiraSyncJob, JIRA_SYNC_QUEUE, pullJobKey, pushJobKey } from '../queues/jira-sync.queue';
import { JiraLinkUnlinkedError, JiraSyncFailureCode, JiraSyncNotFoundError } from './jira.errors';
import { JiraTokenSource, tokenExpiresSoon } from './jira-token-source';

const PRIORITIES = ['kritisk', 'hög', 'medel', 'låg'];
const REPLAY_BATCH = 500;

/** What people do with the integration: see a deviation's sync state, list and replay failures, edit the mapping. */
@Injectable()
export class JiraAdminService {
  constructor(
    private readonly db: ScopedDb,
    private readonly outbox: OutboxService,
    private readonly audit: AuditService,
    private readonly token: JiraTokenSource,
  ) {}

  /** A deviation's sync state; another party's deviation is not found, as everywhere. */
  async statusOf(actor: Actor, deviationId: string): Promise<JiraLink> {
    const link = await this.db.transaction(scopeOf(actor), (m) => m.findOneBy(JiraLink, { deviationId }));
    if (!link) throw new JiraSyncNotFoundError();
    return link;
  }

  /** The SKR comments of a deviation's issue, shared or not, as metadata (oldest first). */
  async commentsOf(actor: Actor, deviationId: string): Promise<JiraCommentLink[]> {
    return this.db.transaction(scopeOf(actor), async (m) => {
      if (!(await m.existsBy(JiraLink, { deviationId }))) throw new JiraSyncNotFoundError();
      const links = await m.find(JiraCommentLink, { where: { deviationId, origin: 'jira' } });
      // Jira's comment ids grow with time; the creation time orders ids of another width (a migrated site).
      return links.sort(
        (a, b) =>
          (a.jiraCreatedAt?.getTime() ?? 0) - (b.jiraCreatedAt?.getTime() ?? 0) ||
          a.jiraCommentId.localeCompare(b.jiraCommentId, 'en', { numeric: true }),
      );
    });
  }

  async failures(actor: Actor): Promise<JiraLink[]> {
    // Newest failure of either side first.
    return this.db.transaction(scopeOf(actor), (m) =>
      m
        .createQueryBuilder(JiraLink, 'l')
        .where('l.state = :failed', { failed: JiraSyncState.Failed })
        .orderBy('greatest(l.last_error_at, l.pull_error_at)', 'DESC', 'NULLS LAST')
        .take(500)
        .getMany(),
    );
  }

  /** Queues a fresh push of the deviation (after the cause of its failure was fixed). */
  async replay(actor: Actor, deviationId: string): Promise<JiraLink> {
    return this.db.transaction(scopeOf(actor), async (manager) => {
      const link = await manager.findOneBy(JiraLink, { deviationId });
      if (!link) throw new JiraSyncNotFoundError();
      if (link.state === JiraSyncState.Unlinked) throw new JiraLinkUnlinkedError();
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
      // A link matches by either side's failure (the push's, or the pull's beside it).
      if (filter.reason)
        query.andWhere('(strpos(lower(l.last_error), lower(:reason)) > 0 OR strpos(lower(l.pull_error), lower(:reason)) > 0)', {
          reason: filter.reason,
        });
      if (filter.failedFrom) query.andWhere('greatest(l.last_error_at, l.pull_error_at) >= :from', { from: new Date(filter.failedFrom) });
      if (filter.failedTo) query.andWhere('least(l.last_error_at, l.pull_error_at) < :to', { to: new Date(filter.failedTo) });
      const links = await query.orderBy('least(l.last_error_at, l.pull_error_at)', 'ASC', 'NULLS LAST').take(REPLAY_BATCH).getMany();
      for (const link of links) await this.requeue(manager, actor, link);
      return { replayed: links.length, deviationIds: links.map((l) => l.deviationId) };
    });
  }

  private async requeue(manager: EntityManager, actor: Actor, link: JiraLink): Promise<void> {
    const { deviationId } = link;
    // Replaying an edit conflict is SKR's word that the party's version may go over its own edit in Jira.
    const conflict = link.lastErrorCode === JiraSyncFailureCode.EditConflict ? { writtenContentHash: null } : {};
    await manager.update(JiraLink, { deviationId }, { state: JiraSyncState.Waiting, ...conflict });
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
    // The expiry of the token in use: a stored token's own, or JIRA_TOKEN_EXPIRES_AT for the file's or environment's.
    const { expiresAt } = await this.token.inUse();
    return {
      paused: row.paused,
      pausedReason: row.pausedReason,
      pausedAt: row.pausedAt,
      reconcileWatermark: row.reconcileWatermark,
      repairs: Number(row.repairs),
      tokenExpiresAt: expiresAt,
      tokenExpiresSoon: tokenExpiresSoon(expiresAt, new Date()),
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
      const allowed: readonly string[] =
        entry.kind === 'status' ? PARTY_STATUS_ORDER : entry.kind === 'resolution' ? RESOLUTION_KEYS : PRIORITIES;
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
    errors.push(...outboundErrors(dto.entries));
    if (errors.length) throw new UnprocessableError('JIRA_MAPPING_INVALID', 'The mapping has invalid entries.', errors);
    return this.db.transaction(scopeOf(actor), async (manager) => {
      const before = await manager.find(JiraMapping);
      await manager.query('DELETE FROM jira_mapping');
      await manager.insert(
        JiraMapping,
        dto.entries.map((e) => ({ kind: e.kind, jiraId: e.jiraId, value: e.value, outbound: isOutbound(e, dto.entries) })),
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

/** A value mapped once is outbound by itself; a value mapped more than once names its outbound row explicitly. */
function isOutbound(entry: JiraMappingEntryDto, entries: JiraMappingEntryDto[]): boolean {
  const sameValue = entries.filter((e) => e.kind === entry.kind && e.value === entry.value);
  return sameValue.length === 1 || entry.outbound === true;
}

function outboundErrors(entries: JiraMappingEntryDto[]): { pointer: string; detail: string; code: string }[] {
  const errors: { pointer: string; detail: string; code: string }[] = [];
  const checked = new Set<string>();
  entries.forEach((entry, i) => {
    const key = `${entry.kind}:${entry.value}`;
    if (checked.has(key)) return;
    checked.add(key);
    const sameValue = entries.filter((e) => e.kind === entry.kind && e.value === entry.value);
    const outbound = sameValue.filter((e) => e.outbound === true).length;
    if (sameValue.length > 1 && outbound !== 1) {
      errors.push({
        pointer: `/entries/${i}/outbound`,
        detail: `'${entry.value}' is mapped from ${sameValue.length} Jira ids: mark exactly one as outbound.`,
        code: 'outbound',
      });
    }
  });
  return errors;
}
