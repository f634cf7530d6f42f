import { getQueueToken } from '@nestjs/bullmq';
import type { INestApplicationContext } from '@nestjs/common';
import type { Queue } from 'bullmq';
import type { JiraSimulator } from '../../jira-simulator/simulator';
import { JIRA_SYNC_QUEUE, JiraSyncJob } from '../../src/queues/jira-sync.queue';
import { ownerDb } from './database';
import { eventually } from './eventually';

/**
 * Waits until nothing of the sync is left to run: every webhook delivered, every outbox row relayed, the jira-sync
 * queue empty. A pull job still pending would read the issue as it is when it runs — and pick up a later change by
 * itself. A job that finds its deviation locked waits and tries again while the lock holder finishes its Jira calls
 * (retried with backoff): on a loaded machine that chain can outlast the default 15 s, hence 40 s.
 *
 * The webhooks are settled around each look, not only before the first: a job's Jira write makes the simulator send
 * a webhook that is still on its way when the job has finished, and its pull would start after the queue looked
 * empty. A look counts only when no webhook was sent, retried or answered while it was taken.
 */
export async function waitForSyncIdle(sim: JiraSimulator, worker: INestApplicationContext): Promise<void> {
  const queue = worker.get<Queue>(getQueueToken(JIRA_SYNC_QUEUE), { strict: false });
  // Every counter: a delivery that had started before the look and ends during it changes `delivered` or `failed`.
  const webhookTraffic = () => JSON.stringify(sim.admin.stats().webhooks);
  await eventually(async () => {
    await sim.admin.settleWebhooks();
    const before = webhookTraffic();
    const [{ pending }] = (await (
      await ownerDb()
    ).query(`SELECT count(*)::int AS pending FROM outbox_event WHERE dispatched_at IS NULL`)) as { pending: number }[];
    // The sweep's next run is always waiting as a delayed job; nothing else may be. The counts are read in one call
    // (one Redis script): read one state after another, a job moving from delayed to active in between was in
    // neither, and the sync looked idle while it ran (a comment's push seen starting 3 ms before "idle").
    const sweeps = (await queue.getDelayed()).filter((job) => job.name === JiraSyncJob.Reconcile).length;
    const counts = await queue.getJobCounts('waiting', 'active', 'prioritized', 'delayed');
    expect({ pending, ...counts, delayed: counts.delayed - sweeps }).toEqual({
      pending: 0,
      waiting: 0,
      active: 0,
      delayed: 0,
      prioritized: 0,
    });
    await sim.admin.settleWebhooks();
    expect(webhookTraffic()).toBe(before);
  }, 40_000);
}
