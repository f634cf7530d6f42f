import { Injectable, Logger } from '@nestjs/common';
import { Counter } from 'prom-client';
import { In } from 'typeorm';
import { AppConfig, NodeEnv } from '../config/app-config';
import { SYSTEM_SCOPE, type DataScope } from '../database/data-scope';
import { ScopedDb } from '../database/scoped-db';
import { MetricsService } from '../metrics/metrics.service';
import { AppUser } from '../parties/app-user.entity';
import { subjectHref } from './dto/notification.dto';
import { MailRejectedError, Mailer } from './mailer';
import { DeliveryChannel, DeliveryStatus, NotificationDelivery } from './notification-delivery.entity';
import { NotificationEvent } from './notification-event.entity';
import { MANDATORY_NOTIFICATION_TYPES } from './notification-type';
import { NotificationPreference } from './notification-preference.entity';
import { renderEmail } from './notification-templates';
import { PartyWebhook } from './party-webhook.entity';
import { signWebhook } from './webhook-signature';
import { refusedWebhookUrl } from './webhook-url';

/**
 * How long a claimed delivery belongs to the worker that claimed it. Longer than any one send (SMTP connect, greeting
 * and socket timeouts, or the webhook timeout, each at most 30 s), so only a dead worker's claim lapses.
 */
const CLAIM_LEASE_SECONDS = 120;

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

/** The endpoint answered, but not with a 2xx (redirects are not followed: the party registers the final URL). */
class WebhookResponseError extends Error {
  constructor(readonly status: number) {
    super(`endpoint answered HTTP ${status}`);
  }
}

/** The webhook was deactivated, or its URL is no longer acceptable: retrying will not help. */
class WebhookUnavailableError extends Error {}

