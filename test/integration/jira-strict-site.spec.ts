import type { INestApplicationContext } from '@nestjs/common';
import { adfToText, type AdfDoc } from '../../jira-simulator/adf';
import { STRICT_AUTOMATION_COMMENT, STRICT_PARTY_FIELD } from '../../jira-simulator/profiles';
import type { JiraSimulator } from '../../jira-simulator/simulator';
import { Role } from '../../src/actor/role';
import { DUPLICATE_LABEL } from '../../src/jira/jira-duplicates.service';
import { DEVIATION_PROPERTY, deviationLabel } from '../../src/jira/jira-identity';
import { aDeviationBody } from '../factories/deviation.factory';
import { aParty } from '../factories/party.factory';
import type { TestApp } from '../support/app';
import { ownerDb, truncateAll } from '../support/database';
import { eventually } from '../support/eventually';
import { jiraClient } from '../../jira-simulator/testing/client';
import { waitForSyncIdle } from '../support/jira-sync-idle';
import { startSyncStack } from '../support/sync-stack';

/**
 * Every real-site fact at once (the simulator's `strict` profile: non-global workflow with resolution screens, a
 * required party select list, 5 s of search lag, an Automation rule commenting) while the site misbehaves in turn: a
 * lost create answer, a token that expires, a permission taken away, an issue deleted, and an outage longer than a
 * job's retry budget (two attempts 100 ms apart). Nobody calls the sweep: the worker's own schedule (every second)
 * recovers. At the end every deviation is where it should be, with one issue each, every comment and attachment in
 * Jira exactly once, and the one thing the sync cannot repair on its own (the deleted issue) listed for SKR.
 */
jest.setTimeout(120_000);

