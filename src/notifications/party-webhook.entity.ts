import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, Unique } from 'typeorm';

/** An endpoint of a party's own system (a municipal or vendor system) that receives its events, signed. */
@Entity({ name: 'party_webhook' })
@Index('ix_party_webhook_party', ['partyId'])
export class PartyWebhook {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  partyId: string;

  @Column({ type: 'text' })
  url: string;

  @Column({ type: 'text', array: true })
  eventTypes: string[];

  /** `whsec_<base64>` per the Standard Webhooks spec; shown once, at registration. */
  @Column({ type: 'text', select: false })
  secret: string;

  @Column({ type: 'boolean', default: true })
  active: boolean;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}

/** One event sent (or being sent) to one webhook: the delivery log, and the unit of replay. */
@Entity({ name: 'party_webhook_delivery' })
@Unique('uq_party_webhook_delivery', ['webhookId', 'eventId'])
export class PartyWebhookDelivery {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  webhookId: string;

  @Column({ type: 'uuid' })
  eventId: string;

  @Column({ type: 'uuid' })
  partyId: string;

  @Column({ type: 'text', default: 'väntar' })
  status: 'väntar' | 'skickad' | 'misslyckad';

  @Column({ type: 'integer', default: 0 })
  attempts: number;

  @Column({ type: 'integer', nullable: true })
  responseStatus: number | null;

  @Column({ type: 'text', nullable: true })
  lastError: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  deliveredAt: Date | null;
}
