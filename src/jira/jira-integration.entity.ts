import { Column, Entity, PrimaryColumn } from 'typeorm';

/** The integration as a whole (one row): paused after Jira refused our credentials, and the sweep's watermark. */
@Entity({ name: 'jira_integration' })
export class JiraIntegration {
  @PrimaryColumn({ type: 'smallint', default: 1 })
  id: number;

  @Column({ type: 'boolean', default: false })
  paused: boolean;

  @Column({ type: 'text', nullable: true })
  pausedReason: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  pausedAt: Date | null;

  /** The sweep reads issues updated since this, minus a margin. */
  @Column({ type: 'timestamptz', nullable: true })
  reconcileWatermark: Date | null;

  @Column({ type: 'bigint', default: 0 })
  repairs: string;
}
