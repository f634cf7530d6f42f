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

  /** The entity and intent (`push_<deviationId>`); the BullMQ job id is built from it (outboxJobId). */
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

/**
 * The BullMQ job id of a row (BullMQ refuses `:` in custom ids): unique per change, so no change is lost behind a
 * running job, and a re-dispatch of the same row collapses into the same job. The row's creation time is part of it
 * because outbox ids can come round again while Redis still remembers their jobs (a database restored from a backup,
 * a test truncating with RESTART IDENTITY), and BullMQ takes a new job with a finished job's id for a duplicate and
 * drops it without a word.
 */
export function outboxJobId(row: Pick<OutboxEvent, 'jobKey' | 'id' | 'createdAt'>): string {
  return `${row.jobKey}_${row.id}_${row.createdAt.getTime()}`;
}
