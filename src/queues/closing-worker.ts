import { Worker } from 'bullmq';

/** How long a graceful close may look for the blocking connection before it treats Redis as unreachable. */
const BLOCKING_CLIENT_WAIT_MS = 1_000;

/**
 * BullMQ's Worker, whose graceful close cannot hang on a Redis that is away.
 *
 * A graceful `close()` interrupts the worker's blocking BZPOPMIN by disconnecting that connection and waiting for
 * its `end` event. A connection that ioredis holds in `reconnecting` (Redis killed, restarted, unreachable) has no
 * socket to end, so the event never comes and `close()` never returns: the worker process ignores SIGTERM until its
 * 10-s deadline kills it, its database pool and outbox relay closed by nobody (bullmq#4656 and #4065, open).
 *
 * So a graceful close runs only while the blocking connection is `ready`. Otherwise the close is forced: no job in
 * progress can record its outcome in an unreachable Redis anyway, and BullMQ's stalled-job check gives it to the
 * next worker once its lock lapses. Registered as `BullModule.workerClass` in queues.module.ts.
 */
export class ClosingWorker extends Worker {
  override async close(force = false): Promise<void> {
    if (force || !(await this.blockingConnectionReady())) return super.close(true);
    return super.close(false);
  }

  private async blockingConnectionReady(): Promise<boolean> {
    const backend = this.backend as unknown as { blockingClient?: Promise<{ status?: string }> };
    if (!backend.blockingClient) return true;
    let timer: NodeJS.Timeout | undefined;
    // The client itself is a promise that never settles while the first connection is still being made.
    const client = await Promise.race([
      backend.blockingClient.catch(() => undefined),
      new Promise<undefined>((resolve) => (timer = setTimeout(() => resolve(undefined), BLOCKING_CLIENT_WAIT_MS))),
    ]);
    clearTimeout(timer);
    return client?.status === 'ready';
  }
}
