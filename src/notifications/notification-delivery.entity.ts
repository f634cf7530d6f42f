import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Unique } from 'typeorm';
import { DriftSubscription } from './drift-subscription.entity';
import { NotificationEvent } from './notification-event.entity';
import { PartyWebhook } from './party-webhook.entity';

export enum DeliveryChannel {
  Email = 'email',
  Webhook = 'webhook',
}

export enum DeliveryStatus {
  Väntar = 'väntar',
  /** Claimed by a worker that is sending it now; the claim lapses after a while if that worker died. */
  Skickas = 'skickas',
  Skickad = 'skickad',
  Misslyckad = 'misslyckad',
  /**
   * Held back and never sent: the address is neither an active member's of the party nor in its registered e-mail
   * domains, so the service would be mailing a stranger in the party's name.
   */
  EjBekräftad = 'ej_bekräftad',
}

/**
 * One message of one event to one recipient: an e-mail address (lower-cased) or a party webhook (its id). The unique
 * key makes "one message per event and recipient" a database fact: a duplicated or retried job claims the row
 * before sending, finds it sent, and sends nothing.
 */
@Entity({ name: 'notification_delivery' })
@Unique('uq_notification_delivery', ['eventId', 'channel', 'recipient'])
@Index('ix_notification_delivery_failed', ['failedAt', 'id'], { where: `status = 'misslyckad'` })
@Index('ix_notification_delivery_webhook', ['webhookId', 'createdAt', 'id'], { where: 'webhook_id IS NOT NULL' })
@Index('ix_notification_delivery_party_mail', ['partyId', 'lastAttemptAt'], { where: `channel = 'email'` })
@Index('ix_notification_delivery_recipient_mail', ['recipient', 'lastAttemptAt'], { where: `channel = 'email'` })
@Check('ck_notification_delivery_channel', `channel IN ('email', 'webhook')`)
@Check('ck_notification_delivery_status', `status IN ('väntar', 'skickas', 'skickad', 'misslyckad', 'ej_bekräftad')`)
@Check('ck_notification_delivery_webhook', `(channel = 'webhook') = (webhook_id IS NOT NULL)`)
export class NotificationDelivery {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  eventId: string;

  @ManyToOne(() => NotificationEvent, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'event_id', foreignKeyConstraintName: 'fk_notification_delivery_event' })
  event?: NotificationEvent;

  /**
   * The event's party, here too so row-level security needs no join. For an announcement: the subscribing user's
   * party (its mail rate limit), null for an external address or SKR.
   */
  @Column({ type: 'uuid', nullable: true })
  partyId: string | null;

  /** The driftinformation subscription the e-mail goes to: its one-click unsubscribe link is in the e-mail. */
  @Column({ type: 'uuid', nullable: true })
  subscriptionId: string | null;

  @ManyToOne(() => DriftSubscription, { onDelete: 'SET NULL', nullable: true })
  @JoinColumn({ name: 'subscription_id', foreignKeyConstraintName: 'fk_notification_delivery_subscription' })
  subscription?: DriftSubscription;

  @Column({ type: 'text' })
  channel: DeliveryChannel;

  /** The e-mail address (lower-cased) or the webhook's id. */
  @Column({ type: 'text' })
  recipient: string;

  /** Whom the e-mail greets. */
  @Column({ type: 'text', nullable: true })
  recipientName: string | null;

  @Column({ type: 'uuid', nullable: true })
  webhookId: string | null;

  @ManyToOne(() => PartyWebhook, { onDelete: 'CASCADE', nullable: true })
  @JoinColumn({ name: 'webhook_id', foreignKeyConstraintName: 'fk_notification_delivery_webhook' })
  webhook?: PartyWebhook;

  /** The e-mail's language; null for webhooks. */
  @Column({ type: 'varchar', length: 2, nullable: true })
  language: 'sv' | 'en' | null;

  @Column({ type: 'text', default: DeliveryStatus.Väntar })
  status: DeliveryStatus;

  @Column({ type: 'integer', default: 0 })
  attempts: number;

  @Column({ type: 'timestamptz', nullable: true })
  claimedAt: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  lastAttemptAt: Date | null;

  /** The webhook endpoint's HTTP status of the last attempt. */
  @Column({ type: 'integer', nullable: true })
  responseStatus: number | null;

  @Column({ type: 'text', nullable: true })
  lastError: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  sentAt: Date | null;

  /**
   * Set when the mail rate limits deferred the delivery: the earliest it is tried again. Kept once sent, so SKR
   * sees which parties reach the limits.
   */
  @Column({ type: 'timestamptz', nullable: true })
  deferredUntil: Date | null;

  /** Millisecond precision: SKR's failure list pages by it. */
  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  failedAt: Date | null;

  @CreateDateColumn({ type: 'timestamptz', precision: 3 })
  createdAt: Date;
}
