import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Party } from '../parties/party.entity';

/** What happened that a party must be told about. Values are Swedish, as the parties read them. */
export enum NotificationType {
  /** The receipt: the deviation is registered under its key. */
  AvvikelseInskickad = 'avvikelse_inskickad',
  StatusAndrad = 'status_ändrad',
  PrioritetAndrad = 'prioritet_ändrad',
  LosningSatt = 'lösning_satt',
  KommentarFranSkr = 'kommentar_från_skr',
  KompletteringBegard = 'komplettering_begärd',
  /** An SLA clock has used most of its target (raised by the SLA scan). */
  SlaVarning = 'sla_varning',
  /** An SLA clock has passed its target. */
  SlaBrott = 'sla_brott',
  DeklarationInskickad = 'deklaration_inskickad',
  /** SKR's review decision on a self-declaration. */
  GranskningBeslutad = 'granskning_beslutad',
  /** The date by which a "godkänd med förbehåll" declaration must be fixed and re-tested is near. */
  ForbehallNarmarSig = 'förbehåll_närmar_sig',
}

export const NOTIFICATION_TYPES: readonly NotificationType[] = Object.values(NotificationType);

/** Decisions and breaches are always e-mailed: a party must not miss them because of a setting. */
export const MANDATORY_NOTIFICATION_TYPES: readonly NotificationType[] = [NotificationType.GranskningBeslutad, NotificationType.SlaBrott];

export type NotificationSubjectKind = 'deviation' | 'declaration';

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
@Check('ck_notification_event_subject_kind', `subject_kind IN ('deviation', 'declaration')`)
export class NotificationEvent {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'text' })
  type: NotificationType;

  @Column({ type: 'uuid' })
  partyId: string;

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
