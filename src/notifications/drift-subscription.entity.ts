import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { Party } from '../parties/party.entity';

/** `vantar` waits for its double opt-in (external addresses only), `aktiv` receives, `avslutad` unsubscribed. */
export type DriftSubscriptionStatus = 'vantar' | 'aktiv' | 'avslutad';

/**
 * Who is e-mailed about driftinformation: a party's user (by token subject; the address is the user's at the time of
 * sending) or an external address such as a municipality's IT desk (double opt-in). Outages and/or planned work, for
 * some bastjänster or, with none named, all; an announcement of the central component reaches every subscriber of
 * its kind. The preferences per event type do not fit: this is per bastjänst and also for people without an account.
 */
@Entity({ name: 'drift_subscription' })
@Index('uq_drift_subscription_user', ['partyId', 'userSubject'], { unique: true, where: 'user_subject IS NOT NULL' })
@Index('uq_drift_subscription_email', ['email'], { unique: true, where: 'email IS NOT NULL' })
@Index('uq_drift_subscription_confirm', ['confirmTokenHash'], { unique: true })
@Index('uq_drift_subscription_unsubscribe', ['unsubscribeTokenHash'], { unique: true })
@Check('ck_drift_subscription_status', `status IN ('vantar', 'aktiv', 'avslutad')`)
@Check('ck_drift_subscription_owner', `(party_id IS NULL) = (user_subject IS NULL) AND (email IS NULL) <> (user_subject IS NULL)`)
export class DriftSubscription {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid', nullable: true })
  partyId: string | null;

  @ManyToOne(() => Party, { nullable: true })
  @JoinColumn({ name: 'party_id', foreignKeyConstraintName: 'fk_drift_subscription_party' })
  party?: Party;

  @Column({ type: 'text', nullable: true })
  userSubject: string | null;

  /** An external subscriber's address, lower-cased; personal data (README "Personal data"). */
  @Column({ type: 'text', nullable: true })
  email: string | null;

  @Column({ type: 'varchar', length: 2, default: 'sv' })
  language: 'sv' | 'en';

  @Column({ type: 'boolean', default: true })
  outages: boolean;

  @Column({ type: 'boolean', default: true })
  planned: boolean;

  /** Empty: every bastjänst. */
  @Column({ type: 'text', array: true, default: () => "'{}'", name: 'bastjanster' })
  bastjänster: string[];

  @Column({ type: 'text' })
  status: DriftSubscriptionStatus;

  @Column({ type: 'text', nullable: true, select: false })
  confirmTokenHash: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  confirmExpiresAt: Date | null;

  @Column({ type: 'text', nullable: true, select: false })
  unsubscribeTokenHash: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  confirmedAt: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  unsubscribedAt: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
