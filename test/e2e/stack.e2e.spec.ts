import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { freePort, isPortOpen } from '../../tools/stack/ports';

const START = resolve(__dirname, '..', '..', 'dist', 'tools', 'stack', 'start.js');

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * The embedded default as a newcomer runs it (`npm start` runs this very script after building): it serves
 * /health/ready and /docs, brings back an API that dies, and Ctrl-C leaves no process and no port behind.
 */
describe('npm start (the embedded default)', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'avvikelse-stack-'));

  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('should serve the API with PostgreSQL and Redis up, restart an API and a worker killed with SIGKILL, then stop everything in order on a terminal SIGINT', async () => {
    expect(existsSync(START)).toBe(true); // built by the test command before jest runs
    const port = await freePort();
    const child = spawn(process.execPath, [START], {
      env: {
        ...process.env,
        AVVIKELSE_DATA_DIR: dataDir,
        PORT: String(port),
        DATABASE_URL: '',
        REDIS_URL: '',
        SMTP_URL: '',
        JIRA_BASE_URL: '',
        NODE_ENV: 'development',
        LOG_LEVEL: 'warn',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
      // A group of its own, as a shell gives a foreground job: Ctrl-C below signals the whole group.
      detached: true,
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
    // npm start itself waits up to 120 s for the API's port: a cold start on a loaded two-core machine is slow.
    const deadline = Date.now() + 150_000;
    while (!output.includes('ready. Ctrl-C stops everything.') && Date.now() < deadline && child.exitCode === null) {
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(output).toContain('ready. Ctrl-C stops everything.');
    expect(output).toContain('demo deviations  2 reported through the API');

    const ready = await fetch(`http://127.0.0.1:${port}/health/ready`);
    expect(ready.status).toBe(200);
    const docs = await fetch(`http://127.0.0.1:${port}/docs-json`);
    expect(((await docs.json()) as { paths: object }).paths).toHaveProperty(['/api/v1/parties']);

    const inbox = /inbox: (http:\/\/127\.0\.0\.1:(\d+))/.exec(output)!;
    expect((await fetch(inbox[1])).status).toBe(200);
    const simulator = /Jira simulator\s+(http:\/\/127\.0\.0\.1:(\d+))/.exec(output)!;
    expect((await fetch(`${simulator[1]}/__admin/counts`)).status).toBe(200);
    // The simulator keeps its state in the data folder, so the next `npm start` hands out the next key, not KHA-1 again.
    const made = await fetch(`${simulator[1]}/__admin/issues`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ summary: 'Finns kvar efter omstart' }),
    });
    expect(made.status).toBe(201);
    const { key } = (await made.json()) as { key: string };
    // An API that dies (here kill -9, as the OOM killer does it) is started again, says so, and serves again.
    const apiPid = Number(/API running \(pid (\d+)\)/.exec(output)![1]);
    process.kill(apiPid, 'SIGKILL');
    const restartDeadline = Date.now() + 60_000;
    let live = 0;
    while (Date.now() < restartDeadline && live !== 200) {
      await new Promise((r) => setTimeout(r, 200));
      live = await fetch(`http://127.0.0.1:${port}/health/live`).then(
        (r) => r.status,
        () => 0,
      );
    }
    expect(output).toContain('API exited unexpectedly (SIGKILL); restarting it in 1 s (restart 1)');
    expect(live).toBe(200);
    const pids = [...output.matchAll(/API running \(pid (\d+)\)/g)].map((m) => Number(m[1]));
    expect(pids).toHaveLength(2);
    expect(alive(pids[1])).toBe(true);
    // The worker is supervised alike: killed, it is started again and says so.
    const workerPid = Number(/worker running \(pid (\d+)\)/.exec(output)![1]);
    process.kill(workerPid, 'SIGKILL');
    const workerDeadline = Date.now() + 30_000;
    while (Date.now() < workerDeadline && [...output.matchAll(/worker running \(pid (\d+)\)/g)].length < 2) {
      await new Promise((r) => setTimeout(r, 200));
    }
    expect(output).toContain('worker exited unexpectedly (SIGKILL); restarting it in 1 s (restart 1)');
    const workerPids = [...output.matchAll(/worker running \(pid (\d+)\)/g)].map((m) => Number(m[1]));
    expect(workerPids).toHaveLength(2);
    expect(alive(workerPids[1])).toBe(true);
    const postgresPid = Number(readFileSync(join(dataDir, 'pg', 'postmaster.pid'), 'utf8').split('\n')[0]);
    const redisPort = Number(/redis:\/\/127\.0\.0\.1:(\d+)/.exec(output)![1]);
    const postgresPort = Number(/postgres:\/\/postgres:postgres@(?:127\.0\.0\.1|localhost):(\d+)/.exec(output)![1]);
    expect(alive(postgresPid)).toBe(true);

    // What a terminal's Ctrl-C does: SIGINT to every process of the foreground group at once.
    process.kill(-child.pid!, 'SIGINT');
    expect(await exited).toBe(0);
    // A normal stop says nothing alarming: the API and worker stopped before PostgreSQL did.
    expect(output).not.toMatch(/terminating connection due to administrator command|Postgres pool raised an error|did not stop/);
    expect(output).toMatch(/worker stopped[\s\S]*API stopped[\s\S]*PostgreSQL stopped/);
    expect(alive(postgresPid)).toBe(false);
    expect(await isPortOpen(port)).toBe(false);
    expect(await isPortOpen(redisPort)).toBe(false);
    expect(await isPortOpen(postgresPort)).toBe(false);
    expect(await isPortOpen(Number(inbox[2]))).toBe(false);
    expect(await isPortOpen(Number(simulator[2]))).toBe(false);
    expect(existsSync(join(dataDir, 'pg', 'postmaster.pid'))).toBe(false);
    expect(alive(pids[1])).toBe(false);
    expect(alive(workerPids[1])).toBe(false);
    const simulatorState = JSON.parse(readFileSync(join(dataDir, 'jira-sim.json'), 'utf8'));
    const state = simulatorState as { counters: { issueNumber: number }; issues: { key: string; summary: string }[] };
    // Beside the example deviations' issues; the counter is past every key handed out, so none is handed out twice.
    expect(state.issues).toContainEqual(expect.objectContaining({ key, summary: 'Finns kvar efter omstart' }));
    expect(state.counters.issueNumber).toBe(Math.max(...state.issues.map((issue) => Number(issue.key.split('-')[1]))) + 1);
  }, 300_000);
});
