import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Actor, isSkr, scopeOf } from '../auth/actor';
import { ScopedDb } from '../database/scoped-db';
import { OutboxService } from '../outbox/outbox.service';
import { DeliveryStatus, NotificationDelivery } from './notification-delivery.entity';
import { NotificationContact, NotificationEvent, NotificationType } from './notification-event.entity';
import { NotificationsJob, NOTIFICATIONS_QUEUE } from './notifications.queue';

export interface NotificationInput {
  type: NotificationType;
  partyId: string;
  subject: { kind: 'deviation' | 'declaration'; id: string; key: string; title: string };
  /** Public values only (new status, priority, a public comment's text). */
  data?: Record<string, string | number | null>;
  contacts?: NotificationContact[];
}

/** Records events to tell parties about, in the caller's transaction; the worker delivers them. */
@Injectable()
export class NotificationsService {
  constructor(
    private readonly db: ScopedDb,
    private readonly outbox: OutboxService,
  ) {}

  async emit(manager: EntityManager, input: NotificationInput): Promise<void> {
    const data = input.data ?? {};
    // A guard against a caller passing SKR-internal content by mistake: such keys never leave the service.
    if (Object.keys(data).some((key) => /^internal/i.test(key))) throw new Error('notification data must not carry internal fields');
    const [{ id }] = (await manager.query(
      `INSERT INTO notification_event (type, party_id, subject_kind, subject_id, subject_key, subject_title, data, contacts)
       VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb, $8::jsonb) RETURNING id`,
      [input.type, input.partyId, input.subject.kind, input.subject.id, input.subject.key, input.subject.title, JSON.stringify(data), JSON.stringify(input.contacts ?? [])],
    )) as { id: string }[];
    await this.outbox.add(manager, {
      queue: NOTIFICATIONS_QUEUE,
      jobName: NotificationsJob.Deliver,
      jobKey: `notify_${id}`,
      payload: { eventId: id },
      partyId: input.partyId,
    });
  }

  /** The events of the actor's party (SKR: all), newest first. */
  async list(actor: Actor, limit = 50): Promise<NotificationEvent[]> {
    return this.db.transaction(scopeOf(actor), (m) =>
      m.find(NotificationEvent, { where: isSkr(actor) ? {} : { partyId: actor.partyId! }, order: { createdAt: 'DESC' }, take: Math.min(limit, 200) }),
    );
  }

  async failures(actor: Actor): Promise<NotificationDelivery[]> {
    return this.db.transaction(scopeOf(actor), (m) => m.find(NotificationDelivery, { where: { status: DeliveryStatus.Misslyckad }, take: 500 }));
  }
}
