import { Queue } from 'bullmq';
import { freePort } from '../../tools/stack/ports';
import type { RedisHandle } from '../../tools/stack/redis';
import { ClosingWorker } from '../../src/queues/closing-worker';
import { eventually } from '../support/eventually';
import { startScratchRedis } from '../support/scratch-redis';

jest.setTimeout(60_000);

/** What `close()` did within `ms`: returned, or is still waiting (BullMQ's own Worker waits for ever here). */
async function closeWithin(worker: ClosingWorker, ms: number): Promise<'closed' | 'still waiting'> {
  let timer: NodeJS.Timeout | undefined;
  const waited = new Promise<'still waiting'>((resolve) => (timer = setTimeout(() => resolve('still waiting'), ms)));
  const outcome = await Promise.race([worker.close().then(() => 'closed' as const), waited]);
  clearTimeout(timer);
  return outcome;
}

const blockingStatus = async (worker: ClosingWorker) =>
  (await (worker.backend as unknown as { blockingClient: Promise<{ status: string }> }).blockingClient).status;

/**
 * A worker process must stop on SIGTERM whatever Redis is doing: BullMQ's graceful close waits for an `end` event
 * that a connection stuck reconnecting never emits (bullmq#4656). Each case runs against a real redis-server of its
 * own (or none), so no other suite loses its Redis.
 */
describe(ClosingWorker.name, () => {
  let redis: RedisHandle | undefined;
  const workers: ClosingWorker[] = [];
  const queues: Queue[] = [];
  const workerOn = (url: string, processor: () => Promise<unknown> = async () => undefined) => {
    const worker = new ClosingWorker('closing-probe', processor, { connection: { url, maxRetriesPerRequest: null } });
    worker.on('error', () => undefined);
    workers.push(worker);
    return worker;
  };

  afterEach(async () => {
    await Promise.all(workers.splice(0).map((worker) => worker.close(true)));
    await Promise.all(queues.splice(0).map((queue) => queue.close()));
    await redis?.stop();
    redis = undefined;
  });

  it('should close within seconds when Redis was never reachable', async () => {
    const worker = workerOn(`redis://127.0.0.1:${await freePort()}`);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await closeWithin(worker, 5_000)).toBe('closed');
  });

  it('should close within seconds after its Redis was killed and the blocking connection is reconnecting', async () => {
    redis = await startScratchRedis('closing-worker');
    const worker = workerOn(redis.url);
    await worker.waitUntilReady();
    await eventually(async () => expect(await blockingStatus(worker)).toBe('ready'));
    await redis.halt('SIGKILL');
    await eventually(async () => expect(await blockingStatus(worker)).toMatch(/reconnecting|connecting|close/));
    expect(await closeWithin(worker, 5_000)).toBe('closed');
  });

  it('should still let the job in progress finish and record it when Redis is up', async () => {
    redis = await startScratchRedis('closing-worker');
    const queue = new Queue('closing-probe', { connection: { url: redis.url } });
    queues.push(queue);
    let started!: () => void;
    const running = new Promise<void>((resolve) => (started = resolve));
    const worker = workerOn(redis.url, async () => {
      started();
      await new Promise((resolve) => setTimeout(resolve, 1_500));
      return 'done';
    });
    const job = await queue.add('slow', {});
    await running;
    expect(await closeWithin(worker, 10_000)).toBe('closed');
    // A forced close would have left the job active, its outcome unrecorded, for the stalled check to run again.
    expect(await job.getState()).toBe('completed');
    expect((await queue.getJob(job.id!))?.returnvalue).toBe('done');
  });
  describe('when the close is forced because Redis is away', () => {
    /** A worker whose processor runs `ms` and says when it ended, its Redis killed while the job is running. */
    async function jobRunningWhenRedisDies(ms: number) {
      redis = await startScratchRedis('closing-worker');
      const queue = new Queue('closing-probe', { connection: { url: redis.url } });
      queue.on('error', () => undefined);
      queues.push(queue);
      let started!: () => void;
      const running = new Promise<void>((resolve) => (started = resolve));
      const processor = { ended: false };
      const worker = workerOn(redis.url, async () => {
        started();
        // Unref'd: a processor left running must not keep the test process alive.
        await new Promise((resolve) => setTimeout(resolve, ms).unref());
        processor.ended = true;
      });
      await queue.add('slow', {});
      await running;
      await redis.halt('SIGKILL');
      await eventually(async () => expect(await blockingStatus(worker)).toMatch(/reconnecting|connecting|close/));
      return { worker, processor };
    }

    it('should wait for the processor still running, so the job can record what it did before the pool closes', async () => {
      const { worker, processor } = await jobRunningWhenRedisDies(2_000);
      const outcome = await closeWithin(worker, 7_000);
      // BullMQ's forced close returns at once: the processor would still be half-way, its database pool about to close.
      expect({ outcome, processorEnded: processor.ended }).toEqual({ outcome: 'closed', processorEnded: true });
    });

    it('should stop waiting for a processor that does not end, within the SIGTERM deadline', async () => {
      const { worker, processor } = await jobRunningWhenRedisDies(60_000);
      expect({ outcome: await closeWithin(worker, 9_500), processorEnded: processor.ended }).toEqual({
        outcome: 'closed',
        processorEnded: false,
      });
    });
  });
});
