import { Injectable } from '@nestjs/common';
import { AppConfig, NodeEnv } from '../config/app-config';
import { ScopedDb } from '../database/scoped-db';
import { subjectHref } from './dto/notification.dto';
import { NotificationDelivery } from './notification-delivery.entity';
import { NotificationEvent } from './notification-event.entity';
import { PartyWebhook } from './party-webhook.entity';
import { signWebhook } from './webhook-signature';
import { refusedWebhookUrl } from './webhook-url';

/** The endpoint answered, but not with a 2xx (redirects are not followed: the party registers the final URL). */
export class WebhookResponseError extends Error {
  constructor(readonly status: number) {
    super(`endpoint answered HTTP ${status}`);
  }
}

/** The webhook was deactivated, or its URL is no longer acceptable: retrying will not help. */
export class WebhookUnavailableError extends Error {}

/** Sends one webhook delivery to the party's endpoint. */
@Injectable()
export class WebhookSender {
  constructor(
    private readonly db: ScopedDb,
    private readonly config: AppConfig,
  ) {}

  /**
   * Signed per the Standard Webhooks spec. The webhook is read in the event's party's scope and by its party: only
   * that party's endpoints can ever receive its events. Returns the endpoint's 2xx status; throws
   * WebhookUnavailableError when retrying cannot help, WebhookResponseError for any other answer, and fetch's own
   * errors when the endpoint could not be reached.
   */
  async send(event: NotificationEvent, delivery: NotificationDelivery): Promise<number> {
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
