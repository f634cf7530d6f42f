import type { INestApplicationContext } from '@nestjs/common';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { JiraSimulator } from '../../jira-simulator/simulator';
import { Role } from '../../src/actor/role';
import { JiraTokenSource } from '../../src/jira/jira-token-source';
import { aDeviationBody } from '../factories/deviation.factory';
import { aParty } from '../factories/party.factory';
import { type TestApp } from '../support/app';
import { truncateAll } from '../support/database';
import { eventually } from '../support/eventually';
import { aTokenKey, storeTokenSealedUnder } from '../support/jira-tokens';
import { startSyncApi } from '../support/sync-stack';
import { startWorkerContext } from '../support/worker-context';

/**
 * The token an SKR admin sets, as the sync uses it: against a simulator that accepts only the rotated token, over
 * HTTP, with the API and a worker that is never restarted. The sweep's schedule is an hour away: nothing here waits
 * for it, and no test calls it.
 */
jest.setTimeout(60_000);

const run = promisify(execFile);
const ROTATED = 'ATATT3xFfGF0rotated-2027-0123456789abcdef';
const KEY = aTokenKey();
const PREVIOUS_KEY = aTokenKey();

describe('The Jira token set by an SKR admin (integration)', () => {
  let sim: JiraSimulator;
  let api: TestApp;
  let worker: INestApplicationContext | undefined;
  let reporter: string;
  let admin: { Authorization: string };
  const saved = { ...process.env };

  beforeAll(async () => {
    ({ sim, api } = await startSyncApi(
      {
        JIRA_TIMEOUT_MS: '2000',
        JIRA_PREFLIGHT_AT_START: 'false',
        // The deployment's token, which Jira no longer accepts.
        JIRA_API_TOKEN: 'revoked-token',
        JIRA_TOKEN_ENCRYPTION_KEY: KEY,
        JIRA_TOKEN_ENCRYPTION_KEY_PREVIOUS: PREVIOUS_KEY,
      },
      { apiToken: ROTATED },
    ));
  });

  beforeEach(async () => {
    await truncateAll();
    sim.admin.reset();
    reporter = await api.partyToken((await aParty()).id, Role.Reporter);
    admin = { Authorization: `Bearer ${await api.skrToken(Role.SkrAdmin)}` };
  });

  afterEach(async () => {
    await worker?.close();
    worker = undefined;
  });

  afterAll(async () => {
    await api?.close();
    await sim?.stop();
    process.env = saved;
  });

  const startWorker = async (env: Record<string, string> = {}) => (worker = await startWorkerContext(env));

  async function submitDeviation(): Promise<string> {
    const auth = { Authorization: `Bearer ${reporter}` };
    const created = await api.http
      .post('/api/v1/deviations')
      .set(auth)
      .send(aDeviationBody({ rubrik: 'Timeout mot CSN' }));
    expect(created.status).toBe(201);
    await api.http.post(`/api/v1/deviations/${created.body.id}/submit`).set(auth).expect(200);
    return created.body.id as string;
  }
  const integration = async () => (await api.http.get('/api/v1/jira/integration').set(admin)).body;
  const issuesOf = (deviationId: string) => sim.admin.issues({ label: `avvikelse-${deviationId}` });
  const synced = (deviationId: string) =>
    eventually(async () => {
      const status = await api.http.get(`/api/v1/deviations/${deviationId}/jira`).set(admin);
      expect(status.body).toMatchObject({ state: 'synkad', issueKey: expect.stringMatching(/^KHA-\d+$/) });
      expect(issuesOf(deviationId)).toHaveLength(1);
    });

  it('should sync with a newly set token on the next call, resuming the paused integration without a restart', async () => {
    await startWorker();
    const d = await submitDeviation();
    await eventually(async () => expect(await integration()).toMatchObject({ paused: true, pausedReason: expect.stringContaining('401') }));
    expect(issuesOf(d)).toHaveLength(0);

    await api.http.put('/api/v1/jira/token').set(admin).send({ token: ROTATED }).expect(200);
    // The sweep the change queued finds Jira accepting the token, resumes, and runs the push the pause put off.
    await synced(d);
    expect((await integration()).paused).toBe(false);
  });

  it('should have npm run jira:setup call Jira with the token an SKR admin set, as the worker does', async () => {
    sim.site.set({ administer: true });
    await api.http.put('/api/v1/jira/token').set(admin).send({ token: ROTATED }).expect(200);
    const { stdout } = await run(process.execPath, ['dist/tools/jira-setup.js'], { env: { ...process.env } });
    expect(stdout).toContain('webhook registered');
    expect(sim.adminWebhooks.list()).toEqual([expect.objectContaining({ filters: { 'issue-related-events-section': 'project = KHA' } })]);
  });

  it('should let JIRA_API_TOKEN_FILE win over a stored token', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'jira-token-'));
    try {
      const file = join(dir, 'token');
      writeFileSync(file, `${ROTATED}\n`);
      await api.http.put('/api/v1/jira/token').set(admin).send({ token: 'stored-but-not-used' }).expect(200);
      const w = await startWorker({ JIRA_API_TOKEN_FILE: file });
      expect(await w.get(JiraTokenSource).inUse()).toMatchObject({ source: 'file', token: ROTATED });

      const d = await submitDeviation();
      await synced(d);
      expect((await integration()).paused).toBe(false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('should pause with the reason when no configured key decrypts the stored token, and say so in the health check', async () => {
    await storeTokenSealedUnder(aTokenKey(), ROTATED);
    await startWorker();
    const d = await submitDeviation();
    await eventually(async () =>
      expect(await integration()).toMatchObject({
        paused: true,
        pausedReason: expect.stringContaining('neither JIRA_TOKEN_ENCRYPTION_KEY'),
      }),
    );
    expect(issuesOf(d)).toHaveLength(0);
    // Not the deployment's token instead: nothing reached Jira at all.
    expect(sim.admin.stats().totalRequests).toBe(0);

    const health = await api.http.get('/api/v1/jira/health').set(admin);
    expect(health.status).toBe(200);
    expect(health.body.checks.find((c: { id: string }) => c.id === 'token')).toMatchObject({
      status: 'fail',
      message: { en: expect.stringContaining('neither JIRA_TOKEN_ENCRYPTION_KEY') },
      hint: { en: expect.stringContaining('JIRA_TOKEN_ENCRYPTION_KEY_PREVIOUS') },
    });
  });

  it('should sync with a token stored under the previous key during a key rotation', async () => {
    await storeTokenSealedUnder(PREVIOUS_KEY, ROTATED);
    await startWorker();
    const d = await submitDeviation();
    await synced(d);
    expect((await integration()).paused).toBe(false);
  });
});
