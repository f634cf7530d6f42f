import type { INestApplicationContext } from '@nestjs/common';
import type { AddressInfo } from 'node:net';
import { startJiraSimulator, type JiraSimulator } from '../../jira-simulator/simulator';
import { Role } from '../../src/actor/role';
import { JiraReconcileService } from '../../src/jira/jira-reconcile.service';
import { aDeviationBody } from '../factories/deviation.factory';
import { aParty } from '../factories/party.factory';
import { startTestApp, type TestApp } from '../support/app';
import { ownerDb, truncateAll } from '../support/database';
import { eventually } from '../support/eventually';
import { waitForSyncIdle } from '../support/jira-sync-idle';
import { startWorkerContext } from '../support/worker-context';

/**
 * A deleted Jira issue leads to SKR's decision, not to database surgery (issue 19): an SKR admin re-creates the issue
 * or leaves the deviation without one. The real API and worker against the simulator over HTTP.
 */
jest.setTimeout(120_000);

const SECRET = 'deleted-issue-webhook-secret';

describe('Jira deleted issue: re-create or unlink (integration)', () => {
  let sim: JiraSimulator;
  let api: TestApp;
  let worker: INestApplicationContext;
  let party: string;
  let admin: string;
  const saved = { ...process.env };

  beforeAll(async () => {
    sim = await startJiraSimulator({ webhookRetryBaseMs: 50 });
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
    const apiPort = (api.app.getHttpServer().address() as AddressInfo).port;
    sim.admin.configureWebhook({ url: `http://127.0.0.1:${apiPort}/webhooks/jira`, secret: SECRET });
    worker = await startWorkerContext();
  });

  beforeEach(async () => {
    await truncateAll();
    const p = await aParty({ name: 'Göteborgs Stad' });
    [party, admin] = [await api.partyToken(p.id), await api.skrToken(Role.SkrAdmin)];
  });

  afterEach(() => syncIdle());

  afterAll(async () => {
    await worker?.close();
    await api?.close();
    await sim?.stop();
    process.env = saved;
  });

  const as = (token: string) => ({ Authorization: `Bearer ${token}` });
  const syncIdle = () => waitForSyncIdle(sim, worker);
  const syncState = async (id: string) => (await api.http.get(`/api/v1/deviations/${id}/jira`).set(as(party))).body;
  const failures = async () => (await api.http.get('/api/v1/jira/failures').set(as(admin))).body as { deviationId: string }[];
  const linkRow = async (id: string) =>
    (
      await (
        await ownerDb()
      ).query(
        `SELECT l.state, l.issue_key, l.last_error_code,
                (SELECT count(*)::int FROM jira_comment_link c WHERE c.deviation_id = l.deviation_id) AS comment_links,
                (SELECT count(*)::int FROM jira_attachment_link a WHERE a.deviation_id = l.deviation_id) AS attachment_links
           FROM jira_link l WHERE l.deviation_id = $1`,
        [id],
      )
    )[0];
  const audited = async (id: string) =>
    (
      (await (
        await ownerDb()
      ).query(`SELECT action, changes FROM audit_entry WHERE entity_id = $1 AND action LIKE 'jira.issue_%'`, [id])) as {
        action: string;
        changes: Record<string, unknown>;
      }[]
    ).map((a) => ({ action: a.action, ...a.changes }));
  const issueOf = (id: string) => sim.admin.issues({ label: `avvikelse-${id}` });
  const comment = (id: string, text: string) =>
    api.http.post(`/api/v1/deviations/${id}/comments`).set(as(party)).send({ text }).expect(201);

  /** A submitted deviation with a comment and a log file, all in its issue; then the issue is deleted in Jira. */
  async function deviationWithDeletedIssue(): Promise<{ id: string; oldKey: string }> {
    const created = await api.http
      .post('/api/v1/deviations')
      .set(as(party))
      .send(aDeviationBody({ rubrik: 'Raderas i Jira' }));
    expect(created.status).toBe(201);
    const id = created.body.id as string;
    await api.http.post(`/api/v1/deviations/${id}/submit`).set(as(party)).expect(200);
    await comment(id, 'Felet syns i loggen.');
    await api.http
      .post(`/api/v1/deviations/${id}/attachments`)
      .set(as(party))
      .attach('file', Buffer.from('2026-12-05 ERROR timeout\n'), 'app.log')
      .expect(201);
    const oldKey = await eventually(async () => {
      const state = await syncState(id);
      expect(state).toMatchObject({ state: 'synkad', issueKey: expect.any(String) });
      const [issue] = issueOf(id);
      expect([issue.fields.comment.total, issue.fields.attachment.length]).toEqual([1, 1]);
      return state.issueKey as string;
    });
    await syncIdle();
    sim.admin.deleteIssue(oldKey);
    await eventually(
      async () => expect(await syncState(id)).toMatchObject({ state: 'fel', lastErrorCode: 'JIRA_ISSUE_NOT_FOUND' }),
      30_000,
    );
    expect((await failures()).map((f) => f.deviationId)).toEqual([id]);
    return { id, oldKey };
  }

  it('should re-create the issue with the deviation’s comments and attachments exactly once, and clear the failure', async () => {
    const { id, oldKey } = await deviationWithDeletedIssue();
    // Written while the issue was gone: it goes to the new issue too.
    await comment(id, 'Hallå?');

    const recreated = await api.http.post(`/api/v1/jira/links/${id}/recreate`).set(as(admin)).expect(202);
    expect(recreated.body).toMatchObject({ deviationId: id, state: 'väntar', issueKey: null, lastErrorCode: null });

    const newKey = await eventually(async () => {
      const state = await syncState(id);
      expect(state).toMatchObject({ state: 'synkad', issueKey: expect.any(String), lastErrorCode: null });
      return state.issueKey as string;
    }, 30_000);
    expect(newKey).not.toBe(oldKey);
    await syncIdle();
    // A push and the sweep after it add nothing a second time.
    await comment(id, 'Tack.');
    await worker.get(JiraReconcileService).reconcile();
    await syncIdle();
    const [issue, ...more] = issueOf(id);
    expect(more).toEqual([]);
    expect(issue.key).toBe(newKey);
    expect(issue.properties).toEqual({ avvikelse: { deviationId: id } });
    expect(issue.fields.comment.comments.map((c: { body: unknown }) => JSON.stringify(c.body))).toEqual([
      expect.stringContaining('Felet syns i loggen.'),
      expect.stringContaining('Hallå?'),
      expect.stringContaining('Tack.'),
    ]);
    expect((issue.fields.attachment as { filename: string }[]).map((a) => a.filename)).toEqual(['app.log']);
    expect(await linkRow(id)).toEqual({ state: 'synkad', issue_key: newKey, last_error_code: null, comment_links: 3, attachment_links: 1 });
    expect(await failures()).toEqual([]);
    expect(await audited(id)).toEqual([
      { action: 'jira.issue_recreated', jiraIssueKey: { from: oldKey, to: null }, jiraSyncState: { from: 'fel', to: 'väntar' } },
    ]);
  });

  it('should leave an unlinked deviation alone until SKR re-creates its issue', async () => {
    const { id, oldKey } = await deviationWithDeletedIssue();
    const issuesBefore = sim.admin.counts().total;
    const unlinked = await api.http.post(`/api/v1/jira/links/${id}/unlink`).set(as(admin)).expect(200);
    expect(unlinked.body).toMatchObject({ deviationId: id, state: 'frikopplad', issueKey: null, lastError: null, lastErrorCode: null });
    expect(await linkRow(id)).toEqual({
      state: 'frikopplad',
      issue_key: null,
      last_error_code: null,
      comment_links: 0,
      attachment_links: 0,
    });
    expect(await failures()).toEqual([]);
    // Asked again, nothing changes and nothing more is audited.
    await api.http.post(`/api/v1/jira/links/${id}/unlink`).set(as(admin)).expect(200);

    // The party's change, the sweep and a replay make no issue and no failure.
    await comment(id, 'Hallå?');
    await worker.get(JiraReconcileService).reconcile();
    await syncIdle();
    expect(issueOf(id)).toEqual([]);
    const replay = await api.http.post(`/api/v1/jira/failures/${id}/replay`).set(as(admin)).expect(409);
    expect(replay.body).toMatchObject({ status: 409, code: 'JIRA_LINK_UNLINKED' });
    await syncIdle();
    expect(issueOf(id)).toEqual([]);
    expect(sim.admin.counts().total).toBe(issuesBefore);
    expect(await syncState(id)).toMatchObject({ state: 'frikopplad', issueKey: null });
    expect(await failures()).toEqual([]);
    expect(await audited(id)).toEqual([
      { action: 'jira.issue_unlinked', jiraIssueKey: { from: oldKey, to: null }, jiraSyncState: { from: 'fel', to: 'frikopplad' } },
    ]);

    // SKR changes its mind: the new issue has everything, the comment written while unlinked too.
    await api.http.post(`/api/v1/jira/links/${id}/recreate`).set(as(admin)).expect(202);
    await eventually(async () => expect(await syncState(id)).toMatchObject({ state: 'synkad', issueKey: expect.any(String) }), 30_000);
    await syncIdle();
    const [issue, ...more] = issueOf(id);
    expect(more).toEqual([]);
    expect([issue.fields.comment.total, issue.fields.attachment.length]).toEqual([2, 1]);
  });

  it('should not take back an issue that was only hidden when it shows again after the unlink', async () => {
    const created = await api.http
      .post('/api/v1/deviations')
      .set(as(party))
      .send(aDeviationBody({ rubrik: 'Döljs' }));
    const id = created.body.id as string;
    await api.http.post(`/api/v1/deviations/${id}/submit`).set(as(party)).expect(200);
    const key = await eventually(async () => {
      const state = await syncState(id);
      expect(state).toMatchObject({ state: 'synkad', issueKey: expect.any(String) });
      return state.issueKey as string;
    });
    await syncIdle();
    sim.admin.setSecurityLevel(key, 'Endast SKR');
    await eventually(
      async () => expect(await syncState(id)).toMatchObject({ state: 'fel', lastErrorCode: 'JIRA_ISSUE_NOT_FOUND' }),
      30_000,
    );
    await api.http.post(`/api/v1/jira/links/${id}/unlink`).set(as(admin)).expect(200);

    // Lifting the level is an edit: its webhook and the sweep read an issue carrying the deviation's identity.
    sim.admin.setSecurityLevel(key, null);
    sim.admin.transition(key, 'Stängd');
    await syncIdle();
    await worker.get(JiraReconcileService).reconcile();
    await syncIdle();
    expect(await linkRow(id)).toEqual({
      state: 'frikopplad',
      issue_key: null,
      last_error_code: null,
      comment_links: 0,
      attachment_links: 0,
    });
    expect((await api.http.get(`/api/v1/deviations/${id}`).set(as(party))).body.status).toBe('inskickad');
  });

  it('should refuse to re-create or unlink an issue that is not gone, and refuse anyone but an SKR admin', async () => {
    const created = await api.http
      .post('/api/v1/deviations')
      .set(as(party))
      .send(aDeviationBody({ rubrik: 'Frisk' }));
    const id = created.body.id as string;
    await api.http.post(`/api/v1/deviations/${id}/submit`).set(as(party)).expect(200);
    const key = await eventually(async () => {
      const state = await syncState(id);
      expect(state).toMatchObject({ state: 'synkad', issueKey: expect.any(String) });
      return state.issueKey as string;
    });
    await syncIdle();
    const before = await linkRow(id);

    for (const decision of ['recreate', 'unlink']) {
      const refused = await api.http.post(`/api/v1/jira/links/${id}/${decision}`).set(as(admin)).expect(409);
      expect(refused.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(refused.body).toMatchObject({ status: 409, code: 'JIRA_ISSUE_NOT_GONE' });
      for (const token of [party, await api.skrToken(Role.Skr)]) {
        const forbidden = await api.http.post(`/api/v1/jira/links/${id}/${decision}`).set(as(token)).expect(403);
        expect(forbidden.body).toMatchObject({ status: 403 });
      }
    }
    const unknown = await api.http.post(`/api/v1/jira/links/00000000-0000-4000-8000-000000000000/recreate`).set(as(admin)).expect(404);
    expect(unknown.body).toMatchObject({ code: 'JIRA_SYNC_NOT_FOUND' });
    await syncIdle();
    expect(await linkRow(id)).toEqual(before);
    expect(await audited(id)).toEqual([]);
    expect(issueOf(id).map((i) => i.key)).toEqual([key]);
  });
});
