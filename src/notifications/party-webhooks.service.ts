import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Actor, scopeOf } from '../actor/actor';
import { AuditService } from '../audit/audit.service';
import { diffFields, givenFields } from '../common/diff';
import { type Page, pageOf } from '../common/page';
import { AppConfig, NodeEnv } from '../config/app-config';
import { ScopedDb } from '../database/scoped-db';
import { CreateWebhookDto, UpdateWebhookDto } from './dto/party-webhook.dto';
import { PageQueryDto } from './dto/page-query.dto';
import { decodeCursor, encodeCursor } from './notification-cursor';
import { DeliveryStatus, NotificationDelivery } from './notification-delivery.entity';
import {
  NotificationDeliveryNotFoundError,
  WebhookInactiveError,
  WebhookLimitReachedError,
  WebhookNotFoundError,
  WebhookUrlRefusedError,
} from './notifications.errors';
import { NotificationsService } from './notifications.service';
import { PartyWebhook } from './party-webhook.entity';
import { newWebhookSecret } from './webhook-signature';
import { refusedWebhookUrl } from './webhook-url';

/** Enough for a case-worker system, a ticket system and a few test environments; a bound on what one party can aim us at. */
export const WEBHOOKS_PER_PARTY = 10;

const AUDITED_FIELDS = ['url', 'eventTypes', 'description', 'active'] as const;

/**
 * A party admin's endpoints in the party's own systems, their delivery log and replays. Every query names the
 * actor's party as well as running in its row-level-security scope: a foreign webhook is simply not found.
 */
@Injectable()
export class PartyWebhooksService {
  constructor(
    private readonly db: ScopedDb,
    private readonly audit: AuditService,
    private readonly notifications: NotificationsService,
    private readonly config: AppConfig,
  ) {}

  /** Registers an endpoint; its secret is returned this once and never again. */
  async create(actor: Actor, dto: CreateWebhookDto): Promise<{ webhook: PartyWebhook; secret: string }> {
    this.checkUrl(dto.url);
    const secret = newWebhookSecret();
    return this.db.transaction(scopeOf(actor), async (m) => {
      // Serialises concurrent registrations of one party, so the limit holds.
      await m.query(`SELECT pg_advisory_xact_lock(hashtext('party_webhook'), hashtext($1))`, [actor.partyId]);
      if ((await m.countBy(PartyWebhook, { partyId: actor.partyId! })) >= WEBHOOKS_PER_PARTY)
        throw new WebhookLimitReachedError(WEBHOOKS_PER_PARTY);
      const webhook = await m.save(
        m.create(PartyWebhook, {
          partyId: actor.partyId!,
          url: dto.url,
          description: dto.description ?? null,
          eventTypes: dto.eventTypes,
          secret,
          active: true,
        }),
      );
      await this.audit.record(m, actor, {
        action: 'webhook.created',
        entityType: 'party_webhook',
        entityId: webhook.id,
        partyId: actor.partyId,
        changes: diffFields({} as PartyWebhook, webhook, AUDITED_FIELDS),
      });
      return { webhook, secret };
    });
  }

  /**
   * A new secret, returned this once; the old one keeps signing beside it for WEBHOOK_SECRET_GRACE_HOURS (config), so the
   * party's system can take the new one into use without a delivery it cannot verify. Rotating again within the
   * grace replaces the previous secret: only the last two ever sign.
   */
  async rotateSecret(actor: Actor, id: string): Promise<{ webhook: PartyWebhook; secret: string }> {
    const secret = newWebhookSecret();
    return this.db.transaction(scopeOf(actor), async (m) => {
      await this.find(m, actor, id, true);
      await m.query(
        `UPDATE party_webhook
            SET previous_secret = secret, previous_secret_expires_at = now() + make_interval(hours => $4), secret = $1, updated_at = now()
          WHERE id = $2 AND party_id = $3`,
        [secret, id, actor.partyId, this.config.WEBHOOK_SECRET_GRACE_HOURS],
      );
      const webhook = await this.find(m, actor, id);
      await this.audit.record(m, actor, {
        action: 'webhook.secret_rotated',
        entityType: 'party_webhook',
        entityId: id,
        partyId: actor.partyId,
        changes: { previousSecretExpiresAt: { from: null, to: webhook.previousSecretExpiresAt!.toISOString() } },
      });
      return { webhook, secret };
    });
  }

  async list(actor: Actor): Promise<PartyWebhook[]> {
    return this.db.transaction(scopeOf(actor), (m) =>
      m.find(PartyWebhook, { where: { partyId: actor.partyId! }, order: { createdAt: 'ASC', id: 'ASC' } }),
    );
  }

