import { Injectable } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { Actor, scopeOf } from '../auth/actor';
import { AuditService } from '../audit/audit.service';
import { UnprocessableError } from '../common/domain-error';
import { AppConfig, NodeEnv } from '../config/app-config';
import { ScopedDb } from '../database/scoped-db';
import { CreateWebhookDto, MANDATORY_TYPES, UpdatePreferencesDto } from './dto/notification-settings.dto';
import { NotificationPreference } from './notification-preference.entity';
import { PartyWebhook, PartyWebhookDelivery } from './party-webhook.entity';
import { NotificationsJob, NOTIFICATIONS_QUEUE } from './notifications.queue';
import { OutboxService } from '../outbox/outbox.service';
import { DomainError } from '../common/domain-error';

export class WebhookNotFoundError extends DomainError {
  readonly code = 'WEBHOOK_NOT_FOUND';
  readonly kind = 'not_found';

  constructor() {
    super('No such webhook or delivery.');
  }
}

/** A user's e-mail preferences, and a party's webhook endpoints with their delivery log. */
@Injectable()
export class NotificationSettingsService {
  constructor(
    private readonly db: ScopedDb,
    private readonly audit: AuditService,
    private readonly outbox: OutboxService,
    private readonly config: AppConfig,
  ) {}

  async preferences(actor: Actor): Promise<NotificationPreference[]> {
    return this.db.transaction(scopeOf(actor), (m) => m.find(NotificationPreference, { where: { userSubject: actor.userId }, order: { type: 'ASC' } }));
  }

  async updatePreferences(actor: Actor, dto: UpdatePreferencesDto): Promise<NotificationPreference[]> {
    const errors = dto.preferences.flatMap((p, i) =>
      MANDATORY_TYPES.includes(p.type) && !p.email ? [{ pointer: `/preferences/${i}/email`, detail: `${p.type} is always e-mailed.`, code: 'mandatory' }] : [],
    );
    if (errors.length) throw new UnprocessableError('PREFERENCE_MANDATORY', 'Decisions and breaches cannot be turned off.', errors);
    return this.db.transaction(scopeOf(actor), async (m) => {
      for (const p of dto.preferences) {
        await m.query(
          `INSERT INTO notification_preference (user_subject, type, party_id, email) VALUES ($1, $2, $3, $4)
           ON CONFLICT (user_subject, type) DO UPDATE SET email = EXCLUDED.email`,
          [actor.userId, p.type, actor.partyId, p.email],
        );
      }
      return m.find(NotificationPreference, { where: { userSubject: actor.userId }, order: { type: 'ASC' } });
    });
  }

  /** Registers an endpoint; the secret is returned this once. */
  async createWebhook(actor: Actor, dto: CreateWebhookDto): Promise<PartyWebhook & { secret: string }> {
    if (this.config.NODE_ENV === NodeEnv.Production && !dto.url.startsWith('https://')) {
      throw new UnprocessableError('WEBHOOK_URL_INSECURE', 'Webhook URLs must use https.', [{ pointer: '/url', detail: 'Must be https.', code: 'https' }]);
    }
    const secret = `whsec_${randomBytes(32).toString('base64')}`;
    return this.db.transaction(scopeOf(actor), async (m) => {
      const webhook = await m.save(m.create(PartyWebhook, { partyId: actor.partyId!, url: dto.url, eventTypes: dto.eventTypes, secret, active: true }));
      await this.audit.record(m, actor, { action: 'webhook.created', entityType: 'party_webhook', entityId: webhook.id, partyId: actor.partyId, changes: { url: { from: null, to: dto.url } } });
      return { ...webhook, secret };
    });
  }

  async webhooks(actor: Actor): Promise<PartyWebhook[]> {
    return this.db.transaction(scopeOf(actor), (m) => m.find(PartyWebhook, { where: { partyId: actor.partyId! }, order: { createdAt: 'ASC' } }));
  }

  async deleteWebhook(actor: Actor, id: string): Promise<void> {
    await this.db.transaction(scopeOf(actor), async (m) => {
      const result = await m.update(PartyWebhook, { id, partyId: actor.partyId! }, { active: false });
      if (!result.affected) throw new WebhookNotFoundError();
      await this.audit.record(m, actor, { action: 'webhook.deactivated', entityType: 'party_webhook', entityId: id, partyId: actor.partyId });
    });
  }

  async deliveries(actor: Actor, webhookId: string): Promise<PartyWebhookDelivery[]> {
    return this.db.transaction(scopeOf(actor), async (m) => {
      if (!(await m.existsBy(PartyWebhook, { id: webhookId, partyId: actor.partyId! }))) throw new WebhookNotFoundError();
      return m.find(PartyWebhookDelivery, { where: { webhookId }, take: 200 });
    });
  }

  /** Sends one delivery again (after the party fixed its endpoint). */
  async replay(actor: Actor, webhookId: string, deliveryId: string): Promise<PartyWebhookDelivery> {
    return this.db.transaction(scopeOf(actor), async (m) => {
      const delivery = await m.findOneBy(PartyWebhookDelivery, { id: deliveryId, webhookId, partyId: actor.partyId! });
      if (!delivery) throw new WebhookNotFoundError();
      await m.update(PartyWebhookDelivery, { id: deliveryId }, { status: 'väntar' });
      await this.outbox.add(m, {
        queue: NOTIFICATIONS_QUEUE,
        jobName: NotificationsJob.Deliver,
        jobKey: `notify_${delivery.eventId}`,
        payload: { eventId: delivery.eventId },
        partyId: delivery.partyId,
      });
      return { ...delivery, status: 'väntar' };
    });
  }
}
