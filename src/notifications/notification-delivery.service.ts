import { Injectable, Logger } from '@nestjs/common';
import { createHmac } from 'node:crypto';
import { Counter } from 'prom-client';
import { EntityManager } from 'typeorm';
import { AppConfig } from '../config/app-config';
import { SYSTEM_SCOPE } from '../database/data-scope';
import { ScopedDb } from '../database/scoped-db';
import { MetricsService } from '../metrics/metrics.service';
import { AppUser } from '../parties/app-user.entity';
import { Mailer } from './mailer';
import { DeliveryStatus, NotificationDelivery } from './notification-delivery.entity';
import { NotificationEvent } from './notification-event.entity';
import { renderEmail } from './notification-templates';
import { MANDATORY_TYPES } from './dto/notification-settings.dto';
import { NotificationPreference } from './notification-preference.entity';
import { PartyWebhook, PartyWebhookDelivery } from './party-webhook.entity';

interface Recipient {
  email: string;
  language: 'sv' | 'en';
}

/**
 * Sends one event's e-mails: to the reporter contacts of the deviation (in Swedish) and to the party's active
 * users with an e-mail address (in their language). Each recipient's delivery row is claimed before sending and
 * marked after, so a retried or duplicated job never sends an e-mail twice.
 */
@Injectable()
export class NotificationDeliveryService {
  private readonly logger = new Logger(NotificationDeliveryService.name);
  private readonly sent: Counter;

  constructor(
    private readonly db: ScopedDb,
    private readonly mailer: Mailer,
    private readonly config: AppConfig,
    metrics: MetricsService,
  ) {
    this.sent = new Counter({
      name: 'notifications_total',
      help: 'Notification messages by channel and outcome.',
      labelNames: ['channel', 'outcome'] as const,
      registers: [metrics.registry],
    });
  }

  /** Returns how many e-mails were sent now; throws when any could not be sent (the job retries the rest). */
  async deliver(eventId: string): Promise<number> {
    const event = await this.db.transaction(SYSTEM_SCOPE, (m) => m.findOneBy(NotificationEvent, { id: eventId }));
    if (!event) return 0;
    const recipients = await this.db.transaction(SYSTEM_SCOPE, (m) => this.recipientsOf(m, event));
    const link = `${this.config.PUBLIC_BASE_URL}/api/v1/${event.subjectKind === 'deviation' ? 'deviations' : 'declarations'}/${event.subjectId}`;
    let sent = 0;
    let failure: Error | undefined;
    for (const recipient of recipients) {
      const delivery = await this.claim(event, recipient);
      if (!delivery) continue;
      try {
        await this.mailer.send({ to: recipient.email, ...renderEmail(event, recipient.language, link) });
        await this.mark(delivery.id, { status: DeliveryStatus.Skickad, sentAt: new Date(), lastError: null });
        this.sent.inc({ channel: 'email', outcome: 'sent' });
        sent++;
      } catch (error) {
        failure = error as Error;
        await this.mark(delivery.id, { lastError: failure.message.slice(0, 500) });
        this.sent.inc({ channel: 'email', outcome: 'retry' });
      }
    }
    const webhookFailure = await this.deliverToWebhooks(event);
    if (failure ?? webhookFailure) throw failure ?? webhookFailure;
    return sent;
  }

