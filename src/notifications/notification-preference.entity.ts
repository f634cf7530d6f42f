import { Column, Entity, JoinColumn, ManyToOne, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import { Party } from '../parties/party.entity';
import { NotificationType } from './notification-type';

/** A member's choice for one event type in one party: e-mail on or off. Without a row, e-mail is on. */
@Entity({ name: 'notification_preference' })
export class NotificationPreference {
  /** The user's token subject (`app_user.subject`), which is what identifies the acting user. */
  @PrimaryColumn({ type: 'text' })
  userSubject: string;

  @PrimaryColumn({ type: 'text' })
  type: NotificationType;

  /** Part of the key: a person in several parties chooses per party. */
  @PrimaryColumn({ type: 'uuid' })
  partyId: string;

  @ManyToOne(() => Party)
  @JoinColumn({ name: 'party_id', foreignKeyConstraintName: 'fk_notification_preference_party' })
  party?: Party;

  @Column({ type: 'boolean' })
  email: boolean;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
