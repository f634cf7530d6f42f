import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A user's choice for one event type: e-mail on or off. Without a row, e-mail is on. */
@Entity({ name: 'notification_preference' })
export class NotificationPreference {
  @PrimaryColumn({ type: 'text' })
  userSubject: string;

  @PrimaryColumn({ type: 'text' })
  type: string;

  @Column({ type: 'uuid' })
  partyId: string;

  @Column({ type: 'boolean' })
  email: boolean;
}
