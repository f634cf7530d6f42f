import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** What happened that a party must be told about. Values are Swedish, as the parties read them. */
export enum NotificationType {
  AvvikelseInskickad = 'avvikelse_inskickad',
  StatusAndrad = 'status_ändrad',
  PrioritetAndrad = 'prioritet_ändrad',
  LosningSatt = 'lösning_satt',
  KommentarFranSkr = 'kommentar_från_skr',
  KompletteringBegard = 'komplettering_begärd',
  /** An SLA clock has used 75 % of its target (raised by the SLA scan). */
  SlaVarning = 'sla_varning',
  /** An SLA clock has passed its target. */
  SlaBrott = 'sla_brott',
}

export interface NotificationContact {
  name: string;
  email: string;
}

/**
 * One event to notify about, written in the same transaction as the change that caused it. It holds only what the
 * party may read: never internal notes, never SKR-only fields.
 */
@Entity({ name: 'notification_event' })
@Index('ix_notification_event_party', ['partyId', 'createdAt'])
export class NotificationEvent {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'text' })
  type: NotificationType;

  @Column({ type: 'uuid' })
  partyId: string;

  @Column({ type: 'text' })
  subjectKind: 'deviation' | 'declaration';

  @Column({ type: 'uuid' })
  subjectId: string;

  @Column({ type: 'text' })
  subjectKey: string;

  @Column({ type: 'text' })
  subjectTitle: string;

  @Column({ type: 'jsonb', default: () => "'{}'" })
  data: Record<string, string | number | null>;

  /** The reporter contacts of the subject, as they were when the event happened. */
  @Column({ type: 'jsonb', default: () => "'[]'" })
  contacts: NotificationContact[];

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
