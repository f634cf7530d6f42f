import { Job, Worker } from 'bullmq';

/** How long a graceful close may look for the blocking connection before it treats Redis as unreachable. */
const BLOCKING_CLIENT_WAIT_MS = 1_000;

/**
 * How long a forced close waits for the processors still running. Under the processes' 10-s SIGTERM deadline
 * (process-lifecycle.ts), and longer than a job needs to record what it already did (an e-mail sent, a Jira call
 * answered) in the database once the work itself is done.
 */
const PROCESSOR_DRAIN_MS = 8_000;

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
 * next worker once its lock lapses. A forced close still waits a while for the processors themselves: BullMQ's own
 * forced close returns at once, the application then closes the database pool, and a job that had just sent an
 * e-mail could no longer record it — the next worker would send it again. Registered as `BullModule.workerClass`
 * in queues.module.ts.
 */
export class ClosingWorker extends Worker {
  private readonly processors = new Set<Promise<unknown>>();

  override async close(force = false): Promise<void> {
    if (!force && (await this.blockingConnectionReady())) return super.close(false);
    await super.close(true);
    await this.processorsSettled();
  }

  protected override callProcessJob(job: Job, token: string, signal?: AbortSignal): Promise<unknown> {
    const run = super.callProcessJob(job, token, signal);
    this.processors.add(run);
    const forget = () => this.processors.delete(run);
    run.then(forget, forget);
    return run;
  }

  private async processorsSettled(): Promise<void> {
    if (this.processors.size === 0) return;
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      Promise.allSettled([...this.processors]),
      new Promise((resolve) => (timer = setTimeout(resolve, PROCESSOR_DRAIN_MS))),
    ]);
    clearTimeout(timer);
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
