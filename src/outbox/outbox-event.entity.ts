import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * Something that must happen because of a committed change (sync to Jira, notify someone), written in the same
 * transaction as the change. The relay in the worker moves undispatched rows to their BullMQ queue.
 */
@Entity({ name: 'outbox_event' })
@Index('ix_outbox_event_pending', ['id'], { where: 'dispatched_at IS NULL' })
export class OutboxEvent {
  @PrimaryGeneratedColumn('identity', { type: 'bigint', generatedIdentity: 'ALWAYS' })
  id: string;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  createdAt: Date;

  @Column({ type: 'text' })
  queue: string;

  @Column({ type: 'text' })
  jobName: string;

  /**
   * The entity and intent (`push_<deviationId>`). The BullMQ job id is `<jobKey>_<outbox id>` (BullMQ refuses `:` in custom ids): unique per change,
   * so no change is lost behind a running job, and a re-dispatch of the same row collapses into the same job.
   */
  @Column({ type: 'text' })
  jobKey: string;

  /** Ids only: the job re-reads the database, which is the truth. */
  @Column({ type: 'jsonb' })
  payload: Record<string, unknown>;

  @Column({ type: 'uuid', nullable: true })
  partyId: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  dispatchedAt: Date | null;

  /** The W3C trace context of the change that wrote the row; the job's span continues that trace. */
  @Column({ type: 'text', nullable: true })
  traceparent: string | null;

  /** The request whose change wrote the row; the job runs under it (logs, audit lines, the outbox rows it writes). */
  @Column({ type: 'text', nullable: true })
  requestId: string | null;
}