  /**
   * The party's own systems, signed per the Standard Webhooks spec: `webhook-id`, `webhook-timestamp` and
   * `webhook-signature: v1,<base64 HMAC-SHA256 of "id.timestamp.body">` keyed with the secret's decoded bytes.
   * Only the event's own party's endpoints are ever considered.
   */
  private async deliverToWebhooks(event: NotificationEvent): Promise<Error | undefined> {
    const webhooks = await this.db.transaction(SYSTEM_SCOPE, (m) =>
      m
        .createQueryBuilder(PartyWebhook, 'w')
        .addSelect('w.secret')
        .where('w.party_id = :partyId AND w.active AND :type = ANY(w.event_types)', { partyId: event.partyId, type: event.type })
        .getMany(),
    );
    let failure: Error | undefined;
    for (const webhook of webhooks) {
      const delivery = await this.db.transaction(SYSTEM_SCOPE, async (m) => {
        await m.query(
          `INSERT INTO party_webhook_delivery (webhook_id, event_id, party_id) VALUES ($1, $2, $3) ON CONFLICT (webhook_id, event_id) DO NOTHING`,
          [webhook.id, event.id, event.partyId],
        );
        const row = await m.findOne(PartyWebhookDelivery, { where: { webhookId: webhook.id, eventId: event.id }, lock: { mode: 'pessimistic_write' } });
        if (!row || row.status === 'skickad') return null;
        await m.update(PartyWebhookDelivery, { id: row.id }, { attempts: row.attempts + 1 });
        return row;
      });
      if (!delivery) continue;
      const body = JSON.stringify({
        type: event.type,
        timestamp: event.createdAt.toISOString(),
        data: { eventId: event.id, subject: { kind: event.subjectKind, id: event.subjectId, key: event.subjectKey, title: event.subjectTitle }, ...event.data },
      });
      const timestamp = Math.floor(Date.now() / 1000).toString();
      const key = Buffer.from(webhook.secret.replace(/^whsec_/, ''), 'base64');
      const signature = createHmac('sha256', key).update(`${event.id}.${timestamp}.${body}`).digest('base64');
      try {
        const response = await fetch(webhook.url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'webhook-id': event.id, 'webhook-timestamp': timestamp, 'webhook-signature': `v1,${signature}` },
          body,
          redirect: 'manual',
          signal: AbortSignal.timeout(5000),
        });
        if (!response.ok) throw new Error(`endpoint answered ${response.status}`);
        await this.db.transaction(SYSTEM_SCOPE, (m) =>
          m.update(PartyWebhookDelivery, { id: delivery.id }, { status: 'skickad', responseStatus: response.status, deliveredAt: new Date(), lastError: null }),
        );
        this.sent.inc({ channel: 'webhook', outcome: 'sent' });
      } catch (error) {
        failure = error as Error;
        await this.db.transaction(SYSTEM_SCOPE, (m) => m.update(PartyWebhookDelivery, { id: delivery.id }, { lastError: failure!.message.slice(0, 500) }));
        this.sent.inc({ channel: 'webhook', outcome: 'retry' });
      }
    }
    return failure;
  }

  /** After the last attempt: whatever is still unsent is recorded as failed, for SKR to see. */
  async giveUp(eventId: string, reason: string): Promise<void> {
    await this.db.transaction(SYSTEM_SCOPE, async (m) => {
      await m.update(NotificationDelivery, { eventId, status: DeliveryStatus.Vantar }, { status: DeliveryStatus.Misslyckad, lastError: reason.slice(0, 500) });
      await m.update(PartyWebhookDelivery, { eventId, status: 'väntar' }, { status: 'misslyckad', lastError: reason.slice(0, 500) });
    });
    this.sent.inc({ channel: 'email', outcome: 'failed' });
  }

  private async recipientsOf(manager: EntityManager, event: NotificationEvent): Promise<Recipient[]> {
    const users = await manager.find(AppUser, { where: { partyId: event.partyId, active: true } });
    const optedOut = new Set(
      (await manager.find(NotificationPreference, { where: { partyId: event.partyId, type: event.type, email: false } })).map((p) => p.userSubject),
    );
    const byEmail = new Map<string, Recipient>();
    for (const contact of event.contacts) byEmail.set(contact.email.toLowerCase(), { email: contact.email, language: 'sv' });
    for (const user of users) {
      if (!user.email) continue;
      if (optedOut.has(user.subject) && !MANDATORY_TYPES.includes(event.type)) byEmail.delete(user.email.toLowerCase());
      else byEmail.set(user.email.toLowerCase(), { email: user.email, language: user.language });
    }
    return [...byEmail.values()];
  }

  /** The delivery row to send now, or null when this recipient already got this event. */
  private async claim(event: NotificationEvent, recipient: Recipient): Promise<NotificationDelivery | null> {
    return this.db.transaction(SYSTEM_SCOPE, async (m) => {
      await m.query(
        `INSERT INTO notification_delivery (event_id, party_id, channel, recipient, language) VALUES ($1, $2, 'email', $3, $4)
         ON CONFLICT (event_id, channel, recipient) DO NOTHING`,
        [event.id, event.partyId, recipient.email.toLowerCase(), recipient.language],
      );
      const row = await m.findOne(NotificationDelivery, {
        where: { eventId: event.id, channel: 'email', recipient: recipient.email.toLowerCase() },
        lock: { mode: 'pessimistic_write' },
      });
      if (!row || row.status === DeliveryStatus.Skickad) return null;
      await m.update(NotificationDelivery, { id: row.id }, { attempts: row.attempts + 1 });
      return row;
    });
  }

  private async mark(id: string, changes: Partial<NotificationDelivery>): Promise<void> {
    await this.db.transaction(SYSTEM_SCOPE, (m) => m.update(NotificationDelivery, { id }, changes));
  }
}