/** A delivery this worker claimed, fenced by the attempt number the claim gave it. */
type Claim = { id: string; attempt: number };

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
  private readonly mailDomain: string;

  constructor(
    private readonly db: ScopedDb,
    private readonly mailer: Mailer,
    private readonly config: AppConfig,
    metrics: MetricsService,
  ) {
    const counter = (name: string, help: string) =>
      new Counter({ name, help, labelNames: ['channel'] as const, registers: [metrics.registry] });
    this.sentTotal = counter('notifications_sent_total', 'Notification messages delivered, by channel (email, webhook).');
    this.failedTotal = counter('notifications_failed_total', 'Notification messages that finally failed, by channel.');
    this.retriedTotal = counter('notification_attempts_failed_total', 'Delivery attempts that failed and will be retried, by channel.');
    this.mailDomain = /@([^>\s]+)>?\s*$/.exec(config.MAIL_FROM)?.[1] ?? 'avvikelse.invalid';
  }

  /** Sends what is still to send for the event; throws DeliveryRetryError when something must be tried again later. */
  async deliver(eventId: string): Promise<{ sent: number; failed: number }> {
    const event = await this.db.transaction(SYSTEM_SCOPE, (m) => m.findOneBy(NotificationEvent, { id: eventId }));
    if (!event) return { sent: 0, failed: 0 };
    if (!event.recipientsResolvedAt) await this.resolveRecipients(event);
    const due = await this.db.transaction(SYSTEM_SCOPE, (m) =>
      m.find(NotificationDelivery, {
        where: { eventId, status: In([DeliveryStatus.Väntar, DeliveryStatus.Skickas]) },
        order: { createdAt: 'ASC', id: 'ASC' },
      }),
    );
    let sent = 0;
    let failed = 0;
    const retry: string[] = [];
    for (const delivery of due) {
      const claim = await this.claim(delivery.id);
      if (claim === null) continue;
      const outcome = await this.attempt(event, delivery, claim);
      if (outcome.kind === 'sent') sent++;
      else if (outcome.kind === 'failed') failed++;
      else retry.push(`${delivery.channel} ${delivery.id}: ${outcome.reason}`);
    }
    if (sent + failed + retry.length > 0)
      this.logger.log({ eventId, type: event.type, sent, failed, retry: retry.length }, 'notification delivered');
    if (retry.length) throw new DeliveryRetryError(eventId, retry);
    if (await this.inFlight(eventId)) throw new DeliveryInFlightError(eventId);
    return { sent, failed };
  }

  /** After the job's last attempt: whatever is still unsent is recorded as failed, for SKR to see and replay. */
  async giveUp(eventId: string, reason: string): Promise<number> {
    const [rows] = (await this.db.transaction(SYSTEM_SCOPE, (m) =>
      m.query(
        `UPDATE notification_delivery
            SET status = 'misslyckad', failed_at = now(), claimed_at = NULL, last_error = COALESCE(last_error, $2)
          WHERE event_id = $1 AND (status = 'väntar' OR (status = 'skickas' AND claimed_at < now() - make_interval(secs => $3)))
          RETURNING channel`,
        [eventId, reason.slice(0, 1000), CLAIM_LEASE_SECONDS],
      ),
    )) as [{ channel: DeliveryChannel }[], number];
    for (const row of rows) this.failedTotal.inc({ channel: row.channel });
    if (rows.length) this.logger.warn({ eventId, failed: rows.length, reason }, 'notification deliveries failed for good');
    else this.logger.error({ eventId, reason }, 'notification job failed with nothing recorded to replay');
    return rows.length;
  }

  /**
   * One delivery row per recipient, decided once, in the party's own row-level-security scope: the reporter
   * contacts of the event and the party's active users with an address who have not turned the type off (a
   * mandatory type ignores that), plus the party's active webhooks subscribed to the type.
   */
  private async resolveRecipients(event: NotificationEvent): Promise<void> {
    const scope: DataScope = { partyId: event.partyId, skr: false };
    await this.db.transaction(scope, async (m) => {
      const [row] = (await m.query(`SELECT recipients_resolved_at FROM notification_event WHERE id = $1 FOR UPDATE`, [event.id])) as {
        recipients_resolved_at: Date | null;
      }[];
      if (!row || row.recipients_resolved_at) return;
      const users = await m.find(AppUser, { where: { partyId: event.partyId, active: true } });
      const optedOut = new Set(
        (await m.find(NotificationPreference, { where: { partyId: event.partyId, type: event.type, email: false } })).map(
          (p) => p.userSubject,
        ),
      );
      const mandatory = MANDATORY_NOTIFICATION_TYPES.includes(event.type);
      const userByEmail = new Map(users.filter((u) => u.email).map((u) => [u.email!.toLowerCase(), u]));
      const emails = new Map<string, { name: string | null; language: 'sv' | 'en' }>();
      for (const contact of event.contacts) {
        const user = userByEmail.get(contact.email.toLowerCase());
        emails.set(contact.email.toLowerCase(), { name: contact.name || user?.name || null, language: user?.language ?? 'sv' });
      }
      for (const [email, user] of userByEmail) {
        if (!mandatory && optedOut.has(user.subject)) continue;
        if (!emails.has(email)) emails.set(email, { name: user.name, language: user.language });
      }
      const webhooks = await m
        .createQueryBuilder(PartyWebhook, 'w')
        .where('w.party_id = :partyId AND w.active AND :type = ANY(w.event_types)', { partyId: event.partyId, type: event.type })
        .getMany();
      const rows = [
        ...[...emails].map(([email, r]) => ({
          channel: DeliveryChannel.Email,
          recipient: email,
          name: r.name,
          webhookId: null,
          language: r.language,
        })),
        ...webhooks.map((w) => ({ channel: DeliveryChannel.Webhook, recipient: w.id, name: null, webhookId: w.id, language: null })),
      ];
      if (rows.length) {
        await m.query(
          `INSERT INTO notification_delivery (event_id, party_id, channel, recipient, recipient_name, webhook_id, language)
           SELECT $1, $2, * FROM unnest($3::text[], $4::text[], $5::text[], $6::uuid[], $7::varchar[])
           ON CONFLICT (event_id, channel, recipient) DO NOTHING`,
          [
            event.id,
            event.partyId,
            rows.map((r) => r.channel),
            rows.map((r) => r.recipient),
            rows.map((r) => r.name),
            rows.map((r) => r.webhookId),
            rows.map((r) => r.language),
          ],
        );
      }
      await m.query(`UPDATE notification_event SET recipients_resolved_at = now() WHERE id = $1`, [event.id]);
    });
  }

  /**
   * Claims the delivery when it is waiting, or its previous claimant's lease lapsed. Returns the claim (the attempt
   * number the claim gave the row), or null when another worker has it or it is done.
   */
  private async claim(id: string): Promise<Claim | null> {
    const [rows] = (await this.db.transaction(SYSTEM_SCOPE, (m) =>
      m.query(
        `UPDATE notification_delivery
            SET status = 'skickas', claimed_at = now(), attempts = attempts + 1, last_attempt_at = now()
          WHERE id = $1 AND (status = 'väntar' OR (status = 'skickas' AND claimed_at < now() - make_interval(secs => $2)))
          RETURNING attempts`,
        [id, CLAIM_LEASE_SECONDS],
      ),
    )) as [{ attempts: number }[], number];
    return rows[0] ? { id, attempt: rows[0].attempts } : null;
  }

  private async inFlight(eventId: string): Promise<boolean> {
    return this.db.transaction(SYSTEM_SCOPE, (m) => m.existsBy(NotificationDelivery, { eventId, status: DeliveryStatus.Skickas }));
  }

  private async attempt(event: NotificationEvent, delivery: NotificationDelivery, claim: Claim): Promise<Outcome> {
    const channel = delivery.channel;
    let responseStatus: number | null = null;
    try {
      responseStatus = channel === DeliveryChannel.Email ? await this.sendEmail(event, delivery) : await this.sendWebhook(event, delivery);
      await this.finish(claim, { status: DeliveryStatus.Skickad, sentAt: new Date(), lastError: null, responseStatus });
      this.sentTotal.inc({ channel });
      return { kind: 'sent' };
    } catch (error) {
      if (error instanceof WebhookResponseError) responseStatus = error.status;
      const reason = describe(error);
      if (error instanceof MailRejectedError || error instanceof WebhookUnavailableError) {
        await this.finish(claim, { status: DeliveryStatus.Misslyckad, failedAt: new Date(), lastError: reason, responseStatus });
        this.failedTotal.inc({ channel });
        this.logger.warn({ eventId: event.id, deliveryId: delivery.id, channel, reason }, 'notification refused for good');
        return { kind: 'failed', reason };
      }
      await this.finish(claim, { status: DeliveryStatus.Väntar, lastError: reason, responseStatus });
      this.retriedTotal.inc({ channel });
      return { kind: 'retry', reason };
    }
  }

  /**
   * Records how the claimed attempt ended. The update only applies while the claim is still this attempt's, so it
   * can run again without harm: a COMMIT cut by a database crash (its outcome unknown) is simply repeated once the
   * database is back, and a message that went out is recorded as sent instead of being sent again when the claim
   * lapses. Nor can a late finish overwrite the row of a worker that took over a lapsed claim.
   */
  private async finish(claim: Claim, changes: Partial<NotificationDelivery>): Promise<void> {
    await this.db.transaction(
      SYSTEM_SCOPE,
      (m) =>
        m.update(
          NotificationDelivery,
          { id: claim.id, status: DeliveryStatus.Skickas, attempts: claim.attempt },
          { ...changes, claimedAt: null },
        ),
      { idempotent: true },
    );
  }

  private async sendEmail(event: NotificationEvent, delivery: NotificationDelivery): Promise<null> {
    const link = `${this.config.PUBLIC_BASE_URL}${subjectHref(event)}`;
    const rendered = renderEmail(event, delivery.language ?? 'sv', delivery.recipientName, link);
    await this.mailer.send({
      to: delivery.recipient,
      toName: delivery.recipientName,
      ...rendered,
      messageId: `<${delivery.id}@${this.mailDomain}>`,
    });
    return null;
  }

  /**
   * Signed per the Standard Webhooks spec. The webhook is read in the event's party's scope and by its party: only
   * that party's endpoints can ever receive its events.
   */
  private async sendWebhook(event: NotificationEvent, delivery: NotificationDelivery): Promise<number> {
    const webhook = await this.db.transaction({ partyId: event.partyId, skr: false }, (m) =>
      m
        .createQueryBuilder(PartyWebhook, 'w')
        .addSelect('w.secret')
        .where('w.id = :id AND w.party_id = :partyId', { id: delivery.webhookId, partyId: event.partyId })
        .getOne(),
    );
    if (!webhook || !webhook.active) throw new WebhookUnavailableError('the webhook is inactive');
    const refusal = refusedWebhookUrl(webhook.url, this.config.NODE_ENV === NodeEnv.Production);
    if (refusal) throw new WebhookUnavailableError(`the webhook URL is refused: ${refusal}`);
    const body = JSON.stringify({
      type: event.type,
      timestamp: event.createdAt.toISOString(),
      data: {
        eventId: event.id,
        partyId: event.partyId,
        subject: {
          kind: event.subjectKind,
          id: event.subjectId,
          key: event.subjectKey,
          title: event.subjectTitle,
          url: `${this.config.PUBLIC_BASE_URL}${subjectHref(event)}`,
        },
        values: event.data,
      },
    });
    const timestamp = Math.floor(Date.now() / 1000);
    const response = await fetch(webhook.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'user-agent': 'Avvikelse-SSBTEK-Webhooks/1',
        'webhook-id': event.id,
        'webhook-timestamp': String(timestamp),
        'webhook-signature': signWebhook(webhook.secret, event.id, timestamp, body),
      },
      body,
      redirect: 'manual',
      signal: AbortSignal.timeout(this.config.NOTIFICATION_WEBHOOK_TIMEOUT_MS),
    });
    // The answer's body is of no interest; reading none of it would keep the connection busy.
    await response.body?.cancel().catch(() => undefined);
    if (response.status < 200 || response.status >= 300) throw new WebhookResponseError(response.status);
    return response.status;
  }
}

/** A reason a person can act on: fetch's "fetch failed" says little without its cause. */
function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error).slice(0, 500);
  const cause = error.cause as { code?: string; message?: string } | undefined;
  const detail = error.name === 'TimeoutError' ? 'timed out' : cause ? (cause.code ?? cause.message) : undefined;
  return (detail ? `${error.message}: ${detail}` : error.message).slice(0, 500);
}
