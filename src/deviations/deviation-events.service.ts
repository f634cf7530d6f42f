import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Actor } from '../actor/actor';
import { AuditService } from '../audit/audit.service';
import type { FieldChanges } from '../common/diff';
import { NotificationType } from '../notifications/notification-type';
import { NotificationsService } from '../notifications/notifications.service';
import { OutboxService } from '../outbox/outbox.service';
import { JiraSyncJob, JIRA_SYNC_QUEUE, pushJobKey } from '../queues/jira-sync.queue';
import { DeviationComment } from './deviation-comment.entity';
import { Deviation, DeviationStatus } from './deviation.entity';

/** Which of a deviation's parties hear of something: both, one side, or both but the one that acted. */
export type Audience = 'both' | 'reporter' | 'responsible' | { otherThan: string | null };

function recipientsOf(deviation: Pick<Deviation, 'partyId' | 'responsiblePartyId'>, audience: Audience): string[] {
  const reporter = audience === 'both' || audience === 'reporter' || typeof audience === 'object' ? deviation.partyId : null;
  const responsible =
    audience === 'both' || audience === 'responsible' || typeof audience === 'object' ? deviation.responsiblePartyId : null;
  const parties = [...new Set([reporter, responsible])].filter((p): p is string => p !== null);
  return typeof audience === 'object' ? parties.filter((p) => p !== audience.otherThan) : parties;
}

/** Who a history line names: a person, or the sync (`JIRA_ACTOR`). */
type Recorder = Pick<Actor, 'userId' | 'partyId'>;

/**
 * What follows when something happens to a deviation, always in the caller's transaction: the line in its history,
 * the push of its Jira issue through the outbox, and the notification to the party.
 */
@Injectable()
export class DeviationEventsService {
  constructor(
    private readonly audit: AuditService,
    private readonly outbox: OutboxService,
    private readonly notifications: NotificationsService,
  ) {}

  async record(
    manager: EntityManager,
    actor: Recorder,
    deviation: Pick<Deviation, 'id' | 'partyId'>,
    action: string,
    changes: FieldChanges,
  ): Promise<void> {
    await this.audit.record(manager, actor, {
      action,
      entityType: 'deviation',
      entityId: deviation.id,
      partyId: deviation.partyId,
      changes,
    });
  }

  /** Saves a new status with `extra`, records the move and brings the Jira issue up to date. */
  async moveTo(
    manager: EntityManager,
    actor: Recorder,
    deviation: Deviation,
    to: DeviationStatus,
    action: string,
    extra: Partial<Deviation> = {},
    reason?: string,
  ): Promise<Deviation> {
    const saved = await manager.save(Deviation, { ...deviation, ...extra, status: to });
    await this.record(manager, actor, deviation, action, {
      status: { from: deviation.status, to },
      ...(reason ? { motivering: { from: null, to: reason } } : {}),
    });
    // A deviation withdrawn before it was submitted never reached Jira; everything else brings its issue up to date.
    if (saved.submittedAt) await this.queueJiraPush(manager, saved);
    return saved;
  }

  async queueJiraPush(manager: EntityManager, deviation: Deviation): Promise<void> {
    await this.outbox.add(manager, {
      queue: JIRA_SYNC_QUEUE,
      jobName: JiraSyncJob.PushDeviation,
      jobKey: pushJobKey(deviation.id),
      payload: { deviationId: deviation.id },
      partyId: deviation.partyId,
    });
  }

  /**
   * Tells the deviation's parties (its reporter with the reporter's contacts, its responsible party's users) about
   * something that happened to it. `audience` narrows it to one side: `other-than` leaves out the party that acted.
   */
  async notify(
    manager: EntityManager,
    deviation: Deviation,
    type: NotificationType,
    data: Record<string, string | number | null> = {},
    audience: Audience = 'both',
  ): Promise<void> {
    const subject = { kind: 'deviation' as const, id: deviation.id, key: deviation.key, title: deviation.rubrik };
    for (const partyId of recipientsOf(deviation, audience)) {
      const contacts = partyId === deviation.partyId ? deviation.kontaktpersoner.map((c) => ({ name: c.namn, email: c.epost })) : [];
      await this.notifications.emit(manager, { type, partyId, subject, data, contacts });
    }
  }

  /** Tells the party about the status its deviation now has. */
  async notifyStatus(manager: EntityManager, deviation: Deviation): Promise<void> {
    if (deviation.status === DeviationStatus.VäntarPåKomplettering)
      await this.notify(manager, deviation, NotificationType.KompletteringBegärd);
    else if (deviation.status === DeviationStatus.Löst)
      await this.notify(manager, deviation, NotificationType.LösningSatt, { resolution: deviation.resolution });
    else await this.notify(manager, deviation, NotificationType.StatusÄndrad, { status: deviation.status });
  }

  /**
   * The party's reason for withdrawing or reopening, as a public comment from the party: the sync takes it to the
   * Jira issue, where SKR triages, which would otherwise only see a status change without a why (or, for a
   * withdrawal, nothing: Jira has no such status). The status change's audit entry carries the same words.
   */
  async tellSkr(manager: EntityManager, actor: Actor, deviation: Deviation, text: string): Promise<void> {
    if (!deviation.submittedAt) return;
    await manager.insert(DeviationComment, {
      deviationId: deviation.id,
      partyId: deviation.partyId,
      authorUserId: actor.userId,
      authorName: actor.userId,
      origin: 'part',
      body: text,
      internal: false,
    });
  }
}
