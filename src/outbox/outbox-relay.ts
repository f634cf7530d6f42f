import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Queue } from 'bullmq';
import { Gauge } from 'prom-client';
import { DataSource } from 'typeorm';
import { SYSTEM_SCOPE } from '../database/data-scope';
import { MetricsService } from '../metrics/metrics.service';
import { ScopedDb } from '../database/scoped-db';
import { QUEUE_NAMES } from '../queues/queue-names';
import { OutboxEvent, outboxJobId } from './outbox-event.entity';
import { type OutboxQueue } from './outbox.service';

const BATCH = 200;
const IDLE_POLL_MS = 100;

/**
 * Moves committed outbox rows to BullMQ. Rows are locked with SKIP LOCKED so several workers share the work; a row
 * is marked dispatched only after its job was added, in the same transaction, so a crash in between re-sends it
 * and BullMQ's job id (outboxJobId) makes the second add a no-op while the first job exists. Each job carries the row's trace
 * origin (`origin`, see JobOrigin in src/queues/queue-jobs.ts) beside its ids.
 */
@Injectable()
export class OutboxRelay implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(OutboxRelay.name);
  private readonly queues: Record<OutboxQueue, Queue>;
  private running = false;
  private loop: Promise<void> | undefined;

  constructor(
    private readonly db: ScopedDb,
    @InjectDataSource() private readonly dataSource: DataSource,
    @InjectQueue(QUEUE_NAMES.jiraSync) jiraSync: Queue,
    @InjectQueue(QUEUE_NAMES.notifications) notifications: Queue,
    metrics: MetricsService,
  ) {
    this.queues = { [QUEUE_NAMES.jiraSync]: jiraSync, [QUEUE_NAMES.notifications]: notifications };
    const oldestPending = () => this.oldestPendingSeconds();
    new Gauge({
      name: 'outbox_oldest_pending_seconds',
      help: 'Age of the oldest outbox row not yet handed to its queue (0 when none): the relay falling behind.',
      registers: [metrics.registry],
      async collect() {
        this.set(await oldestPending());
      },
    });
  }

  private async oldestPendingSeconds(): Promise<number> {
    const [row] = (await this.db.transaction(SYSTEM_SCOPE, (m) =>
      m.query(
        `SELECT coalesce(extract(epoch FROM now() - min(created_at)), 0)::float8 AS age FROM outbox_event WHERE dispatched_at IS NULL`,
      ),
    )) as { age: number }[];
    return row.age;
  }

  onApplicationBootstrap(): void {
    this.running = true;
    this.loop = this.run();
  }

  async onApplicationShutdown(): Promise<void> {
    this.running = false;
    await this.loop;
  }

  /** One pass: dispatches up to one batch and says how many rows it moved. */
  async dispatchBatch(): Promise<number> {
    return this.db.transaction(SYSTEM_SCOPE, async (manager) => {
      const rows = await manager
        .createQueryBuilder(OutboxEvent, 'o')
        .where('o.dispatched_at IS NULL')
        .orderBy('o.id', 'ASC')
        .limit(BATCH)
        .setLock('pessimistic_write')
        .setOnLocked('skip_locked')
        .getMany();
      if (rows.length === 0) return 0;
      const byQueue = new Map<Queue, OutboxEvent[]>();
      for (const row of rows) {
        const queue = this.queues[row.queue as OutboxQueue];
        if (!queue) {
          this.logger.error({ outboxId: row.id, queue: row.queue }, 'outbox row names an unknown queue');
          continue;
        }
        byQueue.set(queue, [...(byQueue.get(queue) ?? []), row]);
      }
      for (const [queue, events] of byQueue) {
        await queue.addBulk(
          events.map((e) => ({
            name: e.jobName,
            data:
              e.traceparent || e.requestId ? { ...e.payload, origin: { traceparent: e.traceparent, requestId: e.requestId } } : e.payload,
            opts: { jobId: outboxJobId(e) },
          })),
        );
      }
      await manager.query(`UPDATE outbox_event SET dispatched_at = now() WHERE id = ANY($1::bigint[])`, [rows.map((r) => r.id)]);
      return rows.length;
    });
  }

  private async run(): Promise<void> {
    while (this.running) {
      let moved = 0;
      try {
        moved = await this.dispatchBatch();
      } catch (error) {
        if (!this.running || !this.dataSource.isInitialized) break;
        this.logger.warn({ err: error }, 'outbox relay pass failed; retrying');
        await sleep(1000);
      }
      if (moved < BATCH) await sleep(IDLE_POLL_MS);
    }
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
