import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Webhook deliveries already accepted, by Jira's `X-Atlassian-Webhook-Identifier` (stable across its retries). */
@Entity({ name: 'jira_webhook_delivery' })
export class JiraWebhookDelivery {
  @PrimaryColumn({ type: 'text' })
  deliveryId: string;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  receivedAt: Date;

  @Column({ type: 'text' })
  event: string;

  @Column({ type: 'text', nullable: true })
  issueId: string | null;
}
