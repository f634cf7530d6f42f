import { Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import type { Agent } from 'undici';
import { AppConfig, NodeEnv } from '../config/app-config';
import { ScopedDb } from '../database/scoped-db';
import { subjectHref } from './dto/notification.dto';
import { HostResolver } from './host-resolver';
import { NotificationDelivery } from './notification-delivery.entity';
import { NotificationEvent } from './notification-event.entity';
import { PartyWebhook } from './party-webhook.entity';
import { webhookAgent } from './webhook-agent';
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

/**
 * No answer from the endpoint, for whatever reason: a refused address, a name that does not resolve, a refused
 * connection, a timeout, a TLS failure. One reason for all of them, because the delivery log is the party's: were they
 * told apart, a party could register URLs and read SKR's inside network off its log. The cause goes to SKR's log only.
 * Retried like any outage, so the number of attempts tells nothing either.
 */
export class WebhookUnreachableError extends Error {
  static readonly code = 'WEBHOOK_UNREACHABLE';

  constructor() {
    super(`could not deliver: ${WebhookUnreachableError.code}`);
    this.name = WebhookUnreachableError.name;
  }
}

/** Sends one webhook delivery to the party's endpoint. */
@Injectable()
export class WebhookSender implements OnApplicationShutdown {
  private readonly logger = new Logger(WebhookSender.name);
  private readonly agent: Agent;

  constructor(
    private readonly db: ScopedDb,
    private readonly config: AppConfig,
    resolver: HostResolver,
  ) {
    this.agent = webhookAgent({
      resolver,
      allowPrivate: config.WEBHOOK_ALLOW_PRIVATE_TARGETS,
      connectTimeoutMs: config.NOTIFICATION_WEBHOOK_TIMEOUT_MS,
    });
  }

  async onApplicationShutdown(): Promise<void> {
    await this.agent.close();
  }

  /**
   * Signed per the Standard Webhooks spec. The webhook is read in the event's party's scope and by its party: only
   * that party's endpoints can ever receive its events. Returns the endpoint's 2xx status; throws
   * WebhookUnavailableError when retrying cannot help, WebhookResponseError for any other answer, and
   * WebhookUnreachableError when there was no answer.
   */
  async send(event: NotificationEvent, delivery: NotificationDelivery): Promise<number> {
    const webhook = await this.db.transaction({ partyId: event.partyId, skr: false }, (m) =>
      m
        .createQueryBuilder(PartyWebhook, 'w')
        .addSelect(['w.secret', 'w.previousSecret'])
        .where('w.id = :id AND w.party_id = :partyId', { id: delivery.webhookId, partyId: event.partyId })
        .getOne(),
    );
    if (!webhook || !webhook.active) throw new WebhookUnavailableError('the webhook is inactive');
    const refusal = refusedWebhookUrl(webhook.url, {
      requireHttps: this.config.NODE_ENV === NodeEnv.Production,
      allowPrivate: this.config.WEBHOOK_ALLOW_PRIVATE_TARGETS,
    });
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
    const url = new URL(webhook.url);
    let status: number;
    try {
      // Dispatcher.request follows no redirect (undici follows them only through its redirect interceptor): a 3xx is
      // an answer like any other non-2xx, and a Location pointing inward is never visited.
      const response = await this.agent.request({
        origin: url.origin,
        path: `${url.pathname}${url.search}`,
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'user-agent': 'Avvikelse-SSBTEK-Webhooks/1',
          'webhook-id': event.id,
          'webhook-timestamp': String(timestamp),
          'webhook-signature': signaturesOf(webhook, event.id, timestamp, body),
        },
        body,
        signal: AbortSignal.timeout(this.config.NOTIFICATION_WEBHOOK_TIMEOUT_MS),
      });
      status = response.statusCode;
      // The answer's body is of no interest; reading none of it would keep the connection busy.
      await response.body.dump().catch(() => undefined);
    } catch (error) {
      this.logger.warn(
        { eventId: event.id, deliveryId: delivery.id, webhookId: webhook.id, host: url.host, cause: causeOf(error) },
        'webhook could not be delivered',
      );
      throw new WebhookUnreachableError();
    }
    if (status < 200 || status >= 300) throw new WebhookResponseError(status);
    return status;
  }
}

function causeOf(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const code = (error as { code?: unknown }).code;
  return `${typeof code === 'string' ? code : error.name}: ${error.message}`.slice(0, 500);
}

/**
 * The new secret's signature, and the rotated-out secret's while its grace lasts: Standard Webhooks lists signatures
 * space-separated and a verifier accepts any one, so a receiver still on the old secret verifies too.
 */
function signaturesOf(webhook: PartyWebhook, id: string, timestamp: number, body: string): string {
  const previous = webhook.previousSecret && webhook.previousSecretExpiresAt && webhook.previousSecretExpiresAt > new Date();
  return [webhook.secret, ...(previous ? [webhook.previousSecret!] : [])]
    .map((secret) => signWebhook(secret, id, timestamp, body))
    .join(' ');
}
