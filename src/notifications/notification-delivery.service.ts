import { Injectable, Logger } from '@nestjs/common';
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
    if (failure) throw failure;
    return sent;
  }

  /** After the last attempt: whatever is still unsent is recorded as failed, for SKR to see. */
  async giveUp(eventId: string, reason: string): Promise<void> {
    await this.db.transaction(SYSTEM_SCOPE, (m) =>
      m.update(NotificationDelivery, { eventId, status: DeliveryStatus.Vantar }, { status: DeliveryStatus.Misslyckad, lastError: reason.slice(0, 500) }),
    );
    this.sent.inc({ channel: 'email', outcome: 'failed' });
  }

  private async recipientsOf(manager: EntityManager, event: NotificationEvent): Promise<Recipient[]> {
    const users = await manager.find(AppUser, { where: { partyId: event.partyId, active: true } });
    const byEmail = new Map<string, Recipient>();
    for (const contact of event.contacts) byEmail.set(contact.email.toLowerCase(), { email: contact.email, language: 'sv' });
    for (const user of users) if (user.email) byEmail.set(user.email.toLowerCase(), { email: user.email, language: user.language });
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
