import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { Deviation } from '../deviations/deviation.entity';
import { DriftAnnouncement } from './drift-announcement.entity';

/** A deviation the outage caused or that reports it. Visible exactly when the deviation is (row-level security). */
@Entity({ name: 'drift_outage_deviation' })
@Index('ix_drift_outage_deviation_deviation', ['deviationId'])
export class OutageDeviationLink {
  @PrimaryColumn({ type: 'uuid' })
  announcementId: string;

  @PrimaryColumn({ type: 'uuid' })
  deviationId: string;

  /** The party that attached its deviation; null when SKR linked it. */
  @Column({ type: 'uuid', nullable: true })
  linkedByPartyId: string | null;

  @ManyToOne(() => DriftAnnouncement)
  @JoinColumn({ name: 'announcement_id', foreignKeyConstraintName: 'fk_drift_outage_deviation_announcement' })
  announcement?: DriftAnnouncement;

  @ManyToOne(() => Deviation)
  @JoinColumn({ name: 'deviation_id', foreignKeyConstraintName: 'fk_drift_outage_deviation_deviation' })
  deviation?: Deviation;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
