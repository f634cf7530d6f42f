// `npm run bench`: starts the real stack (PostgreSQL, Redis, Jira simulator, API and worker processes), loads it from
// this process on loopback, and writes bench/results/<time>.json and bench/results/summary.md. Machines here are
// shared and noisy, so every figure stands next to a ratio measured in the same run.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { Pool } from 'pg';
import { startJiraSimulator } from '../jira-simulator/simulator';
import { DevIssuer } from '../src/auth/dev-issuer';
import { migrate } from '../tools/migrate';
import { API_NODE_FLAGS, SERVICE_NODE_FLAGS } from '../tools/stack/node-flags';
import { freePort, waitForPort } from '../tools/stack/ports';
import { ensureDatabase, startPostgres } from '../tools/stack/postgres';
import { startRedis } from '../tools/stack/redis';
import { explainHotQueries } from './explain';
import { seedAlertHistory } from './history';
import { DURATION_S, load, measured, rawInsert, rawSelect, rssMb, settle } from './measure';
import { BENCH_QUEUE_PREFIX, portalPhase as loadPortal, seedDetailDeviation, seedPortalSession } from './portal';
import { PARTIES, responsibleSpread, seedDeviations, seedParties } from './seed';
import { type BenchDoc, summary } from './summary';
import { syncPhase } from './sync';

const ROOT = resolve(__dirname, '..', '..');
const ROWS = Number(process.env.BENCH_ROWS ?? 1_000_000);
const SECRET = 'bench-webhook-secret-0123456789';
/** Reporters of the loaded party the creates come from, in turn. */
const REPORTERS = 200;
const EVERY_PHASE = ['create', 'read', 'portal', 'sync'];
/** While working on one figure: `BENCH_PHASES=create` (or `read`, `portal`, `sync`) runs only those and writes no files. */
const PHASES = new Set((process.env.BENCH_PHASES ?? EVERY_PHASE.join(',')).split(','));
const ALL_PHASES = EVERY_PHASE.every((p) => PHASES.has(p));
/** Where the results go: bench/results, or elsewhere for the smoke test (test/integration/bench-smoke.spec.ts). */
const OUT_DIR = process.env.BENCH_OUT ?? join(ROOT, 'bench', 'results');
/** The warm-up before the first create step: the JIT, the pools, each reporter's first token check. */
const WARM_UP_S = Math.min(3, DURATION_S);
/** A directory to write V8 CPU profiles of the API and worker into (`--cpu-prof`), for explaining a missed target. */
const PROFILE_DIR = process.env.BENCH_PROFILE;

const results: Record<string, unknown> = {};
const children: ChildProcess[] = [];

