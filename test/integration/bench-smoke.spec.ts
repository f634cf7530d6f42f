import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { zipfSlots } from '../../bench/seed';
import { type BenchDoc, summary } from '../../bench/summary';

const BENCH = resolve(__dirname, '..', '..', 'dist', 'bench', 'run.js');

/** Runs the built bench at a tiny scale into its own directory; resolves with its exit code and output. */
function runBench(out: string): Promise<{ code: number | null; output: string }> {
  return new Promise((done) => {
    const child = spawn(process.execPath, [BENCH], {
      env: {
        ...process.env,
        BENCH_ROWS: '3000',
        BENCH_DURATION: '1',
        BENCH_SYNC_SAMPLES: '3',
        BENCH_SYNC_BACKLOG: '5',
        BENCH_OUT: out,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('exit', (code) => {
      // The bench's worker may still be stopping with our pipes as its stderr; they are not needed any more.
      child.stdout.destroy();
      child.stderr.destroy();
      done({ code, output });
    });
  });
}

describe('npm run bench (3,000 rows, 1 s steps)', () => {
  const out = mkdtempSync(join(tmpdir(), 'avvikelse-bench-smoke-'));
  afterAll(() => rmSync(out, { recursive: true, force: true }));

  it('should run every phase, the relation and portal pages included, and print every figure with a verdict', async () => {
    const { code, output } = await runBench(out);
    expect({ code, output: code === 0 ? '' : output }).toEqual({ code: 0, output: '' });
    const doc = JSON.parse(readFileSync(join(out, 'latest.json'), 'utf8')) as BenchDoc;

    const responsible = doc.seed!.responsible!;
    expect(responsible.withResponsible / doc.seed!.rows).toBeGreaterThan(0.55);
    expect(responsible.withResponsible / doc.seed!.rows).toBeLessThan(0.65);
    expect(responsible.readerRows).toBe(responsible.most);
    const loads = {
      list: doc.list!.api,
      search: doc.search!.api,
      reportedByUs: doc.reportedByUs!.api,
      concerningUs: doc.concerningUs!.api,
      triage: doc.triage!.api,
      kpiByResponsible: doc.kpi!.byResponsible,
      portalStart: doc.portal!.pages.start,
      portalList: doc.portal!.pages.list,
      portalDetail: doc.portal!.pages.detail,
    };
    // Not whether the targets are met (a smoke run on a shared machine says nothing about that), but that every
    // request was one the page answers: a session the portal no longer reads, or a changed query, shows here.
    for (const [name, load] of Object.entries(loads)) {
      // The status codes in the message: a 503 (the database's patience) and a 302 (the login) have different causes.
      expect({ name, failed: load.non2xx! + load.errors!, statusCodes: load.statusCodes }).toEqual({
        name,
        failed: 0,
        statusCodes: { 200: load.answered },
      });
    }
    expect(doc.portal!.apiRssPeakMb).toBeGreaterThan(0);
    expect(Object.keys(doc.explain!)).toEqual(
      expect.arrayContaining([
        'reportedByUs',
        'concerningUs',
        'startReported',
        'startConcerning',
        'list',
        'listAsUnion',
        'triage',
        'kpiCounts',
        'kpiClockRows',
        'clockStatusChanges',
        'clockSolvedReports',
      ]),
    );
    // The clock functions' bodies are explained, not their calls (a call shows one Function Scan).
    expect(doc.explain!.clockStatusChanges.nodes).not.toEqual(['Function Scan']);
    expect(doc.explain!.clockStatusChanges.nodes).toContain('WindowAgg');
    expect(doc.syncLatencyMs!.issues).toBe(3);

    const text = readFileSync(join(out, 'summary.md'), 'utf8');
    expect(text).toContain('"Reported by us" page (?relation=rapporterad) p99');
    expect(text).toContain('"concerning us" page (?relation=ansvarig) p99');
    expect(text).toContain('Portal pages with a session seeded into Redis');
    expect(text).toMatch(/\| concerningUs \| Limit → .* \| (met|\*\*missed\*\*)/);
    expect(text).not.toMatch(/not measured|undefined|failed before its end/);
  }, 600_000);

  it('should print a figure the run did not produce as missed, with the reason', () => {
    const doc: BenchDoc = {
      at: '2026-12-05T21:00:00.000Z',
      machine: { cpus: 2, loadAverage: { start: [9, 8, 7], end: [9.5, 8, 7] } },
      durationSeconds: 5,
      seed: { rows: 1_000_000, parties: 300 },
      reportedByUs: { api: { requestsPerSecond: 0, latencyMs: { p50: 0, p95: 0, p99: 0 }, answered: 0, non2xx: 0, errors: 0 } },
      failure: 'fetch failed',
    };

    const text = summary(doc);

    expect(text).toContain('**The run failed before its end: fetch failed**');
    expect(text).toContain(
      '"Reported by us" page (?relation=rapporterad) p99 0 ms (**no answer within the step**) (target ≤ 59: **missed**)',
    );
    expect(text).toContain('"concerning us" page (?relation=ansvarig) not measured: **missed**');
    expect(text).toContain('Portal pages (p95 < 200 ms, API RSS < 250 MB): not measured: **missed**');
    expect(text).toContain('EXPLAIN of the hot queries not measured: **missed**');
    expect(text).toContain('other processes loaded the machine during the run, so latencies and throughput here are pessimistic');
  });

  it('should give the busiest responsible party about 1/H(300) of the responsible deviations and every party some', () => {
    const slots = zipfSlots(300);
    const counts = new Map<number, number>();
    for (const party of slots) counts.set(party, (counts.get(party) ?? 0) + 1);

    expect(counts.get(1)! / slots.length).toBeCloseTo(1 / 6.28, 2);
    expect(counts.size).toBe(300);
    expect(Math.max(...counts.values())).toBe(counts.get(1));
  });
});
