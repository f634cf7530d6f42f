import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * A public subscribe request as it arrived, before anything is known of the address: the worker turns it into a
 * pending subscription and a confirmation e-mail (or nothing), so the answer and its timing are the same whatever
 * the address's state. Rows count towards the per-address limit and are deleted once handled or after a day.
 */
@Entity({ name: 'drift_subscribe_request' })
@Index('ix_drift_subscribe_request_email', ['email', 'createdAt'])
export class DriftSubscribeRequest {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'text' })
  email: string;

  @Column({ type: 'varchar', length: 2 })
  language: 'sv' | 'en';

  @Column({ type: 'boolean' })
  outages: boolean;

  @Column({ type: 'boolean' })
  planned: boolean;

  @Column({ type: 'text', array: true, default: () => "'{}'", name: 'bastjanster' })
  bastjänster: string[];

  /** When the worker handled it; a retried or duplicated job finds it handled and sends nothing. */
  @Column({ type: 'timestamptz', nullable: true })
  handledAt: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
