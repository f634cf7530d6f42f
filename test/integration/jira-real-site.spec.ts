import type { INestApplicationContext } from '@nestjs/common';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { JiraSimulator } from '../../jira-simulator/simulator';
import { Role } from '../../src/actor/role';
import { JiraClient } from '../../src/jira/jira-client';
import { JiraReconcileService } from '../../src/jira/jira-reconcile.service';
import { JiraCallError } from '../../src/jira/jira.errors';
import { aDeviationBody } from '../factories/deviation.factory';
import { aParty } from '../factories/party.factory';
import { type TestApp } from '../support/app';
import { ownerDb, truncateAll } from '../support/database';
import { eventually } from '../support/eventually';
import { startSyncApi } from '../support/sync-stack';
import { startWorkerContext } from '../support/worker-context';

/**
 * The sync against a Jira that behaves as a real site does (../shared/JIRA-REALITY.md): search that lags behind
 * creates, tokens that expire into anonymous answers, permissions taken away, 503s with Retry-After, rotated tokens.
 */
jest.setTimeout(90_000);

describe('Jira sync against a real-site Jira (integration)', () => {
  let sim: JiraSimulator;
  let api: TestApp;
  let worker: INestApplicationContext | undefined;
  let reporter: string;
  let admin: string;
  const saved = { ...process.env };

  beforeAll(async () => {
    ({ sim, api } = await startSyncApi({
      JIRA_SEARCH_LAG_MS: '60000',
      JIRA_TOKEN_EXPIRES_AT: new Date(Date.now() + 10 * 86_400_000).toISOString(),
    }));
  });

  beforeEach(async () => {
    await truncateAll();
    sim.admin.reset();
    const party = await aParty({ name: 'Göteborgs Stad' });
    reporter = await api.partyToken(party.id, Role.Reporter);
    admin = await api.skrToken(Role.SkrAdmin);
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

  const auth = () => ({ Authorization: `Bearer ${reporter}` });
  async function submitDeviation(rubrik = 'Timeout mot CSN'): Promise<{ id: string; key: string }> {
    const created = await api.http.post('/api/v1/deviations').set(auth()).send(aDeviationBody({ rubrik }));
    expect(created.status).toBe(201);
    await api.http.post(`/api/v1/deviations/${created.body.id}/submit`).set(auth()).expect(200);
    return created.body;
  }
  const issuesOf = (deviationId: string) => sim.admin.issues({ label: `avvikelse-${deviationId}` });
  const syncedKey = (deviationId: string) =>
    eventually(async () => {
      const status = await api.http.get(`/api/v1/deviations/${deviationId}/jira`).set(auth());
      expect(status.body).toMatchObject({ state: 'synkad', issueKey: expect.stringMatching(/^KHA-\d+$/) });
      return status.body.issueKey as string;
    });
  const integration = async () => (await api.http.get('/api/v1/jira/integration').set('Authorization', `Bearer ${admin}`)).body;
  const watermark = async () =>
    (
      (await (await ownerDb()).query(`SELECT reconcile_watermark FROM jira_integration WHERE id = 1`)) as {
        reconcile_watermark: Date | null;
      }[]
    )[0].reconcile_watermark;

  it('should create exactly one issue when the create answer is lost and search does not show the issue yet', async () => {
    // Search shows an issue only a minute after it changed; the create is applied and its answer lost, and so is
    // the issue_created webhook that would otherwise link it.
    const lostCreate = { timeoutAfterApply: 1, match: { method: 'POST', path: '/rest/api/3/issue' }, webhooks: { drop: { rate: 1 } } };
    sim.site.set({ searchLagMs: 60_000 });
    sim.admin.setFaults(lostCreate);
    await startWorker();
    const earlier = await submitDeviation('Första');
    await syncedKey(earlier.id);
    sim.admin.setFaults(lostCreate);

    const d = await submitDeviation('Andra');
    const key = await syncedKey(d.id);
    expect(issuesOf(d.id)).toHaveLength(1);
    expect(issuesOf(d.id)[0].key).toBe(key);
    expect(issuesOf(earlier.id)).toHaveLength(1);
    expect(sim.admin.stats().faults.timeoutAfterApply).toBe(2);
  });

  it('should take an anonymous answer from an expired token for an auth failure: paused, the watermark unmoved', async () => {
    const w = await startWorker();
    const d = await submitDeviation();
    const key = await syncedKey(d.id);
    const sweep = w.get(JiraReconcileService);
    await sweep.reconcile();
    const before = await watermark();
    expect(before).not.toBeNull();

    sim.site.set({ token: 'expired' });
    sim.admin.transition(key, 'Under utredning');
    // The search itself answers 200 with no issues, marked only by a header: the client refuses it.
    await expect(w.get(JiraClient).searchUpdatedSince(new Date(0))).rejects.toMatchObject({ kind: 'auth', status: 200 });
    await expect(w.get(JiraClient).getIssue(key)).rejects.toMatchObject({ kind: 'auth', status: 404 });
    // Either the sweep meets the anonymous answer itself, or the webhook of SKR's move (its pull reads the issue)
    // paused the integration first and the sweep only waits: never a sweep that succeeds over the expired token.
    const outcome = await sweep.reconcile(new Date(Date.now() + 60_000)).then(
      (repaired) => ({ repaired }),
      (error: unknown) => ({ error }),
    );
    if ('error' in outcome) expect(outcome.error).toBeInstanceOf(JiraCallError);
    else expect({ repaired: outcome.repaired, paused: (await integration()).paused }).toEqual({ repaired: 0, paused: true });
    expect(await watermark()).toEqual(before);

    // Through the queue, the processor pauses the integration and says why.
    await api.http.post(`/api/v1/deviations/${d.id}/comments`).set(auth()).send({ text: 'Fortfarande fel.' }).expect(201);
    // The webhook of SKR's move may pause it first (its pull reads the issue): either way the reason names the token.
    await eventually(async () =>
      expect(await integration()).toMatchObject({ paused: true, pausedReason: expect.stringMatching(/anonymous|401/) }),
    );
    const status = await api.http.get(`/api/v1/deviations/${d.id}/jira`).set(auth());
    expect(status.body.state).not.toBe('fel');
    // The token's configured expiry (in 10 days) is already warned about.
    expect(await integration()).toMatchObject({ tokenExpiresSoon: true, tokenExpiresAt: expect.any(String) });

    // A working token again: the next sweep resumes by itself and catches up.
    sim.site.set({ token: 'valid' });
    await sweep.reconcile();
    expect((await integration()).paused).toBe(false);
    await eventually(async () => {
      const response = await api.http.get(`/api/v1/deviations/${d.id}`).set(auth());
      expect(response.body.status).toBe('under_utredning');
    });
    expect((await watermark())!.getTime()).toBeGreaterThan(before!.getTime());
  });

  it('should pause the integration on a 403 instead of failing each deviation, and resume when the permission is back', async () => {
    const w = await startWorker();
    sim.site.set({ projectPermission: false });
    const d = await submitDeviation();
    await eventually(async () => expect(await integration()).toMatchObject({ paused: true, pausedReason: expect.stringContaining('403') }));
    expect(issuesOf(d.id)).toHaveLength(0);
    const failures = await api.http.get('/api/v1/jira/failures').set('Authorization', `Bearer ${admin}`);
    expect(failures.body).toEqual([]);

    // Still refused: the sweep leaves it paused.
    await w.get(JiraReconcileService).reconcile();
    expect((await integration()).paused).toBe(true);
    sim.site.set({ projectPermission: true });
    await w.get(JiraReconcileService).reconcile();
    expect((await integration()).paused).toBe(false);
    await syncedKey(d.id);
    expect(issuesOf(d.id)).toHaveLength(1);
  });

  it('should read a rotated token from JIRA_API_TOKEN_FILE without a restart', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'jira-token-'));
    const file = join(dir, 'token');
    try {
      writeFileSync(file, 'revoked-token\n');
      const w = await startWorker({ JIRA_API_TOKEN_FILE: file });
      const d = await submitDeviation();
      await eventually(async () => expect(await integration()).toMatchObject({ paused: true }));
      expect(issuesOf(d.id)).toHaveLength(0);

      writeFileSync(file, 'sim-token\n');
      await w.get(JiraReconcileService).reconcile();
      expect((await integration()).paused).toBe(false);
      await syncedKey(d.id);
      expect(issuesOf(d.id)).toHaveLength(1);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('should honour a 503 with Retry-After like a 429: a wait, not a failure', async () => {
    const w = await startWorker();
    // checkCredentials, not myAccountId: a job of the new worker that read the account first leaves it cached, and the
    // fault is aimed at /myself so that no other call of such a job takes it.
    sim.admin.setFaults({ fail5xxNext: 1, error5xxStatus: 503, match: { path: '/myself' } });
    await expect(w.get(JiraClient).checkCredentials()).rejects.toMatchObject({ kind: 'rate_limited', status: 503, retryAfterMs: 1000 });

    // A 503 on a create is not known to be unapplied (it may come from behind the work), so the comment takes it here.
    const d = await submitDeviation();
    const key = await syncedKey(d.id);
    sim.admin.setFaults({ fail5xxNext: 3, error5xxStatus: 503, match: { method: 'POST', path: '/comment' } });
    await api.http.post(`/api/v1/deviations/${d.id}/comments`).set(auth()).send({ text: 'Fortfarande fel.' }).expect(201);
    // Each 503 leaves the add's outcome unknown for five Jira timeouts (5 s here) before it is made again, after the
    // Retry-After pause: three of them take ~18 s before the comment lands, more on a loaded machine.
    await eventually(async () => expect(sim.admin.issue(key).fields.comment.total).toBe(1), 60_000);
    expect(sim.admin.stats().faults.error5xx).toBe(1 + 3);
    await syncedKey(d.id);
    const [row] = await (await ownerDb()).query(`SELECT last_error FROM jira_link WHERE deviation_id = $1`, [d.id]);
    expect(row.last_error).toBeNull();
  });

  it('should let SKR replay failures in bulk by reason and time range, and refuse a malformed filter', async () => {
    await startWorker();
    const first = await submitDeviation('Första');
    const second = await submitDeviation('Andra');
    await syncedKey(first.id);
    await syncedKey(second.id);
    const db = await ownerDb();
    const fail = (id: string, reason: string, at: string) =>
      db.query(`UPDATE jira_link SET state = 'fel', last_error = $2, last_error_at = $3 WHERE deviation_id = $1`, [id, reason, at]);
    await fail(first.id, "Jira doTransition answered 400: resolution: Field 'resolution' is required", '2026-11-02T10:00:00Z');
    await fail(second.id, 'Jira createIssue answered 400: customfield_10050: required', '2026-11-03T10:00:00Z');
    const bearer = { Authorization: `Bearer ${admin}` };

    const bad = await api.http.post('/api/v1/jira/failures/replay').set(bearer).send({ failedFrom: 'igår' });
    expect(bad.status).toBe(400);
    expect(bad.headers['content-type']).toContain('application/problem+json');
    expect(bad.body.errors).toEqual([expect.objectContaining({ pointer: '/failedFrom' })]);

    const none = await api.http
      .post('/api/v1/jira/failures/replay')
      .set(bearer)
      .send({ reason: 'RESOLUTION', failedFrom: '2026-11-03T00:00:00Z' });
    expect(none.status).toBe(202);
    expect(none.body).toEqual({ replayed: 0, deviationIds: [] });

    const replayed = await api.http
      .post('/api/v1/jira/failures/replay')
      .set(bearer)
      .send({ reason: 'RESOLUTION', failedFrom: '2026-11-01T00:00:00Z', failedTo: '2026-11-03T00:00:00Z' });
    expect(replayed.status).toBe(202);
    expect(replayed.body).toEqual({ replayed: 1, deviationIds: [first.id] });
    await syncedKey(first.id);
    const [row] = await db.query(`SELECT state FROM jira_link WHERE deviation_id = $1`, [second.id]);
    expect(row.state).toBe('fel');
  });
});
