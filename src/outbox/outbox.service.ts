import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { JIRA_SYNC_QUEUE } from '../queues/jira-sync.queue';
import { NOTIFICATIONS_QUEUE } from '../queues/notifications.queue';
import type { QueueJob } from '../queues/queue-jobs';
import { currentTraceOrigin } from '../common/trace-context';

/** The queues the outbox relay feeds; the scans are scheduled by their workers, not emitted by changes. */
export type OutboxQueue = typeof JIRA_SYNC_QUEUE | typeof NOTIFICATIONS_QUEUE;

/** One job to emit once the change commits: a job of an outbox queue with its own payload type. */
export type OutboxMessage = QueueJob<OutboxQueue> & {
  /** Entity and intent, e.g. `push_<deviationId>`; see OutboxEvent.jobKey. */
  jobKey: string;
  partyId: string | null;
};

/** Records what must happen after a change, inside the change's own transaction (never a dual write). */
@Injectable()
export class OutboxService {
  /**
   * A plain INSERT without RETURNING: a party's transaction may append to the outbox but, by row-level security,
   * not read it back, and TypeORM's insert would ask for the generated id. The row keeps the caller's trace context
   * and request id for the job made of it.
   */
  async add(manager: EntityManager, ...messages: OutboxMessage[]): Promise<void> {
    if (messages.length === 0) return;
    const { traceparent, requestId } = currentTraceOrigin();
    const values: unknown[] = [traceparent, requestId];
    const rows = messages.map((m, i) => {
      values.push(m.queue, m.jobName, m.jobKey, JSON.stringify(m.payload), m.partyId);
      const o = 2 + i * 5;
      return `($${o + 1}, $${o + 2}, $${o + 3}, $${o + 4}::jsonb, $${o + 5}::uuid, $1, $2)`;
    });
    await manager.query(
      `INSERT INTO outbox_event (queue, job_name, job_key, payload, party_id, traceparent, request_id) VALUES ${rows.join(', ')}`,
      values,
    );
  }
}
