import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { Party } from '../parties/party.entity';

/** An unplanned outage (UC §4.6.3) or a planned change in a service window (UC §4.6.1). */
export type AnnouncementKind = 'driftstorning' | 'planerad_andring';
/** `pagaende` ongoing, `planerad` a window not begun, `avslutad` resolved or done, `installd` a window called off. */
export type AnnouncementStatus = 'pagaende' | 'planerad' | 'avslutad' | 'installd';
/** An outage's severity; `allvarlig` starts the serious-incident routine (UC ch. 6). */
export type Severity = 'lag' | 'medel' | 'hog' | 'allvarlig';

/**
 * The current state of an announcement; every version is also kept whole in drift_announcement_version. Which fields
 * the public sees is decided by public-announcement.ts, never by this class.
 */
@Entity({ name: 'drift_announcement' })
@Index('ix_drift_announcement_starts', ['startsAt'])
@Check('ck_drift_announcement_kind', `kind IN ('driftstorning', 'planerad_andring')`)
@Check('ck_drift_announcement_status', `status IN ('pagaende', 'planerad', 'avslutad', 'installd')`)
@Check('ck_drift_announcement_severity', `severity IN ('lag', 'medel', 'hog', 'allvarlig')`)
@Check('ck_drift_announcement_affects', `central_component OR cardinality(bastjanster) > 0`)
export class DriftAnnouncement {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'text' })
  kind: AnnouncementKind;

  @Column({ type: 'text' })
  status: AnnouncementStatus;

  /** The party that published it; null when SKR did. Only it (and SKR) may change it. */
  @Column({ type: 'uuid', nullable: true })
  ownerPartyId: string | null;

  /** The central component of SSBTEK (the Driftleverantör's) is affected. */
  @Column({ type: 'boolean', default: false })
  centralComponent: boolean;

  @Column({ type: 'text', array: true, default: () => "'{}'", name: 'bastjanster' })
  bastjänster: string[];

  @Column({ type: 'text' })
  titleSv: string;

  @Column({ type: 'text', nullable: true })
  titleEn: string | null;

  /** What users notice, in plain Swedish. */
  @Column({ type: 'text' })
  impactSv: string;

  @Column({ type: 'text', nullable: true })
  impactEn: string | null;

  @Column({ type: 'text', nullable: true })
  severity: Severity | null;

  /** How many producing agencies still answer during an outage (UC §4.9: 3 or more is "tillgänglig med störning"). */
  @Column({ type: 'smallint', nullable: true })
  answeringAgencies: number | null;

  @Column({ type: 'timestamptz' })
  startsAt: Date;

  /** The expected end of an outage, or the planned end of a window as it stands now. */
  @Column({ type: 'timestamptz', nullable: true })
  expectedEndAt: Date | null;

  /** A window's end as announced per routine: moved only by an extension announced before it had passed. */
  @Column({ type: 'timestamptz', nullable: true })
  announcedEndAt: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  endedAt: Date | null;

  /** A planned change that is part of a release (no notice rule, UC §4.6.4). */
  @Column({ type: 'boolean', default: false })
  release: boolean;

  /** A change of LEFI's content, announced two months ahead (seed 002 §3.1). */
  @Column({ type: 'boolean', default: false })
  contentChange: boolean;

  /** Why a planned change goes ahead with less notice than its agreement asks; null when the notice was kept. */
  @Column({ type: 'text', nullable: true })
  noticeExceptionReason: string | null;

  /** Internal: never public. */
  @Column({ type: 'text', nullable: true })
  cause: string | null;

  /** Internal: never public. */
  @Column({ type: 'text', nullable: true })
  actionPlan: string | null;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  publishedAt: Date;

  /** When the last version went out: the serious-incident reminder counts from here. */
  @Column({ type: 'timestamptz', default: () => 'now()' })
  lastUpdateAt: Date;

  /** When SKR was last reminded that this serious outage had no update for a while (DRIFTINFO_SERIOUS_REMINDER_MINUTES). */
  @Column({ type: 'timestamptz', nullable: true })
  remindedAt: Date | null;

  @Column({ type: 'integer' })
  version: number;

  @ManyToOne(() => Party)
  @JoinColumn({ name: 'owner_party_id', foreignKeyConstraintName: 'fk_drift_announcement_owner' })
  ownerParty?: Party;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
