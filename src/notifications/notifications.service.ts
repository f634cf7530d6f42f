import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { EntityManager, SelectQueryBuilder } from 'typeorm';
import { Actor, isSkr, scopeOf } from '../actor/actor';
import { AuditService } from '../audit/audit.service';
import { type Page, pageOf } from '../common/page';
import { deviationNotLeftSql } from '../database/deviation-visibility';
import { ScopedDb } from '../database/scoped-db';
import { OutboxService } from '../outbox/outbox.service';
import { ListFailuresQueryDto, ListNotificationsQueryDto } from './dto/notification.dto';
import { decodeCursor, encodeCursor } from './notification-cursor';
import { DeliveryStatus, NotificationDelivery } from './notification-delivery.entity';
import { NotificationContact, NotificationData, NotificationEvent, NotificationSubjectKind } from './notification-event.entity';
import { DRIFT_NOTIFICATION_TYPES, NOTIFICATION_TYPES, NotificationType } from './notification-type';
import {
  NotificationDataNotPublicError,
  NotificationDeliveryNotFailedError,
  NotificationDeliveryNotFoundError,
  NotificationNotFoundError,
} from './notifications.errors';
import { DeliverPayload, deliverJobKey, NotificationsJob, NOTIFICATIONS_QUEUE } from '../queues/notifications.queue';

/** What happened, to whom it belongs and what it is about: the input of {@link NotificationsService.emit}. */
export interface NotificationEventInput {
  type: NotificationType;
  /** The party told about it; only this party's users and webhooks ever receive it. */
  partyId: string;
  subject: { kind: NotificationSubjectKind; id: string; key: string; title: string };
  /**
   * PUBLIC values only — what the party may read anyway: a new status (`status`), priority (`prioritet`), the
   * resolution (`resolution`), a public comment's text (`comment`), an SLA clock (`clock`, `percentUsed`, `dueAt`),
   * a review outcome (`outcome`, `dueDate`). Never an internal note or an SKR-only field: the caller decides what is
   * public, and a key named `internal…` is refused as a last line of defence.
   */
  data?: NotificationData;
  /** People to tell besides the party's users: the subject's reporter contacts (e-mailed in Swedish). */
  recipients?: { contacts?: NotificationContact[] };
  /** The same as `recipients.contacts`, for callers written before `recipients` existed. */
  contacts?: NotificationContact[];
}

/** An announcement's event: see {@link NotificationsService.emitAnnouncement}. */
export interface AnnouncementEventInput {
  type: NotificationType;
  subject: { id: string; key: string; title: string };
  /** Public values only, as the status page shows them; which subscribers match is read from `kind`, `bastjanster`, `central`. */
  data: NotificationData;
  outboxPartyId: string | null;
}

const MAX_CONTACTS = 20;

/** A party's feed holds events about deviations that still concern it: a reassigned deviation's leave with it. */
const FEED_CONCERNS_SQL = `(e.subject_kind <> 'deviation' OR ${deviationNotLeftSql('e.subject_id')})`;

/** Records events to tell parties about, in the caller's transaction; the worker delivers them. */
@Injectable()
export class NotificationsService {
  constructor(
    private readonly db: ScopedDb,
    private readonly outbox: OutboxService,
    private readonly audit: AuditService,
  ) {}

  /**
   * Writes the event and its delivery job (an outbox row) in the caller's transaction, so the notification exists
   * exactly when the change does. Returns the event id, which is also the delivery job's key and the webhook id.
   * A plain INSERT with an id made here: the caller's scope may not be allowed to read the row back.
   */
  async emit(manager: EntityManager, event: NotificationEventInput): Promise<string> {
    if (!NOTIFICATION_TYPES.includes(event.type)) throw new Error(`unknown notification type ${String(event.type)}`);
    const data = publicData(event.data ?? {});
    const contacts = contactsOf([...(event.recipients?.contacts ?? []), ...(event.contacts ?? [])]);
    const id = randomUUID();
    await manager.query(
      `INSERT INTO notification_event (id, type, party_id, subject_kind, subject_id, subject_key, subject_title, data, contacts)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8::jsonb, $9::jsonb)`,
      [
        id,
        event.type,
        event.partyId,
        event.subject.kind,
        event.subject.id,
        event.subject.key,
        event.subject.title,
        JSON.stringify(data),
        JSON.stringify(contacts),
      ],
    );
    await this.outbox.add(manager, {
      queue: NOTIFICATIONS_QUEUE,
      jobName: NotificationsJob.Deliver,
      jobKey: deliverJobKey(id),
      payload: { eventId: id } satisfies DeliverPayload,
      partyId: event.partyId,
    });
    return id;
  }

