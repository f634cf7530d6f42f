import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { Party } from '../parties/party.entity';
import { NotificationType } from './notification-type';

/** An endpoint of a party's own system (a municipal or vendor system) that receives its events, signed. */
@Entity({ name: 'party_webhook' })
@Index('ix_party_webhook_party', ['partyId'])
@Check('ck_party_webhook_previous_secret', '(previous_secret IS NULL) = (previous_secret_expires_at IS NULL)')
export class PartyWebhook {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  partyId: string;

  @ManyToOne(() => Party)
  @JoinColumn({ name: 'party_id', foreignKeyConstraintName: 'fk_party_webhook_party' })
  party?: Party;

  @Column({ type: 'text' })
  url: string;

  @Column({ type: 'text', nullable: true })
  description: string | null;

  @Column({ type: 'text', array: true })
  eventTypes: NotificationType[];

  /** `whsec_<base64>` per the Standard Webhooks spec; shown once, at registration. */
  @Column({ type: 'text', select: false })
  secret: string;

  /** The secret before the last rotation, which still signs beside `secret` until it expires (the receiver's grace). */
  @Column({ type: 'text', nullable: true, select: false })
  previousSecret: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  previousSecretExpiresAt: Date | null;

  @Column({ type: 'boolean', default: true })
  active: boolean;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
