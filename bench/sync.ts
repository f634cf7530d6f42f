// Sync latency both ways and sync throughput against Jira's rate limit, through the simulator.
import type { JiraSimulator } from '../jira-simulator/simulator';
import { percentiles } from './measure';
import type { BenchDoc } from './summary';

/** Jira's budget per endpoint and second in the throughput run, and the backlog pushed against it. */
const SYNC_LIMIT = Number(process.env.BENCH_SYNC_LIMIT ?? 10);
const SYNC_BACKLOG = Number(process.env.BENCH_SYNC_BACKLOG ?? 150);
/** Deviations timed one by one through the sync, both ways. */
const SYNC_SAMPLES = Number(process.env.BENCH_SYNC_SAMPLES ?? 20);

export async function syncPhase(
  sim: JiraSimulator,
  base: string,
  headers: Record<string, string>,
  completeBody: (i: number) => object,
): Promise<Pick<BenchDoc, 'syncLatencyMs' | 'syncThroughput'>> {
  // Sync latency: submit → the issue exists in the simulator; Jira change → visible to the party.
  const submitToIssue: number[] = [];
  const jiraToParty: number[] = [];
  // The portal phase's deviation has its issue too: count only the ones made here.
  const issuesBefore = sim.admin.counts().total;
  for (let i = 0; i < SYNC_SAMPLES; i++) {
    const created = (await (
      await fetch(`${base}/api/v1/deviations`, { method: 'POST', headers, body: JSON.stringify(completeBody(i)) })
    ).json()) as { id: string };
    const started = performance.now();
    await fetch(`${base}/api/v1/deviations/${created.id}/submit`, { method: 'POST', headers });
    await poll(async () => sim.admin.issues({ label: `avvikelse-${created.id}` }).length === 1);
    submitToIssue.push(performance.now() - started);
    const key = sim.admin.issues({ label: `avvikelse-${created.id}` })[0].key;
    await sim.admin.settleWebhooks();
    const changed = performance.now();
    sim.admin.transition(key, 'Under utredning');
    await poll(
      async () =>
        ((await (await fetch(`${base}/api/v1/deviations/${created.id}`, { headers })).json()) as { status: string }).status ===
        'under_utredning',
    );
    jiraToParty.push(performance.now() - changed);
  }
  const syncLatencyMs = {
    submitToIssue: percentiles(submitToIssue),
    jiraChangeToParty: percentiles(jiraToParty),
    issues: sim.admin.counts().total - issuesBefore,
    deviations: SYNC_SAMPLES,
    duplicates: 0,
  };
  console.log(`sync: submit→issue p50 ${percentiles(submitToIssue).p50} ms; Jira→party p50 ${percentiles(jiraToParty).p50} ms`);

  // Sync throughput: a backlog of submitted deviations against Jira's per-endpoint budget. Issue creation is one
  // endpoint, so the best possible is SYNC_LIMIT issues a second.
  sim.admin.setRateLimit({ perSecond: SYNC_LIMIT });
  const backlog: string[] = [];
  for (let i = 0; i < SYNC_BACKLOG; i++) {
    const created = (await (
      await fetch(`${base}/api/v1/deviations`, { method: 'POST', headers, body: JSON.stringify(completeBody(1000 + i)) })
    ).json()) as { id: string };
    backlog.push(created.id);
  }
  const before = sim.admin.counts().total;
  // Timed from the first issue to the last: the steady rate the worker keeps against the limit, without the time
  // the 150 submits themselves take to arrive.
  let firstIssueAt = 0;
  const submits = Promise.all(backlog.map((id) => fetch(`${base}/api/v1/deviations/${id}/submit`, { method: 'POST', headers })));
  await poll(async () => {
    const made = sim.admin.counts().total - before;
    if (made > 0 && firstIssueAt === 0) firstIssueAt = performance.now();
    return made >= SYNC_BACKLOG;
  }, 120_000);
  await submits;
  const seconds = (performance.now() - firstIssueAt) / 1000;
  const perIssue = backlog.map((id) => sim.admin.issues({ label: `avvikelse-${id}` }).length);
  const issuesPerSecond = Math.round(((SYNC_BACKLOG - 1) / seconds) * 10) / 10;
  const syncThroughput = {
    limitPerSecond: SYNC_LIMIT,
    deviations: SYNC_BACKLOG,
    seconds: Math.round(seconds * 10) / 10,
    issuesPerSecond,
    shareOfLimit: Math.round((issuesPerSecond / SYNC_LIMIT) * 100) / 100,
    duplicates: perIssue.filter((n) => n > 1).length,
    missing: perIssue.filter((n) => n === 0).length,
    rateLimitedAnswers: sim.admin.stats().faults.rateLimited,
  };
  if (process.env.BENCH_DEBUG) console.log(JSON.stringify(sim.admin.stats().requests));
  sim.admin.setRateLimit(null);
  console.log(`sync throughput: ${issuesPerSecond} issues/s at a limit of ${SYNC_LIMIT}/s`);
  return { syncLatencyMs, syncThroughput };
}

async function poll(check: () => Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 10));
  }
}
