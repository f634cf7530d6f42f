// Measuring a load on the running stack: autocannon from this process, latency percentiles, and the CPU time the API
// and PostgreSQL spend per request (from /proc), which says where a missed target's time goes.
import autocannon from 'autocannon';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Pool } from 'pg';

export const DURATION_S = Number(process.env.BENCH_DURATION ?? 5);

export interface Latency {
  p50: number;
  p95: number;
  p99: number;
}

export function percentiles(samples: number[]): Latency {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (p: number) => Math.round(sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] * 100) / 100;
  return { p50: at(50), p95: at(95), p99: at(99) };
}

export function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Math.round(Number(/VmRSS:\s+(\d+)/.exec(status)![1]) / 1024);
}

/** A process's parent pid and the CPU time (user + system) it has used, in ms, from /proc/<pid>/stat. */
function procStat(pid: number | string): { parent: number; cpuMs: number } {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return { parent: Number(fields[1]), cpuMs: ((Number(fields[11]) + Number(fields[12])) * 1000) / 100 }; // clock ticks, USER_HZ = 100
}

export const cpuMs = (pid: number) => procStat(pid).cpuMs;

/** CPU time of each PostgreSQL process (the postmaster's children), in ms, by pid. */
function postgresCpuMs(dataDir: string): Map<number, number> {
  const postmaster = Number(readFileSync(join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
  const byPid = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = procStat(entry);
      if (stat.parent === postmaster) byPid.set(Number(entry), stat.cpuMs);
    } catch {
      // the process ended while we looked
    }
  }
  return byPid;
}

/** What PostgreSQL's processes used between two readings; one that started in between counts from zero. */
function postgresCpuSince(before: Map<number, number>, dataDir: string): number {
  let used = 0;
  for (const [pid, ms] of postgresCpuMs(dataDir)) used += ms - (before.get(pid) ?? 0);
  return used;
}

/** The processes whose CPU time a load is charged with. */
export const measured = { apiPid: 0, pgDataDir: '' };

/**
 * Loads `url` from `connections` concurrent clients. With `users`, each request carries the next of their tokens in
 * turn: many reporters writing, as in production, each within the per-user write limit.
 */
export async function load(
  url: string,
  connections: number,
  init: { method?: 'GET' | 'POST'; headers?: Record<string, string>; body?: string; users?: string[]; seconds?: number },
) {
  const { users, seconds = DURATION_S, ...request } = init;
  let turn = 0;
  const rotate = users
    ? {
        requests: [
          {
            setupRequest: (r: { headers?: Record<string, string> }) => ({
              ...r,
              headers: { ...r.headers, authorization: `Bearer ${users[turn++ % users.length]}` },
            }),
          },
        ],
      }
    : {};
  const [apiCpu, pgCpu] = [cpuMs(measured.apiPid), postgresCpuMs(measured.pgDataDir)];
  // Every answer's time, for a true p95 (autocannon's summary has p97.5 next to p99, not p95).
  const times: number[] = [];
  const result = await new Promise<autocannon.Result>((done, fail) => {
    const options = { url, connections, duration: seconds, ...request, ...rotate } as autocannon.Options;
    autocannon(options, (error: unknown, finished) => (error ? fail(error as Error) : done(finished))).on(
      'response',
      (_client, _status, _bytes, responseTime) => times.push(responseTime),
    );
  });
  const perRequest = (ms: number) => Math.round((ms / Math.max(1, times.length)) * 100) / 100;
  const cpuPerRequestMs = {
    api: perRequest(cpuMs(measured.apiPid) - apiCpu),
    postgres: perRequest(postgresCpuSince(pgCpu, measured.pgDataDir)),
  };
  const drainMs = await drain(new URL(url).origin);
  return {
    connections,
    // Where a request's time goes on these 2 cores: the API's own CPU and PostgreSQL's, per request.
    cpuPerRequestMs,
    requestsPerSecond: Math.round(times.length / seconds),
    latencyMs: times.length ? percentiles(times) : { p50: NaN, p95: NaN, p99: NaN },
    answered: times.length,
    non2xx: result.non2xx,
    // Which answers the non-2xx were (a 503 is the pool or the database's patience, a 429 a limit, a 302 the login).
    statusCodes: Object.fromEntries(Object.entries(result.statusCodeStats ?? {}).map(([code, stat]) => [code, stat.count ?? 0])),
    errors: result.errors,
    timeouts: result.timeouts,
    drainMs,
  };
}

