import type { INestApplicationContext } from '@nestjs/common';
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { DEFAULT_API_TOKEN, DEFAULT_EMAIL, startJiraSimulator, type JiraSimulator } from '../../jira-simulator/simulator';
import { Role } from '../../src/actor/role';
import { MetricsService } from '../../src/metrics/metrics.service';
import { aDeviationBody } from '../factories/deviation.factory';
import { aParty } from '../factories/party.factory';
import { startTestApp, type TestApp } from '../support/app';
import { ownerDb, truncateAll } from '../support/database';
import { eventually } from '../support/eventually';
import { waitForSyncIdle } from '../support/jira-sync-idle';
import { startWorkerContext } from '../support/worker-context';

/**
 * Issue identity end to end (issue 18): the real API and worker against the simulator over HTTP. Jira's issue id alone
 * must never decide which deviation an issue's state lands on: a site that lost its data hands the id out again,
 * issues move, vanish behind a security level or are deleted.
 */
jest.setTimeout(120_000);

const SECRET = 'identity-webhook-secret';

describe('Jira issue identity (integration)', () => {
  let sim: JiraSimulator;
  let simPort = 0;
  let api: TestApp;
  let apiPort: number;
  let worker: INestApplicationContext;
  let stateDir: string;
  let tokenA: string;
  let tokenB: string;
  let skr: string;
  const saved = { ...process.env };

  /** Stops the simulator and starts another on the same port: memory only (empty) unless given a state file. */
  async function restartSimulator(options: { stateFile?: string } = {}): Promise<void> {
    await sim?.stop();
    sim = await startJiraSimulator({ port: simPort, webhookRetryBaseMs: 50, ...options });
    simPort = sim.port;
    sim.admin.configureWebhook({ url: `http://127.0.0.1:${apiPort}/webhooks/jira`, secret: SECRET });
  }

  beforeAll(async () => {
    stateDir = mkdtempSync(join(tmpdir(), 'jira-identity-'));
    sim = await startJiraSimulator();
    simPort = sim.port;
    Object.assign(process.env, {
      JIRA_BASE_URL: sim.url,
      JIRA_WEBHOOK_SECRET: SECRET,
      JIRA_TIMEOUT_MS: '1000',
      // As in test/support/sync-stack.ts: retries after a timed-out call on a loaded machine must fit the idle wait.
      JIRA_RETRY_BASE_DELAY_MS: '200',
      JIRA_RECONCILE_INTERVAL_MS: '3600000',
    });
    api = await startTestApp();
    await api.app.listen(0, '127.0.0.1');
    apiPort = (api.app.getHttpServer().address() as AddressInfo).port;
    worker = await startWorkerContext();
  });

  beforeEach(async () => {
    await truncateAll();
    await restartSimulator();
    const [a, b] = [await aParty({ name: 'Göteborgs Stad' }), await aParty({ name: 'Malmö Stad' })];
    [tokenA, tokenB, skr] = [await api.partyToken(a.id), await api.partyToken(b.id), await api.skrToken(Role.Skr)];
  });

  // A job still running or delayed when the next test truncates would run against that test's rows, and hold the job
  // id the next test's job gets (see beforeEach): every test ends with the sync idle.
  afterEach(() => syncIdle());

  afterAll(async () => {
    await worker?.close();
    await api?.close();
    await sim?.stop();
    rmSync(stateDir, { recursive: true, force: true });
    process.env = saved;
  });

  const as = (token: string) => ({ Authorization: `Bearer ${token}` });
  async function submit(token: string, rubrik: string): Promise<{ id: string; key: string }> {
    const created = await api.http.post('/api/v1/deviations').set(as(token)).send(aDeviationBody({ rubrik }));
    expect(created.status).toBe(201);
    await api.http.post(`/api/v1/deviations/${created.body.id}/submit`).set(as(token)).expect(200);
    return created.body;
  }
  const syncState = async (token: string, id: string) => (await api.http.get(`/api/v1/deviations/${id}/jira`).set(as(token))).body;
  const synced = (token: string, id: string) =>
    eventually(async () => {
      const state = await syncState(token, id);
      expect(state).toMatchObject({ state: 'synkad', issueKey: expect.stringMatching(/^[A-Z]+-\d+$/) });
      return state.issueKey as string;
    });
  const failedWith = (token: string, id: string, code: string) =>
    eventually(async () => expect(await syncState(token, id)).toMatchObject({ state: 'fel', lastErrorCode: code }), 30_000);
  /** The deviation as its party reads it, and its row with its link, history and notifications: all that may not change. */
  const footprint = async (token: string, id: string) => {
    const db = await ownerDb();
    const [row] = await db.query(
      `SELECT d.status, d.prioritet, d.resolution, d.updated_at,
              (SELECT count(*)::int FROM audit_entry a WHERE a.entity_id = d.id::text) AS audit,
              (SELECT count(*)::int FROM deviation_comment c WHERE c.deviation_id = d.id) AS comments,
              (SELECT count(*)::int FROM notification_event n WHERE n.subject_id = d.id) AS notifications,
              l.issue_id, l.jira_status, l.jira_priority
         FROM deviation d JOIN jira_link l ON l.deviation_id = d.id WHERE d.id = $1`,
      [id],
    );
    const { body } = await api.http.get(`/api/v1/deviations/${id}`).set(as(token));
    return { row, status: body.status, prioritet: body.prioritet, resolution: body.resolution };
  };
  const identityFailures = async (reason: string) => {
    const text = await worker.get(MetricsService).registry.getSingleMetricAsString('jira_issue_identity_failures_total');
    return Number(new RegExp(`reason="${reason}"} (\\d+)`).exec(text)?.[1] ?? 0);
  };
  const failures = async () => (await api.http.get('/api/v1/jira/failures').set(as(skr))).body as { deviationId: string }[];

  const syncIdle = () => waitForSyncIdle(sim, worker);

  it("should never let a site that lost its data put party B's issue onto party A's deviation", async () => {
    const a = await submit(tokenA, 'Fel hos part A');
    expect(await synced(tokenA, a.id)).toBe('KHA-1');
    await syncIdle();
    const before = await footprint(tokenA, a.id);
    const [mismatchesBefore, conflictsBefore] = [await identityFailures('mismatch'), await identityFailures('link_conflict')];

    // The simulator restarts empty, as `npm start` did before it kept its state: it hands out KHA-1 (same id) again.
    await restartSimulator();
    const b = await submit(tokenB, 'Fel hos part B');
    await eventually(async () => expect(sim.admin.issues({ label: `avvikelse-${b.id}` })).toHaveLength(1));
    const [issueOfB] = sim.admin.issues({ label: `avvikelse-${b.id}` });
    expect([issueOfB.key, issueOfB.id]).toEqual(['KHA-1', before.row.issue_id]);
    await syncIdle();

    // A triager moves B's new KHA-1 on: its webhooks name the issue id A's link holds.
    sim.admin.transition('KHA-1', 'Under utredning');
    sim.admin.setPriority('KHA-1', 'Highest');
    sim.admin.addComment('KHA-1', 'Vi utreder felet hos part B.');
    await syncIdle();

    // A's deviation is exactly as it was, in the row and through the API (no history, comment or notification either).
    expect(await footprint(tokenA, a.id)).toEqual(before);
    expect(await syncState(tokenA, a.id)).toMatchObject({ state: 'fel', issueKey: 'KHA-1', lastErrorCode: 'JIRA_ISSUE_IDENTITY_MISMATCH' });
    // B's is clearly failed: its issue's id is held by A's link.
    expect(await syncState(tokenB, b.id)).toMatchObject({
      state: 'fel',
      lastErrorCode: 'JIRA_ISSUE_LINK_CONFLICT',
      lastError: expect.stringContaining('KHA-1'),
    });
    expect((await api.http.get(`/api/v1/deviations/${b.id}`).set(as(tokenB))).body.status).toBe('inskickad');
    // The party's view names no other deviation.
    expect(JSON.stringify(await syncState(tokenB, b.id))).not.toContain(a.id);
    expect(JSON.stringify(await syncState(tokenA, a.id))).not.toContain(b.id);
    // SKR sees both in the failure list, and the metric counts them.
    expect((await failures()).map((f) => f.deviationId).sort()).toEqual([a.id, b.id].sort());
    expect(await identityFailures('mismatch')).toBeGreaterThan(mismatchesBefore);
    expect(await identityFailures('link_conflict')).toBeGreaterThan(conflictsBefore);
    // Nothing of A reached B's issue in Jira either.
    const issue = sim.admin.issue('KHA-1');
    expect(issue.fields.summary).toBe(`${b.key} Fel hos part B`);
    expect(issue.properties).toEqual({ avvikelse: { deviationId: b.id } });
    expect(issue.fields.comment.total).toBe(1);
  });

  it('should go on with ids and keys after a restart with the state file, and mix nothing', async () => {
    await restartSimulator({ stateFile: join(stateDir, 'jira-sim.json') });
    const a = await submit(tokenA, 'Fel hos part A');
    expect(await synced(tokenA, a.id)).toBe('KHA-1');
    await syncIdle();
    const before = await footprint(tokenA, a.id);

    await restartSimulator({ stateFile: join(stateDir, 'jira-sim.json') });
    const b = await submit(tokenB, 'Fel hos part B');
    expect(await synced(tokenB, b.id)).toBe('KHA-2');
    sim.admin.transition('KHA-2', 'Under utredning');
    await eventually(async () =>
      expect((await api.http.get(`/api/v1/deviations/${b.id}`).set(as(tokenB))).body.status).toBe('under_utredning'),
    );
    await syncIdle();
    expect(await footprint(tokenA, a.id)).toEqual(before);
    expect(await syncState(tokenA, a.id)).toMatchObject({ state: 'synkad', lastErrorCode: null });
    expect(await failures()).toEqual([]);
  });

  it('should follow an issue moved to another project: same id, new key, the link kept', async () => {
    const a = await submit(tokenA, 'Flyttas');
    await synced(tokenA, a.id);
    await syncIdle();
    sim.admin.moveIssue('KHA-1', 'OPS');
    await eventually(async () => expect(await syncState(tokenA, a.id)).toMatchObject({ state: 'synkad', issueKey: 'OPS-1' }));
    sim.admin.transition('OPS-1', 'Åtgärdas');
    await eventually(async () => expect((await api.http.get(`/api/v1/deviations/${a.id}`).set(as(tokenA))).body.status).toBe('åtgärdas'));
    // The party's next comment goes to the moved issue, not to a new one.
    await api.http.post(`/api/v1/deviations/${a.id}/comments`).set(as(tokenA)).send({ text: 'Vi ser felet igen.' }).expect(201);
    await eventually(async () => expect(sim.admin.issue('OPS-1').fields.comment.total).toBe(1));
    await syncIdle();
    expect(sim.admin.counts().total).toBe(1);
    expect(await syncState(tokenA, a.id)).toMatchObject({ state: 'synkad', issueKey: 'OPS-1' });
  });

  it('should show a deleted issue on its own deviation only, and create no new one', async () => {
    const [a, b] = [await submit(tokenA, 'Raderas'), await submit(tokenB, 'Finns kvar')];
    const [keyA] = [await synced(tokenA, a.id), await synced(tokenB, b.id)];
    await syncIdle();
    const notFoundBefore = await identityFailures('not_found');
    const beforeB = await footprint(tokenB, b.id);
    sim.admin.deleteIssue(keyA);
    await failedWith(tokenA, a.id, 'JIRA_ISSUE_NOT_FOUND');
    // The party's change is not pushed anywhere: no issue is made in place of the deleted one.
    await api.http.post(`/api/v1/deviations/${a.id}/comments`).set(as(tokenA)).send({ text: 'Hallå?' }).expect(201);
    await syncIdle();
    expect(sim.admin.counts().total).toBe(1);
    expect(await syncState(tokenA, a.id)).toMatchObject({ state: 'fel', lastErrorCode: 'JIRA_ISSUE_NOT_FOUND', issueKey: keyA });
    expect(await footprint(tokenB, b.id)).toEqual(beforeB);
    expect(await syncState(tokenB, b.id)).toMatchObject({ state: 'synkad' });
    expect((await failures()).map((f) => f.deviationId)).toEqual([a.id]);
    expect(await identityFailures('not_found')).toBeGreaterThan(notFoundBefore);
  });

  it('should stop on an issue a security level hides, apply nothing of it, and sync again once SKR lifts it and replays', async () => {
    const a = await submit(tokenA, 'Döljs');
    const key = await synced(tokenA, a.id);
    await syncIdle();
    const before = await footprint(tokenA, a.id);
    sim.admin.setSecurityLevel(key, 'Endast SKR');
    await failedWith(tokenA, a.id, 'JIRA_ISSUE_NOT_FOUND');
    sim.admin.transition(key, 'Stängd');
    await syncIdle();
    expect((await footprint(tokenA, a.id)).status).toBe(before.status);

    sim.admin.setSecurityLevel(key, null);
    await api.http.post(`/api/v1/jira/failures/${a.id}/replay`).set(as(skr)).expect(202);
    await eventually(async () => {
      expect(await syncState(tokenA, a.id)).toMatchObject({ state: 'synkad', lastErrorCode: null });
      expect((await api.http.get(`/api/v1/deviations/${a.id}`).set(as(tokenA))).body.status).toBe('stängd');
    }, 30_000);
  });

  it('should adopt a linked issue that lacks the property when its label agrees, and refuse it when not', async () => {
    const [a, b] = [await submit(tokenA, 'Utan egenskap'), await submit(tokenB, 'Utan etikett')];
    const [keyA, keyB] = [await synced(tokenA, a.id), await synced(tokenB, b.id)];
    await syncIdle();
    // As issues linked before the identity check existed: no property. B's label is removed too.
    const rest = (path: string) => request(sim.url).delete(path).auth(DEFAULT_EMAIL, DEFAULT_API_TOKEN);
    await rest(`/rest/api/3/issue/${keyA}/properties/avvikelse`).expect(204);
    await rest(`/rest/api/3/issue/${keyB}/properties/avvikelse`).expect(204);
    sim.admin.editIssue(keyB, { labels: ['ssbtek'] });
    await syncIdle();

    sim.admin.transition(keyA, 'Mottagen');
    sim.admin.transition(keyB, 'Mottagen');
    // As the replay above: a pull retried after a Jira call that a loaded machine let time out takes its backoff.
    await eventually(
      async () => expect((await api.http.get(`/api/v1/deviations/${a.id}`).set(as(tokenA))).body.status).toBe('mottagen'),
      30_000,
    );
    expect(sim.admin.issue(keyA).properties).toEqual({ avvikelse: { deviationId: a.id } });
    await failedWith(tokenB, b.id, 'JIRA_ISSUE_IDENTITY_MISMATCH');
    expect((await api.http.get(`/api/v1/deviations/${b.id}`).set(as(tokenB))).body.status).toBe('inskickad');
    expect(sim.admin.issue(keyB).properties).toEqual({});
  });
});
