import { Injectable, Logger } from '@nestjs/common';
import { Counter } from 'prom-client';
import { SYSTEM_SCOPE } from '../database/data-scope';
import { ScopedDb } from '../database/scoped-db';
import { MetricsService } from '../metrics/metrics.service';
import { AnnouncementRecipientsService } from './announcement-recipients.service';
import { DeliveryClaims, isDeferral, type DeliveryClaim } from './delivery-claims';
import { EmailSender } from './email-sender';
import { MailRejectedError } from './mailer';
import { DeliveryChannel, DeliveryStatus, NotificationDelivery } from './notification-delivery.entity';
import { NotificationEvent } from './notification-event.entity';
import { NotificationRecipientsService } from './notification-recipients.service';
import { WebhookResponseError, WebhookSender, WebhookUnavailableError } from './webhook-sender';

/** Some deliveries failed in a way that may pass (an SMTP outage, a 4xx, an endpoint down): the job retries them. */
export class DeliveryRetryError extends Error {
  constructor(eventId: string, reasons: string[]) {
    super(`notification ${eventId}: ${reasons.length} delivery(ies) to retry: ${reasons.join('; ')}`.slice(0, 1000));
    this.name = DeliveryRetryError.name;
  }
}

/** Another worker is sending part of this event right now; the job waits and looks again (no attempt spent). */
export class DeliveryInFlightError extends Error {
  constructor(eventId: string) {
    super(`notification ${eventId}: a delivery is being sent by another worker`);
    this.name = DeliveryInFlightError.name;
  }
}

/** The mail rate limits hold some of this event's e-mails: the job waits until `until` (no attempt spent). */
export class DeliveryDeferredError extends Error {
  constructor(
    eventId: string,
    readonly until: Date,
  ) {
    super(`notification ${eventId}: e-mail deferred by the mail rate limits until ${until.toISOString()}`);
    this.name = DeliveryDeferredError.name;
  }
}

type Outcome = { kind: 'sent' } | { kind: 'failed'; reason: string } | { kind: 'retry'; reason: string };

/**
 * Delivers one event. Who gets it is decided once (one delivery row per e-mail address and webhook); then every row
 * still waiting is claimed before it is sent and marked after, so a retried, replayed or duplicated job never sends
 * a message twice, and two workers never send the same one.
 */
@Injectable()
export class NotificationDeliveryService {
  private readonly logger = new Logger(NotificationDeliveryService.name);
  private readonly sentTotal: Counter;
  private readonly failedTotal: Counter;
  private readonly retriedTotal: Counter;
  private readonly deferredTotal: Counter;

  constructor(
    private readonly db: ScopedDb,
    private readonly recipients: NotificationRecipientsService,
    private readonly announcementRecipients: AnnouncementRecipientsService,
    private readonly claims: DeliveryClaims,
    private readonly email: EmailSender,
    private readonly webhooks: WebhookSender,
    metrics: MetricsService,
  ) {
    const counter = (name: string, help: string) =>
      new Counter({ name, help, labelNames: ['channel'] as const, registers: [metrics.registry] });
    this.sentTotal = counter('notifications_sent_total', 'Notification messages delivered, by channel (email, webhook).');
    this.failedTotal = counter('notifications_failed_total', 'Notification messages that finally failed, by channel.');
    this.retriedTotal = counter('notification_attempts_failed_total', 'Delivery attempts that failed and will be retried, by channel.');
    this.deferredTotal = counter('notifications_deferred_total', 'Deliveries held back for later by the mail rate limits, by channel.');
  }