  async get(actor: Actor, id: string): Promise<PartyWebhook> {
    return this.db.transaction(scopeOf(actor), (m) => this.find(m, actor, id));
  }

  async update(actor: Actor, id: string, dto: UpdateWebhookDto): Promise<PartyWebhook> {
    if (dto.url !== undefined) this.checkUrl(dto.url);
    return this.db.transaction(scopeOf(actor), async (m) => {
      const before = await this.find(m, actor, id, true);
      const after: PartyWebhook = { ...before, ...givenFields(dto) };
      const changes = diffFields(before, after, AUDITED_FIELDS);
      if (Object.keys(changes).length === 0) return before;
      await m.update(
        PartyWebhook,
        { id, partyId: actor.partyId! },
        { url: after.url, eventTypes: after.eventTypes, description: after.description, active: after.active },
      );
      await this.audit.record(m, actor, {
        action: 'webhook.updated',
        entityType: 'party_webhook',
        entityId: id,
        partyId: actor.partyId,
        changes,
      });
      return this.find(m, actor, id);
    });
  }

  /** Removes the endpoint and its delivery log; the audit trail keeps that it existed. */
  async remove(actor: Actor, id: string): Promise<void> {
    await this.db.transaction(scopeOf(actor), async (m) => {
      const webhook = await this.find(m, actor, id, true);
      await m.delete(PartyWebhook, { id, partyId: actor.partyId! });
      await this.audit.record(m, actor, {
        action: 'webhook.deleted',
        entityType: 'party_webhook',
        entityId: id,
        partyId: actor.partyId,
        changes: diffFields(webhook, {} as PartyWebhook, AUDITED_FIELDS),
      });
    });
  }

  /** The endpoint's delivery log, newest first. */
  async deliveries(actor: Actor, id: string, query: PageQueryDto): Promise<Page<NotificationDelivery>> {
    const after = query.cursor ? decodeCursor(query.cursor) : null;
    return this.db.transaction(scopeOf(actor), async (m) => {
      await this.find(m, actor, id);
      const builder = m
        .createQueryBuilder(NotificationDelivery, 'd')
        .where('d.webhook_id = :id AND d.party_id = :own', { id, own: actor.partyId });
      if (after) builder.andWhere('(d.created_at, d.id) < (:afterAt, CAST(:afterId AS uuid))', { afterAt: after.at, afterId: after.id });
      const rows = await builder
        .orderBy('d.created_at', 'DESC')
        .addOrderBy('d.id', 'DESC')
        .limit(query.limit + 1)
        .getMany();
      return pageOf(rows, query.limit, (d) => encodeCursor(d.createdAt, d.id));
    });
  }

  /**
   * Sends one delivery again, whatever became of it (Standard Webhooks receivers deduplicate on `webhook-id`, which
   * stays the event's id). One already waiting or being sent is left as it is.
   */
  async replay(actor: Actor, id: string, deliveryId: string): Promise<NotificationDelivery> {
    return this.db.transaction(scopeOf(actor), async (m) => {
      const webhook = await this.find(m, actor, id);
      const delivery = await m.findOne(NotificationDelivery, {
        where: { id: deliveryId, webhookId: id, partyId: actor.partyId! },
        lock: { mode: 'pessimistic_write' },
      });
      if (!delivery) throw new NotificationDeliveryNotFoundError();
      if (!webhook.active) throw new WebhookInactiveError();
      if (delivery.status === DeliveryStatus.Väntar || delivery.status === DeliveryStatus.Skickas) return delivery;
      const replayed = await this.notifications.requeue(m, delivery);
      await this.audit.record(m, actor, {
        action: 'webhook.delivery_replayed',
        entityType: 'party_webhook',
        entityId: id,
        partyId: actor.partyId,
      });
      return replayed;
    });
  }

  private async find(manager: EntityManager, actor: Actor, id: string, forUpdate = false): Promise<PartyWebhook> {
    const webhook = await manager.findOne(PartyWebhook, {
      where: { id, partyId: actor.partyId! },
      ...(forUpdate ? { lock: { mode: 'pessimistic_write' as const } } : {}),
    });
    if (!webhook) throw new WebhookNotFoundError();
    return webhook;
  }

  private checkUrl(url: string): void {
    const refusal = refusedWebhookUrl(url, {
      requireHttps: this.config.NODE_ENV === NodeEnv.Production,
      allowPrivate: this.config.WEBHOOK_ALLOW_PRIVATE_TARGETS,
    });
    if (refusal) throw new WebhookUrlRefusedError(refusal);
  }
}