  /**
   * Records an announcement's event (driftinformation) and its delivery job in the announcer's transaction. It belongs
   * to no party: the worker decides its recipients from the subscriptions (or, for a reminder, SKR's address).
   * `outboxPartyId` is the announcer's party, which the outbox row carries like any other.
   */
  async emitAnnouncement(manager: EntityManager, event: AnnouncementEventInput): Promise<string> {
    if (!DRIFT_NOTIFICATION_TYPES.includes(event.type)) throw new Error(`not an announcement notification type ${String(event.type)}`);
    const data = publicData(event.data);
    const id = randomUUID();
    await manager.query(
      `INSERT INTO notification_event (id, type, party_id, subject_kind, subject_id, subject_key, subject_title, data)
       VALUES ($1, $2, NULL, 'announcement', $3, $4, $5, $6::jsonb)`,
      [id, event.type, event.subject.id, event.subject.key, event.subject.title, JSON.stringify(data)],
    );
    await this.outbox.add(manager, {
      queue: NOTIFICATIONS_QUEUE,
      jobName: NotificationsJob.Deliver,
      jobKey: deliverJobKey(id),
      payload: { eventId: id } satisfies DeliverPayload,
      partyId: event.outboxPartyId,
    });
    return id;
  }

  /**
   * Replaces a withdrawn text in the subject's events that carried it, so the feed, and any delivery not yet made,
   * show the replacement instead. A delivery already made (an e-mail, a webhook) cannot be called back.
   */
  async replaceText(manager: EntityManager, subjectId: string, field: string, text: string, replacement: string): Promise<void> {
    await manager.query(
      `UPDATE notification_event SET data = jsonb_set(data, ARRAY[$2::text], to_jsonb($4::text)) WHERE subject_id = $1 AND data->>$2 = $3`,
      [subjectId, field, text, replacement],
    );
  }

  /** The actor's party's events, newest first (SKR: every party's, or one party's). */
  async list(actor: Actor, query: ListNotificationsQueryDto): Promise<Page<NotificationEvent>> {
    const after = query.cursor ? decodeCursor(query.cursor) : null;
    return this.db.transaction(scopeOf(actor), async (m) => {
      const builder = m.createQueryBuilder(NotificationEvent, 'e');
      // Row-level security already limits the rows; the explicit filter keeps a party on its own index.
      if (!isSkr(actor)) builder.andWhere(`e.party_id = :own AND ${FEED_CONCERNS_SQL}`, { own: actor.partyId });
      if (query.partyId) builder.andWhere('e.party_id = :partyId', { partyId: query.partyId });
      if (query.type) builder.andWhere('e.type = :type', { type: query.type });
      if (query.subjectId) builder.andWhere('e.subject_id = :subjectId', { subjectId: query.subjectId });
      if (after) builder.andWhere('(e.created_at, e.id) < (:afterAt, CAST(:afterId AS uuid))', { afterAt: after.at, afterId: after.id });
      const rows = await builder
        .orderBy('e.created_at', 'DESC')
        .addOrderBy('e.id', 'DESC')
        .limit(query.limit + 1)
        .getMany();
      return pageOf(rows, query.limit, (e) => encodeCursor(e.createdAt, e.id));
    });
  }

  /** One event and who it went to; another party's is not found, like one that does not exist. */
  async get(actor: Actor, id: string): Promise<{ event: NotificationEvent; deliveries: NotificationDelivery[] }> {
    return this.db.transaction(scopeOf(actor), async (m) => {
      const builder = m.createQueryBuilder(NotificationEvent, 'e').where('e.id = :id', { id });
      if (!isSkr(actor)) builder.andWhere(`e.party_id = :own AND ${FEED_CONCERNS_SQL}`, { own: actor.partyId });
      const event = await builder.getOne();
      if (!event) throw new NotificationNotFoundError();
      const deliveries = await m.find(NotificationDelivery, { where: { eventId: id }, order: { createdAt: 'ASC', id: 'ASC' } });
      return { event, deliveries };
    });
  }