function startProcess(script: string, env: NodeJS.ProcessEnv): ChildProcess {
  const profile = PROFILE_DIR ? ['--cpu-prof', `--cpu-prof-dir=${resolve(PROFILE_DIR)}`] : [];
  const flags = script === 'src/main.js' ? [...SERVICE_NODE_FLAGS, ...API_NODE_FLAGS] : SERVICE_NODE_FLAGS;
  const child = spawn(process.execPath, [...flags, ...profile, join(ROOT, 'dist', script)], {
    env,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  children.push(child);
  return child;
}

async function main(): Promise<void> {
  const loadAtStart = loadavg();
  const dir = mkdtempSync(join(tmpdir(), 'avvikelse-bench-'));
  const pgDataDir = join(dir, 'pg');
  const postgres = await startPostgres({ dataDir: pgDataDir, persistent: false, fast: true });
  const redis = await startRedis({ dir: join(dir, 'redis'), persistent: false });
  const ownerUrl = postgres.url('avvikelse_bench');
  try {
    await ensureDatabase(postgres.url('postgres'), 'avvikelse_bench');
    await migrate(ownerUrl);
    const owner = new Pool({ connectionString: ownerUrl, max: 10 });
    const partyIds = await seedParties(owner);
    const partyId = partyIds[0];
    // The party the reads are measured for: the create phase piles its rows onto partyIds[0], and the Zipf table makes
    // this one the party most deviations concern (bench/seed.ts).
    const readerId = partyIds[1];

    console.log(`seeding ${ROWS} deviations over ${PARTIES} parties…`);
    const seedStart = Date.now();
    await seedDeviations(owner, partyIds, ROWS);
    const alerts = await seedAlertHistory(owner, new Date());
    // As a production database is: the bulk-loaded tables vacuumed (hint bits set, the visibility map current) and
    // analysed. Left to autovacuum, it worked through 1 M rows while the reads were measured.
    await owner.query('VACUUM (ANALYZE) deviation, sla_alert');
    results.seed = {
      rows: ROWS,
      parties: PARTIES,
      alerts,
      seconds: Math.round((Date.now() - seedStart) / 1000),
      responsible: await responsibleSpread(owner, readerId),
    };

    const port = await freePort();
    const sim = await startJiraSimulator({ webhookUrl: `http://127.0.0.1:${port}/webhooks/jira`, webhookSecret: SECRET });
    const keyFile = join(dir, 'dev-key.json');
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      // Production mode refuses the dev issuer; `test` runs the API exactly as production but for that.
      NODE_ENV: 'test',
      AUTH_MODE: 'dev',
      PORT: String(port),
      PUBLIC_BASE_URL: `http://127.0.0.1:${port}`,
      DATABASE_URL: ownerUrl,
      REDIS_URL: redis.url,
      // Set, not inherited: the portal phase writes sessions under it (and a test runner's own prefix must not leak in).
      QUEUE_PREFIX: BENCH_QUEUE_PREFIX,
      LOG_LEVEL: 'warn',
      DEV_ISSUER_KEY_FILE: keyFile,
      JIRA_BASE_URL: sim.url,
      JIRA_WEBHOOK_SECRET: SECRET,
      // The simulator's search has no index lag to wait out after a lost create.
      JIRA_SEARCH_LAG_MS: '0',
      // The load comes from REPORTERS users; the limit only must not bind (the default is 120 writes a minute each).
      THROTTLE_WRITE_LIMIT: '100000',
      THROTTLE_READ_LIMIT: '10000000',
      ATTACHMENTS_DIR: join(dir, 'attachments'),
    };
    const api = startProcess('src/main.js', env);
    Object.assign(measured, { apiPid: api.pid!, pgDataDir });
    const worker = startProcess('src/worker.js', env);
    // Generous: with other work on the machine the API's boot has taken more than 30 s.
    await waitForPort(port, 120_000);
    const issuer = await DevIssuer.load(keyFile, `http://127.0.0.1:${port}/dev-issuer`);
    const token = await issuer.mint({ subject: 'bench', partyId, roles: ['reporter'] }, 'avvikelse-api', 'party_id', 'roles');
    const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
    const reporters = await Promise.all(
      Array.from({ length: REPORTERS }, (_, i) =>
        issuer.mint({ subject: `bench-${i}`, partyId, roles: ['reporter'] }, 'avvikelse-api', 'party_id', 'roles'),
      ),
    );
    const base = `http://127.0.0.1:${port}`;
    await new Promise((r) => setTimeout(r, 1000));
    results.memoryAtRestMb = { api: rssMb(api.pid!), worker: rssMb(worker.pid!) };

    const body = JSON.stringify({
      rubrik: 'Bench: timeout mot CSN',
      utfall: 'Svar saknas',
      kravreferens: 'SLA 4.8.1',
      påverkan: 2,
      tidpunkt: 3,
    });
    const create: unknown[] = [];
    const appPool = new Pool({ connectionString: ownerUrl, max: 10 });
    // Warm-up, not recorded: the JIT, the pools, each reporter's first token check. A cold first step measured the
    // compiler more than the service.
    if (PHASES.has('create'))
      await load(`${base}/api/v1/deviations`, 50, { method: 'POST', headers, body, users: reporters, seconds: WARM_UP_S });
    for (const connections of PHASES.has('create') ? [10, 50, 100] : []) {
      const api100 = await load(`${base}/api/v1/deviations`, connections, { method: 'POST', headers, body, users: reporters });
      const raw = await rawInsert(appPool, partyId, connections);
      const { cpuPerRequestMs } = api100;
      create.push({
        connections,
        api: api100,
        rawInsert: raw,
        ratio: Math.round((api100.requestsPerSecond / raw.requestsPerSecond) * 100) / 100,
      });
      console.log(
        `create @${connections}: api ${api100.requestsPerSecond}/s p99 ${api100.latencyMs.p99} ms (CPU/request: API ${cpuPerRequestMs.api} ms, PostgreSQL ${cpuPerRequestMs.postgres} ms); raw ${raw.requestsPerSecond}/s`,
      );
    }
    results.createDeviation = create;
    results.memoryUnderLoadMb = { api: rssMb(api.pid!), worker: rssMb(worker.pid!) };
    // The create phase added ~70,000 rows in 15 s, far past any production rate: they are vacuumed as the seed was,
    // and the worker finishes what they caused, before the next phase is measured (each wait is reported).
    const settledMs: Record<string, number> = {};
    const settleBefore = async (phase: string) => {
      if (PHASES.has('create')) await owner.query('VACUUM (ANALYZE) deviation');
      settledMs[phase] = await settle(worker.pid!);
    };
    results.settledMs = settledMs;
    if (PHASES.has('read')) {
      await settleBefore('read');
      await readPhase();
    }
    if (PHASES.has('portal')) {
      await settleBefore('portal');
      await portalPhase();
    }
    if (PHASES.has('sync')) Object.assign(results, await syncPhase(sim, base, headers, completeBody));
    await appPool.end();
    await owner.end();
    await sim.stop();

    async function readerAuthorization(): Promise<Record<string, string>> {
      const readerToken = await issuer.mint(
        { subject: 'bench-reader', partyId: readerId, roles: ['reporter'] },
        'avvikelse-api',
        'party_id',
        'roles',
      );
      return { authorization: `Bearer ${readerToken}` };
    }

    async function readPhase(): Promise<void> {
      // Reads as a party of the seeded 1 M rows over 300 parties would: the create phase above piled tens of thousands
      // of new rows onto one party, which is not the distribution the target is stated for.
      const readerHeaders = await readerAuthorization();
      const listApi = await load(`${base}/api/v1/deviations?limit=25`, 10, { headers: readerHeaders });
      const searchApi = await load(`${base}/api/v1/deviations?limit=25&q=${encodeURIComponent('avvikelserna timeout')}`, 10, {
        headers: readerHeaders,
      });
      const reportedApi = await load(`${base}/api/v1/deviations?limit=25&relation=rapporterad`, 10, { headers: readerHeaders });
      const concerningApi = await load(`${base}/api/v1/deviations?limit=25&relation=ansvarig`, 10, { headers: readerHeaders });
      results.reportedByUs = { api: reportedApi };
      results.concerningUs = { api: concerningApi };
      console.log(`"reported by us" p99 ${reportedApi.latencyMs.p99} ms, "concerning us" p99 ${concerningApi.latencyMs.p99} ms`);
      // SKR's side of issue 20: the triage list, and one party's monthly KPIs by responsible party and by reporter.
      const skrToken = await issuer.mint({ subject: 'bench-skr', roles: ['skr'] }, 'avvikelse-api', 'party_id', 'roles');
      const skrHeaders = { authorization: `Bearer ${skrToken}` };
      const triageApi = await load(`${base}/api/v1/deviations/triage?limit=25`, 10, { headers: skrHeaders });
      const month = new Date().toISOString().slice(0, 7);
      const kpiUrl = `${base}/api/v1/reports/kpi?month=${month}&partyId=${readerId}`;
      const kpiResponsibleApi = await load(`${kpiUrl}&view=ansvarig`, 2, { headers: skrHeaders });
      const kpiReporterApi = await load(`${kpiUrl}&view=rapporterad`, 2, { headers: skrHeaders });
      results.triage = { api: triageApi };
      results.kpi = { byResponsible: kpiResponsibleApi, byReporter: kpiReporterApi };
      console.log(
        `triage list p99 ${triageApi.latencyMs.p99} ms; one party's KPIs p99 ${kpiResponsibleApi.latencyMs.p99} ms by responsible party, ${kpiReporterApi.latencyMs.p99} ms by reporter`,
      );
      const rawList = await rawSelect(
        appPool,
        readerId,
        // The query the API writes for the list without ?relation (issue 20: both sides), so the ratio is like for like.
        `SELECT * FROM deviation WHERE (party_id = $1 OR responsible_party_id = $1) ORDER BY created_at DESC, id DESC LIMIT 26`,
      );
      const rawSearch = await rawSelect(
        appPool,
        readerId,
        `SELECT * FROM deviation WHERE (party_id = $1 OR responsible_party_id = $1) AND search @@ websearch_to_tsquery('swedish', 'avvikelserna timeout') ORDER BY created_at DESC, id DESC LIMIT 26`,
      );
      results.list = {
        api: listApi,
        rawSelect: rawList,
        ratio: Math.round((listApi.requestsPerSecond / rawList.requestsPerSecond) * 100) / 100,
      };
      results.search = {
        api: searchApi,
        rawSelect: rawSearch,
        ratio: Math.round((searchApi.requestsPerSecond / rawSearch.requestsPerSecond) * 100) / 100,
      };
      console.log(
        `list p99 ${listApi.latencyMs.p99} ms, search p99 ${searchApi.latencyMs.p99} ms (CPU/request: list ${JSON.stringify(listApi.cpuPerRequestMs)}, search ${JSON.stringify(searchApi.cpuPerRequestMs)})`,
      );

      const plans = await explainHotQueries(owner, readerId);
      results.explain = plans;
      const missed = Object.entries(plans).filter(([, plan]) => plan.verdict === 'missed');
      console.log(`EXPLAIN: ${missed.length ? `missed in ${missed.map(([name]) => name).join(', ')}` : 'every plan met'}`);
    }

    async function portalPhase(): Promise<void> {
      const cookie = await seedPortalSession(owner, redis.url, { id: readerId, name: 'Benchkommun 2' });
      const detailId = await seedDetailDeviation(base, await readerAuthorization(), completeBody(0));
      const portal = await loadPortal(base, cookie, detailId);
      results.portal = portal;
      const p95 = Object.entries(portal.pages).map(([name, page]) => `${name} ${page.latencyMs.p95} ms`);
      console.log(`portal p95: ${p95.join(', ')}; API RSS at most ${portal.apiRssPeakMb} MB`);
    }
  } catch (error) {
    // A phase that fails still leaves a summary: its figures print as missed, with the reason on top.
    console.error(error);
    results.failure = error instanceof Error ? error.message : String(error);
    process.exitCode = 1;
  } finally {
    for (const child of children) child.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 1500));
    await redis.stop();
    await postgres.stop();
    rmSync(dir, { recursive: true, force: true });
  }
  if (ALL_PHASES || process.env.BENCH_OUT) writeResults(loadAtStart);
  else console.log(JSON.stringify(results, null, 2));
}

