import { Column, CreateDateColumn, Entity, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { DriftAnnouncement } from './drift-announcement.entity';

/** One published version of an announcement, whole, with the update text that went out with it. */
@Entity({ name: 'drift_announcement_version' })
export class DriftAnnouncementVersion {
  @PrimaryColumn({ type: 'uuid' })
  announcementId: string;

  @PrimaryColumn({ type: 'integer' })
  version: number;

  @Column({ type: 'text', nullable: true })
  messageSv: string | null;

  @Column({ type: 'text', nullable: true })
  messageEn: string | null;

  /** The announcement's fields as they stood in this version. */
  @Column({ type: 'jsonb' })
  snapshot: Record<string, unknown>;

  @Column({ type: 'text' })
  actorUserId: string;

  @ManyToOne(() => DriftAnnouncement)
  @JoinColumn({ name: 'announcement_id', foreignKeyConstraintName: 'fk_drift_announcement_version_announcement' })
  announcement?: DriftAnnouncement;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