/**
 * Waits until the API answers a readiness probe (a database ping through its pool) quickly again. autocannon stops
 * sending at the end of a step, not the API working: slow requests still in flight would otherwise hold the pool
 * during the next step and be charged to it. Returns how long that took: long means the step left a queue behind.
 */
async function drain(origin: string): Promise<number> {
  const started = performance.now();
  while (performance.now() - started < 60_000) {
    const probe = performance.now();
    const answer = await fetch(`${origin}/health/ready`).catch(() => null);
    if (answer?.ok && performance.now() - probe < 250) break;
    await new Promise((r) => setTimeout(r, 50));
  }
  return Math.round(performance.now() - started);
}

/**
 * Waits until the worker and PostgreSQL are quiet (under QUIET_MS of CPU in each of two consecutive seconds, together),
 * for at most `maxMs`, and returns how long that took. A phase measured while the worker still works off the previous
 * phase's burst (its notifications, its outbox, a scan) charges that work to the phase's requests.
 */
export async function settle(workerPid: number, maxMs = 180_000): Promise<number> {
  const QUIET_MS = 100;
  const started = performance.now();
  let quietSeconds = 0;
  while (quietSeconds < 2 && performance.now() - started < maxMs) {
    const [worker, postgres] = [cpuMs(workerPid), postgresCpuMs(measured.pgDataDir)];
    await new Promise((r) => setTimeout(r, 1000));
    const used = cpuMs(workerPid) - worker + postgresCpuSince(postgres, measured.pgDataDir);
    quietSeconds = used < QUIET_MS ? quietSeconds + 1 : 0;
  }
  return Math.round(performance.now() - started);
}

/** The same INSERT the API does for a draft, straight through a pool of the same size, at the same concurrency. */
export async function rawInsert(pool: Pool, partyId: string, connections: number) {
  const latencies: number[] = [];
  const deadline = Date.now() + DURATION_S * 1000;
  let count = 0;
  await Promise.all(
    Array.from({ length: connections }, async () => {
      while (Date.now() < deadline) {
        const started = performance.now();
        await pool.query(
          `INSERT INTO deviation (key, party_id, reporter_user_id, rubrik, kontaktpersoner, version)
           VALUES ((SELECT 'AVV-' || to_char(now(), 'YYYY') || '-' || lpad(n::text, greatest(5, length(n::text)), '0') FROM (SELECT nextval('deviation_key_seq') AS n) s), $1, 'bench', 'Rå insättning', '[]', 1)
           RETURNING id`,
          [partyId],
        );
        latencies.push(performance.now() - started);
        count++;
      }
    }),
  );
  return { connections, requestsPerSecond: Math.round(count / DURATION_S), latencyMs: percentiles(latencies) };
}

export async function rawSelect(pool: Pool, partyId: string, sql: string) {
  const latencies: number[] = [];
  const deadline = Date.now() + DURATION_S * 1000;
  let count = 0;
  await Promise.all(
    Array.from({ length: 10 }, async () => {
      while (Date.now() < deadline) {
        const started = performance.now();
        await pool.query(sql, [partyId]);
        latencies.push(performance.now() - started);
        count++;
      }
    }),
  );
  return { connections: 10, requestsPerSecond: Math.round(count / DURATION_S), latencyMs: percentiles(latencies) };
}
