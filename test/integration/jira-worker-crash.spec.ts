import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { startJiraSimulator, type JiraSimulator } from '../../jira-simulator/simulator';
import { Role } from '../../src/actor/role';
import { aDeviationBody } from '../factories/deviation.factory';
import { aParty } from '../factories/party.factory';
import { startTestApp, type TestApp } from '../support/app';
import { truncateAll } from '../support/database';
import { eventually } from '../support/eventually';

const WORKER = resolve(__dirname, '..', '..', 'dist', 'src', 'worker.js');

/** A worker process SIGKILLed while its Jira create is in flight: another worker takes the job over, one issue. */
describe('Jira sync with a worker killed mid-job', () => {
  let sim: JiraSimulator;
  let api: TestApp;
  const workers: ChildProcess[] = [];
  const saved = { ...process.env };

  let output = '';
  /** Spawns a worker and resolves once it has said 'worker started' (its boot alone can take many seconds on a loaded CI). */
  const startWorker = async (): Promise<ChildProcess> => {
    const child = spawn(process.execPath, [WORKER], {
      env: { ...process.env, JIRA_BASE_URL: sim.url, JIRA_TIMEOUT_MS: '10000', LOG_LEVEL: 'info', NODE_ENV: 'test' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    workers.push(child);
    const started = new Promise<void>((resolveStarted, reject) => {
      const onData = (chunk: Buffer) => {
        output += chunk.toString();
        if (output.slice(-20_000).includes('worker started')) resolveStarted();
      };
      child.stdout?.on('data', onData);
      child.stderr?.on('data', onData);
      child.once('exit', (code) => reject(new Error(`worker exited (${code}) before starting:\n${output.slice(-4000)}`)));
    });
    await started;
    output = '';
    return child;
  };

  beforeAll(async () => {
    sim = await startJiraSimulator({ webhookSecret: 'dev-webhook-secret-change-me' });
    process.env.JIRA_BASE_URL = sim.url;
    api = await startTestApp();
    await api.app.listen(0, '127.0.0.1');
    sim.admin.configureWebhook({ url: `http://127.0.0.1:${(api.app.getHttpServer().address() as AddressInfo).port}/webhooks/jira` });
    await truncateAll();
  });

  afterAll(async () => {
    for (const worker of workers) worker.kill('SIGKILL');
    await api?.close();
    await sim?.stop();
    process.env = saved;
  });

  it('should resume the job in another worker without a second issue', async () => {
    expect(existsSync(WORKER)).toBe(true); // built by the test command
    const party = await aParty();
    const token = await api.partyToken(party.id, Role.Reporter);
    // The create is held 2 s inside "Jira": time to kill the worker that sent it.
    sim.admin.setFaults({ latencyMs: 2000, match: { method: 'POST', path: '/rest/api/3/issue' } });
    const first = await startWorker();
    const created = await api.http.post('/api/v1/deviations').set('Authorization', `Bearer ${token}`).send(aDeviationBody());
    await api.http.post(`/api/v1/deviations/${created.body.id}/submit`).set('Authorization', `Bearer ${token}`).expect(200);
    await eventually(async () => {
      const requests = sim.admin.stats().requests['POST /rest/api/3/issue'] ?? {};
      return Object.values(requests).reduce((a, b) => a + b, 0) > 0 || sim.admin.stats().faults.latency > 0;
    }, 30_000);
    first.kill('SIGKILL');
    sim.admin.setFaults({});
    await startWorker();
    await eventually(
      async () => {
        const status = await api.http.get(`/api/v1/deviations/${created.body.id}/jira`).set('Authorization', `Bearer ${token}`);
        expect(status.body.state).toBe('synkad');
      },
      90_000,
      250,
    );
    expect(sim.admin.issues({ label: `avvikelse-${created.body.id}` })).toHaveLength(1);
  }, 150_000);
});