  /**
   * Sends what is still to send for the event; throws DeliveryDeferredError when the mail rate limits hold an e-mail
   * (it wins over a retry: the job comes back then without spending an attempt, so a deferred e-mail is never given
   * up on), and DeliveryRetryError when something must be tried again later.
   */
  async deliver(eventId: string): Promise<{ sent: number; failed: number }> {
    const event = await this.db.transaction(SYSTEM_SCOPE, (m) => m.findOneBy(NotificationEvent, { id: eventId }));
    if (!event) return { sent: 0, failed: 0 };
    if (!event.recipientsResolvedAt) {
      // An announcement's event is no party's: its recipients are subscribers (src/notifications/drift-subscription*).
      if (event.partyId === null) await this.announcementRecipients.resolve(event);
      else await this.recipients.resolve({ ...event, partyId: event.partyId });
    }
    const due = await this.claims.due(eventId);
    let sent = 0;
    let failed = 0;
    const retry: string[] = [];
    let deferredUntil: Date | null = null;
    for (const delivery of due) {
      const claim = await this.claims.claim(delivery);
      if (claim === null) continue;
      if (isDeferral(claim)) {
        this.deferredTotal.inc({ channel: delivery.channel });
        if (!deferredUntil || claim.until < deferredUntil) deferredUntil = claim.until;
        continue;
      }
      const outcome = await this.attempt(event, delivery, claim);
      if (outcome.kind === 'sent') sent++;
      else if (outcome.kind === 'failed') failed++;
      else retry.push(`${delivery.channel} ${delivery.id}: ${outcome.reason}`);
    }
    if (sent + failed + retry.length > 0 || deferredUntil)
      this.logger.log({ eventId, type: event.type, sent, failed, retry: retry.length, deferredUntil }, 'notification delivered');
    if (deferredUntil) throw new DeliveryDeferredError(eventId, deferredUntil);
    if (retry.length) throw new DeliveryRetryError(eventId, retry);
    if (await this.claims.inFlight(eventId)) throw new DeliveryInFlightError(eventId);
    return { sent, failed };
  }

  /** After the job's last attempt: whatever is still unsent is recorded as failed, for SKR to see and replay. */
  async giveUp(eventId: string, reason: string): Promise<number> {
    const channels = await this.claims.failUnsent(eventId, reason);
    for (const channel of channels) this.failedTotal.inc({ channel });
    if (channels.length) this.logger.warn({ eventId, failed: channels.length, reason }, 'notification deliveries failed for good');
    else this.logger.error({ eventId, reason }, 'notification job failed with nothing recorded to replay');
    return channels.length;
  }

  private async attempt(event: NotificationEvent, delivery: NotificationDelivery, claim: DeliveryClaim): Promise<Outcome> {
    const channel = delivery.channel;
    let responseStatus: number | null;
    try {
      responseStatus = await this.send(event, delivery);
    } catch (error) {
      return this.recordFailure(event, delivery, claim, error);
    }
    // Outside the try: a message that went out is never recorded as one to send again. Should even this record fail,
    // the row stays claimed and the error fails the job, and only a lapsed claim sends it again.
    await this.claims.finish(
      claim,
      { status: DeliveryStatus.Skickad, sentAt: new Date(), lastError: null, responseStatus },
      { sent: true },
    );
    this.sentTotal.inc({ channel });
    return { kind: 'sent' };
  }

  private async recordFailure(
    event: NotificationEvent,
    delivery: NotificationDelivery,
    claim: DeliveryClaim,
    error: unknown,
  ): Promise<Outcome> {
    const channel = delivery.channel;
    const responseStatus = error instanceof WebhookResponseError ? error.status : null;
    const reason = describe(error);
    if (error instanceof MailRejectedError || error instanceof WebhookUnavailableError) {
      await this.claims.finish(claim, { status: DeliveryStatus.Misslyckad, failedAt: new Date(), lastError: reason, responseStatus });
      this.failedTotal.inc({ channel });
      this.logger.warn({ eventId: event.id, deliveryId: delivery.id, channel, reason }, 'notification refused for good');
      return { kind: 'failed', reason };
    }
    await this.claims.finish(claim, { status: DeliveryStatus.Väntar, lastError: reason, responseStatus });
    this.retriedTotal.inc({ channel });
    return { kind: 'retry', reason };
  }

  /** The endpoint's HTTP status for a webhook; an e-mail has none. */
  private async send(event: NotificationEvent, delivery: NotificationDelivery): Promise<number | null> {
    if (delivery.channel !== DeliveryChannel.Email) return this.webhooks.send(event, delivery);
    await this.email.send(event, delivery);
    return null;
  }
}

/** A reason a person can act on: fetch's "fetch failed" says little without its cause. */
function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error).slice(0, 500);
  const cause = error.cause as { code?: string; message?: string } | undefined;
  const detail = error.name === 'TimeoutError' ? 'timed out' : cause ? (cause.code ?? cause.message) : undefined;
  return (detail ? `${error.message}: ${detail}` : error.message).slice(0, 500);
}
