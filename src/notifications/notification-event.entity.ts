import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Party } from '../parties/party.entity';
import { NotificationType } from './notification-type';

/** An `announcement` (driftinformation) belongs to no party: it goes to subscribers of every party and outside. */
export type NotificationSubjectKind = 'deviation' | 'declaration' | 'announcement';

/** A person to tell who is not (necessarily) a user: the reporter contacts of a deviation. */
export interface NotificationContact {
  name: string;
  email: string;
}

/** Public values only: a new status, a priority, the text of a public comment, a due date. */
export type NotificationData = Record<string, string | number | null>;

/**
 * One event to notify about, written in the same transaction as the change that caused it. It holds only what the
 * party may read: never internal notes, never SKR-only fields (see NotificationsService.emit).
 */
@Entity({ name: 'notification_event' })
@Index('ix_notification_event_party_created', ['partyId', 'createdAt', 'id'])
@Index('ix_notification_event_created', ['createdAt', 'id'])
@Index('ix_notification_event_subject', ['subjectId', 'type'])
@Check('ck_notification_event_subject_kind', `subject_kind IN ('deviation', 'declaration', 'announcement')`)
@Check('ck_notification_event_party', `(party_id IS NULL) = (subject_kind = 'announcement')`)
export class NotificationEvent {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'text' })
  type: NotificationType;

  /** Null for an announcement: only SKR's scope (the worker's) sees those events. */
  @Column({ type: 'uuid', nullable: true })
  partyId: string | null;

  @ManyToOne(() => Party)
  @JoinColumn({ name: 'party_id', foreignKeyConstraintName: 'fk_notification_event_party' })
  party?: Party;

  @Column({ type: 'text' })
  subjectKind: NotificationSubjectKind;

  @Column({ type: 'uuid' })
  subjectId: string;

  /** The key people quote (`AVV-2026-00042`); it leads every e-mail subject. */
  @Column({ type: 'text' })
  subjectKey: string;

  @Column({ type: 'text' })
  subjectTitle: string;

  @Column({ type: 'jsonb', default: () => "'{}'" })
  data: NotificationData;

  /** The reporter contacts of the subject, as they were when the event happened. */
  @Column({ type: 'jsonb', default: () => "'[]'" })
  contacts: NotificationContact[];

  /**
   * When the worker fixed who gets this event (one delivery row each). Recipients are decided once, so a replay
   * days later re-sends to the same people instead of mailing users who joined since.
   */
  @Column({ type: 'timestamptz', nullable: true })
  recipientsResolvedAt: Date | null;

  /** Millisecond precision, like JavaScript dates, so a keyset cursor never skips a row. */
  @CreateDateColumn({ type: 'timestamptz', precision: 3 })
  createdAt: Date;
}
