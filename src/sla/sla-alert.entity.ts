import { Column, Entity, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Unique } from 'typeorm';
import { Deviation } from '../deviations/deviation.entity';

/** Which alert: three quarters of the target used, or the target passed. */
export type SlaAlertKind = 'varning' | 'brott';

/** Which of a deviation's two clocks. */
export type SlaClockName = 'response' | 'resolution';

/** An SLA alert already raised. The unique key is what makes the repeating scan notify once per clock and kind. */
@Entity({ name: 'sla_alert' })
@Unique('uq_sla_alert', ['deviationId', 'kind', 'clock'])
export class SlaAlert {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  deviationId: string;

  @ManyToOne(() => Deviation)
  @JoinColumn({ name: 'deviation_id', foreignKeyConstraintName: 'fk_sla_alert_deviation' })
  deviation?: Deviation;

  /** The deviation's reporting party when written; null for a deviation SKR registered itself. */
  @Column({ type: 'uuid', nullable: true })
  partyId: string | null;

  /**
   * For a warning, the responsible party it went to (null: before triage, to the reporter); a new responsible party is
   * warned again. Null for a breach, which goes to both sides once.
   */
  @Column({ type: 'uuid', nullable: true })
  responsiblePartyId: string | null;

  @Column({ type: 'text' })
  kind: SlaAlertKind;

  @Column({ type: 'text' })
  clock: SlaClockName;

  @Column({ type: 'timestamptz' })
  raisedAt: Date;
}