/** A deviation the sync accepts: every field Jira's create screen requires. */
function completeBody(i: number): object {
  return {
    rubrik: `Bench sync ${i}`,
    reproduktionssteg: '1. Sök\n2. Vänta',
    utfall: 'Timeout',
    del: 'gränssnitt_mot_frågetjänster',
    miljö: 'produktion',
    kravreferens: 'SLA 4.8.1',
    påverkan: 2,
    tidpunkt: 3,
    kontaktpersoner: [{ namn: 'Bench', telefon: '+46701234567', epost: 'bench@example.se' }],
  };
}

function writeResults(loadAtStart: number[]): void {
  mkdirSync(OUT_DIR, { recursive: true });
  const round = (load: number[]) => load.map((l) => Math.round(l * 100) / 100);
  const machine = {
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model,
    memoryGb: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    // Other work on the machine makes every latency here pessimistic; the summary says so when it was there.
    loadAverage: { start: round(loadAtStart), end: round(loadavg()) },
  };
  const doc = { at: new Date().toISOString(), machine, durationSeconds: DURATION_S, ...results } as BenchDoc;
  const stamp = doc.at.replace(/[:.]/g, '-');
  writeFileSync(join(OUT_DIR, `${stamp}.json`), JSON.stringify(doc, null, 2));
  writeFileSync(join(OUT_DIR, 'latest.json'), JSON.stringify(doc, null, 2));
  writeFileSync(join(OUT_DIR, 'summary.md'), summary(doc));
  console.log(summary(doc));
}

main().then(
  // A pool whose server went away in a failed phase would keep the process waiting.
  () => process.exit(process.exitCode ?? 0),
  (error: unknown) => {
    console.error(error);
    for (const child of children) child.kill('SIGKILL');
    process.exit(1);
  },
);