  /** Deliveries that finally failed, newest first, with their events (SKR). */
  async failures(actor: Actor, query: ListFailuresQueryDto): Promise<Page<NotificationDelivery & { event: NotificationEvent }>> {
    const after = query.cursor ? decodeCursor(query.cursor) : null;
    return this.db.transaction(scopeOf(actor), async (m) => {
      const builder: SelectQueryBuilder<NotificationDelivery> = m
        .createQueryBuilder(NotificationDelivery, 'd')
        .innerJoinAndSelect('d.event', 'e')
        .where('d.status = :failed', { failed: DeliveryStatus.Misslyckad });
      if (query.partyId) builder.andWhere('d.party_id = :partyId', { partyId: query.partyId });
      if (query.channel) builder.andWhere('d.channel = :channel', { channel: query.channel });
      if (after) builder.andWhere('(d.failed_at, d.id) < (:afterAt, CAST(:afterId AS uuid))', { afterAt: after.at, afterId: after.id });
      const rows = (await builder
        .orderBy('d.failed_at', 'DESC')
        .addOrderBy('d.id', 'DESC')
        .limit(query.limit + 1)
        .getMany()) as (NotificationDelivery & {
        event: NotificationEvent;
      })[];
      return pageOf(rows, query.limit, (d) => encodeCursor(d.failedAt!, d.id));
    });
  }

  /** SKR sends a failed delivery again, once the cause (a full mailbox, a broken endpoint) has been dealt with. */
  async replayFailure(actor: Actor, deliveryId: string): Promise<NotificationDelivery> {
    return this.db.transaction(scopeOf(actor), async (m) => {
      const delivery = await m.findOne(NotificationDelivery, { where: { id: deliveryId }, lock: { mode: 'pessimistic_write' } });
      if (!delivery) throw new NotificationDeliveryNotFoundError();
      if (delivery.status !== DeliveryStatus.Misslyckad) throw new NotificationDeliveryNotFailedError(delivery.status);
      const replayed = await this.requeue(m, delivery);
      await this.audit.record(m, actor, {
        action: 'notification.replayed',
        entityType: 'notification_delivery',
        entityId: delivery.id,
        partyId: delivery.partyId,
        internal: true,
      });
      return replayed;
    });
  }

  /**
   * Puts a delivery back to `väntar` and queues its event's delivery job, in the caller's transaction. The job
   * sends only what is waiting, so the event's other recipients hear nothing twice.
   */
  async requeue(manager: EntityManager, delivery: NotificationDelivery): Promise<NotificationDelivery> {
    const changes = { status: DeliveryStatus.Väntar, failedAt: null, claimedAt: null };
    await manager.update(NotificationDelivery, { id: delivery.id }, changes);
    await this.outbox.add(manager, {
      queue: NOTIFICATIONS_QUEUE,
      jobName: NotificationsJob.Deliver,
      jobKey: deliverJobKey(delivery.eventId),
      payload: { eventId: delivery.eventId } satisfies DeliverPayload,
      partyId: delivery.partyId,
    });
    return { ...delivery, ...changes };
  }
}

/** Events carry public scalar values only; see NotificationEventInput.data. */
function publicData(data: NotificationData): NotificationData {
  for (const [key, value] of Object.entries(data)) {
    if (/^internal/i.test(key)) throw new NotificationDataNotPublicError(key);
    if (value !== null && typeof value !== 'string' && !(typeof value === 'number' && Number.isFinite(value)))
      throw new NotificationDataNotPublicError(key);
  }
  return data;
}

/** Contacts with an address, each address once (case-insensitively), at most a handful. */
function contactsOf(contacts: NotificationContact[]): NotificationContact[] {
  const byEmail = new Map<string, NotificationContact>();
  for (const contact of contacts) {
    const email = contact.email?.trim();
    if (!email || !email.includes('@')) continue;
    if (!byEmail.has(email.toLowerCase())) byEmail.set(email.toLowerCase(), { name: contact.name?.trim() ?? '', email });
  }
  return [...byEmail.values()].slice(0, MAX_CONTACTS);
}
