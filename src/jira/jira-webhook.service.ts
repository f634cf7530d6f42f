import { Injectable, Logger } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { SYSTEM_SCOPE } from '../database/data-scope';
import { ScopedDb } from '../database/scoped-db';
import { OutboxService } from '../outbox/outbox.service';
import { JiraSyncJob, JIRA_SYNC_QUEUE, pullJobKey } from '../queues/jira-sync.queue';
import { readJiraWebhookEvent } from './dto/jira-webhook.dto';
import { JiraWebhookRejectedError } from './jira.errors';
import { jiraWebhookSignatureValid } from './jira-webhook-signature';
import { MetricsService } from '../metrics/metrics.service';
import { Histogram } from 'prom-client';

/** Jira promises only that the identifier is unique per site: any visible ASCII, up to 255 characters, is taken. */
const DELIVERY_ID = /^[\x21-\x7e]{1,255}$/;

/**
 * Intake of Jira webhooks: verify the signature over the raw body, remember the delivery id (Jira retries a delivery
 * with the same id), and queue a pull of the issue through the outbox. The pull re-reads the issue, so the webhook's
 * own payload is never trusted for state and its order does not matter.
 */
@Injectable()
export class JiraWebhookService {
  private readonly logger = new Logger(JiraWebhookService.name);
  private readonly lag: Histogram;

  constructor(
    private readonly config: AppConfig,
    private readonly db: ScopedDb,
    private readonly outbox: OutboxService,
    metrics: MetricsService,
  ) {
    this.lag = new Histogram({
      name: 'jira_webhook_lag_seconds',
      help: 'Time from the Jira event (webhook timestamp) to its intake.',
      buckets: [0.05, 0.1, 0.25, 0.5, 1, 2, 5, 15, 60],
      registers: [metrics.registry],
    });
  }

  async accept(raw: Buffer | undefined, body: unknown, signature: string | undefined, deliveryId: string | undefined) {
    const secrets = [this.config.JIRA_WEBHOOK_SECRET, this.config.JIRA_WEBHOOK_SECRET_PREVIOUS];
    if (!raw || !jiraWebhookSignatureValid(raw, signature, secrets)) throw new JiraWebhookRejectedError('signature');
    if (!deliveryId || !DELIVERY_ID.test(deliveryId)) throw new JiraWebhookRejectedError('delivery id');
    const { name, issueId, timestamp } = readJiraWebhookEvent(body);
    if (timestamp !== null) this.lag.observe(Math.max(0, (Date.now() - timestamp) / 1000));
    const accepted = await this.db.transaction(SYSTEM_SCOPE, async (manager) => {
      const inserted = (await manager.query(
        `INSERT INTO jira_webhook_delivery (delivery_id, event, issue_id) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING RETURNING delivery_id`,
        [deliveryId, name, issueId],
      )) as unknown[];
      if (inserted.length === 0 || !issueId) return false;
      await this.outbox.add(manager, {
        queue: JIRA_SYNC_QUEUE,
        jobName: JiraSyncJob.PullIssue,
        jobKey: pullJobKey(issueId),
        payload: { issueId, deliveryId },
        partyId: null,
      });
      return true;
    });
    this.logger.debug({ deliveryId, issueId, event: name, accepted }, 'jira webhook received');
    return { accepted };
  }
}
