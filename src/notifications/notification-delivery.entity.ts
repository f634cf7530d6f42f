import { Column, Entity, Index, PrimaryGeneratedColumn, Unique } from 'typeorm';

export enum DeliveryStatus {
  Vantar = 'väntar',
  Skickad = 'skickad',
  Misslyckad = 'misslyckad',
}

/**
 * One message of one event to one recipient. The unique key makes "one e-mail per event per recipient" a database
 * fact: a duplicated or retried job finds the row already sent and sends nothing.
 */
@Entity({ name: 'notification_delivery' })
@Unique('uq_notification_delivery', ['eventId', 'channel', 'recipient'])
@Index('ix_notification_delivery_status', ['status'])
export class NotificationDelivery {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  eventId: string;

  @Column({ type: 'uuid' })
  partyId: string;

  @Column({ type: 'text' })
  channel: 'email';

  @Column({ type: 'text' })
  recipient: string;

  @Column({ type: 'varchar', length: 2 })
  language: 'sv' | 'en';

  @Column({ type: 'text', default: DeliveryStatus.Vantar })
  status: DeliveryStatus;

  @Column({ type: 'integer', default: 0 })
  attempts: number;

  @Column({ type: 'text', nullable: true })
  lastError: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  sentAt: Date | null;
}
