import { Column, Entity, JoinColumn, ManyToOne, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import { AppUser } from '../parties/app-user.entity';
import { Party } from '../parties/party.entity';
import { NotificationType } from './notification-type';

/** A user's choice for one event type: e-mail on or off. Without a row, e-mail is on. */
@Entity({ name: 'notification_preference' })
export class NotificationPreference {
  /** The user's token subject (`app_user.subject`), which is what identifies the acting user. */
  @PrimaryColumn({ type: 'text' })
  userSubject: string;

  @ManyToOne(() => AppUser, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_subject', referencedColumnName: 'subject', foreignKeyConstraintName: 'fk_notification_preference_user' })
  user?: AppUser;

  @PrimaryColumn({ type: 'text' })
  type: NotificationType;

  @Column({ type: 'uuid' })
  partyId: string;

  @ManyToOne(() => Party)
  @JoinColumn({ name: 'party_id', foreignKeyConstraintName: 'fk_notification_preference_party' })
  party?: Party;

  @Column({ type: 'boolean' })
  email: boolean;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