describe('Jira sync against the strict real-site profile, all at once (integration)', () => {
  let sim: JiraSimulator;
  let api: TestApp;
  let worker: INestApplicationContext;
  const saved = { ...process.env };

  beforeAll(async () => {
    ({ sim, api, worker } = await startSyncStack(
      {
        JIRA_RETRY_ATTEMPTS: '2',
        JIRA_RETRY_BASE_DELAY_MS: '100',
        JIRA_RECONCILE_INTERVAL_MS: '1000',
        // Longer than the site's 5 s: a lost create is never made again before search could show it.
        JIRA_SEARCH_LAG_MS: '6000',
        JIRA_CUSTOM_FIELDS: `party:${STRICT_PARTY_FIELD.id}`,
      },
      { profile: 'strict' },
    ));
  });

  beforeEach(async () => {
    await truncateAll();
    sim.admin.reset();
  });

  afterAll(async () => {
    await worker?.close();
    await api?.close();
    await sim?.stop();
    process.env = saved;
  });

  it('should end with every deviation right, no duplicate, nothing lost, and each problem visible to SKR', async () => {
    const party = await aParty({ name: 'Göteborgs Stad' });
    const reporter = { Authorization: `Bearer ${await api.partyToken(party.id, Role.Reporter)}` };
    const skr = { Authorization: `Bearer ${await api.skrToken(Role.Skr)}` };
    const admin = { Authorization: `Bearer ${await api.skrToken(Role.SkrAdmin)}` };
    const submit = async (rubrik: string): Promise<string> => {
      const created = await api.http.post('/api/v1/deviations').set(reporter).send(aDeviationBody({ rubrik }));
      await api.http.post(`/api/v1/deviations/${created.body.id}/submit`).set(reporter).expect(200);
      return created.body.id as string;
    };
    const jiraState = async (id: string) => (await api.http.get(`/api/v1/deviations/${id}/jira`).set(reporter)).body;
    const syncedKey = (id: string) =>
      eventually(async () => {
        expect(await jiraState(id)).toMatchObject({ state: 'synkad', issueKey: expect.stringMatching(/^KHA-\d+$/) });
        return (await jiraState(id)).issueKey as string;
      }, 30_000);
    const comment = (id: string, text: string) =>
      api.http.post(`/api/v1/deviations/${id}/comments`).set(reporter).send({ text }).expect(201);
    const integration = async () => (await api.http.get('/api/v1/jira/integration').set(admin)).body;
    // What /jira/health says of one check: SKR looks there when the integration pauses.
    const healthOf = async (check: string) =>
      ((await api.http.get('/api/v1/jira/health').set(admin).expect(200)).body.checks as { id: string; status: string }[]).find(
        (c) => c.id === check,
      )?.status;
    const commentsIn = (key: string) =>
      (sim.admin.issue(key).fields.comment as { comments: { body: AdfDoc }[] }).comments.map((c) => adfToText(c.body));

    // The first create is applied and its answer lost, while search does not show the issue for 5 s.
    sim.admin.setFaults({ timeoutAfterApply: 1, match: { method: 'POST', path: '/rest/api/3/issue' } });
    const [a, b, c, d] = [
      await submit('Timeout mot CSN'),
      await submit('Fel belopp'),
      await submit('Saknad post'),
      await submit('Långsam'),
    ];
    const keys = Object.fromEntries(await Promise.all([a, b, c, d].map(async (id) => [id, await syncedKey(id)] as const)));
    expect(sim.admin.stats().faults.timeoutAfterApply).toBe(1);

    // The token expires mid-run: the integration pauses with the reason, the comment waits; a valid token resumes it.
    sim.site.set({ token: 'expired' });
    await comment(a, 'Kommentar medan token gått ut.');
    await eventually(async () =>
      expect(await integration()).toMatchObject({ paused: true, pausedReason: expect.stringMatching(/anonymous|401/) }),
    );
    expect(await healthOf('token')).toBe('fail');
    sim.site.set({ token: 'valid' });
    await eventually(
      async () => expect(commentsIn(keys[a])).toContainEqual(expect.stringContaining('Kommentar medan token gått ut.')),
      30_000,
    );

    // A permission taken away: 403 pauses the integration, not each deviation.
    sim.site.set({ projectPermission: false });
    await comment(b, 'Kommentar utan behörighet.');
    await eventually(async () => expect(await integration()).toMatchObject({ paused: true, pausedReason: expect.stringContaining('403') }));
    expect(await healthOf('project')).toBe('fail');
    expect((await api.http.get('/api/v1/jira/failures').set(admin)).body).toEqual([]);
    sim.site.set({ projectPermission: true });
    await eventually(async () => expect(commentsIn(keys[b])).toContainEqual(expect.stringContaining('Kommentar utan behörighet.')), 30_000);
    expect((await integration()).paused).toBe(false);

    // SKR deletes one issue in Jira; the party's next comment has nowhere to go.
    sim.admin.deleteIssue(keys[c]);
    await comment(c, 'Kommentar till raderat ärende.');

    // An outage longer than the retry budget, while the party comments and adds evidence and SKR solves one.
    sim.admin.setFaults({ error5xxRate: 1, error5xxStatus: 502 });
    await comment(d, 'Kommentar under driftstopp.');
    await api.http
      .post(`/api/v1/deviations/${d}/attachments`)
      .set(reporter)
      .attach('file', Buffer.from('2026-12-05 ERROR 502\n'), 'drift.log')
      .expect(201);
    await api.http.post(`/api/v1/deviations/${a}/status`).set(skr).send({ status: 'löst', resolution: 'Rättat i version 4.2' }).expect(200);
    await eventually(async () => expect((await jiraState(d)).lastError).toEqual(expect.any(String)), 30_000);
    sim.admin.setFaults({});

    // SKR moves one issue on in Jira.
    sim.admin.transition(keys[b], 'Under investigation');

    await eventually(async () => {
      expect(sim.admin.issue(keys[a]).fields.status.id).toBe('10005');
      expect((await api.http.get(`/api/v1/deviations/${b}`).set(reporter)).body.status).toBe('under_utredning');
      expect(commentsIn(keys[d])).toContainEqual(expect.stringContaining('Kommentar under driftstopp.'));
      expect((sim.admin.issue(keys[d]).fields.attachment as { filename: string }[]).map((f) => f.filename)).toEqual(['drift.log']);
    }, 60_000);
    await waitForSyncIdle(sim, worker);

    // One issue per deviation (none for the deleted one), each comment and attachment exactly once.
    for (const id of [a, b, d]) expect(sim.admin.issues({ label: `avvikelse-${id}` })).toHaveLength(1);
    expect(sim.admin.issues({ label: `avvikelse-${c}` })).toHaveLength(0);
    const once = (key: string, text: string) => expect(commentsIn(key).filter((t) => t.endsWith(text))).toHaveLength(1);
    once(keys[a], 'Kommentar medan token gått ut.');
    once(keys[b], 'Kommentar utan behörighet.');
    once(keys[d], 'Kommentar under driftstopp.');
    expect(sim.admin.issue(keys[d]).fields.attachment).toHaveLength(1);
    expect((await api.http.get(`/api/v1/deviations/${a}`).set(reporter)).body).toMatchObject({ status: 'löst' });
    for (const id of [a, b, d]) expect(await jiraState(id)).toMatchObject({ state: 'synkad', lastError: null });

    // The Automation rule's comment is Jira's own, never the party's to read.
    const seen = await api.http.get(`/api/v1/deviations/${b}/comments`).set(reporter);
    expect(JSON.stringify(seen.body)).not.toContain(STRICT_AUTOMATION_COMMENT);

    // What the sync cannot repair by itself is listed for SKR, naming the deleted issue.
    await eventually(async () =>
      expect((await api.http.get('/api/v1/jira/failures').set(admin)).body).toEqual([
        expect.objectContaining({ deviationId: c, lastErrorCode: 'JIRA_ISSUE_NOT_FOUND' }),
      ]),
    );
    expect((await integration()).paused).toBe(false);
  });

  it("should mark a second issue carrying a linked deviation's identity as a duplicate in Jira, once, and keep the link", async () => {
    const party = await aParty({ name: 'Göteborgs Stad' });
    const reporter = { Authorization: `Bearer ${await api.partyToken(party.id, Role.Reporter)}` };
    const created = await api.http
      .post('/api/v1/deviations')
      .set(reporter)
      .send(aDeviationBody({ rubrik: 'Dubblett' }));
    const id = created.body.id as string;
    await api.http.post(`/api/v1/deviations/${id}/submit`).set(reporter).expect(200);
    const key = await eventually(async () => {
      const state = (await api.http.get(`/api/v1/deviations/${id}/jira`).set(reporter)).body;
      expect(state).toMatchObject({ state: 'synkad', issueKey: expect.stringMatching(/^KHA-\d+$/) });
      return state.issueKey as string;
    });

    // The create a lost answer and a search that did not show the first issue yet would have sent again.
    const again = await jiraClient(sim)
      .post('/rest/api/3/issue')
      .send({
        fields: {
          project: { key: 'KHA' },
          issuetype: { id: '10010' },
          summary: 'Dubblett',
          labels: [deviationLabel(id)],
          [STRICT_PARTY_FIELD.id]: { value: 'Göteborgs Stad' },
        },
        properties: [{ key: DEVIATION_PROPERTY, value: { deviationId: id } }],
      });
    expect(again.status).toBe(201);
    const orphan = again.body.key as string;

    await eventually(async () => expect(sim.admin.issue(orphan).fields.labels).toContain(DUPLICATE_LABEL));
    // SKR comments on the orphan: the pull meets it again and leaves it as it is.
    sim.admin.addComment(orphan, 'Stänger dubbletten.');
    await waitForSyncIdle(sim, worker);
    const orphanComments = commentsOf(sim, orphan).filter((text) => text.includes(`kopplad till ${key}`));
    expect(orphanComments).toHaveLength(1);
    expect(sim.admin.issue(key).fields.labels).not.toContain(DUPLICATE_LABEL);
    expect((await api.http.get(`/api/v1/deviations/${id}/jira`).set(reporter)).body).toMatchObject({ state: 'synkad', issueKey: key });
    const audit = await (
      await ownerDb()
    ).query(`SELECT changes FROM audit_entry WHERE entity_id = $1 AND action = 'jira.duplicate_marked'`, [id]);
    expect(audit).toEqual([{ changes: { duplicateIssue: { from: null, to: orphan }, linkedIssue: { from: key, to: key } } }]);
  });
});

function commentsOf(sim: JiraSimulator, key: string): string[] {
  return (sim.admin.issue(key).fields.comment as { comments: { body: AdfDoc }[] }).comments.map((c) => adfToText(c.body));
}
