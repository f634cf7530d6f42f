import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { startJiraSimulator, type JiraSimulator } from './simulator';
import { expectContract, jiraClient } from './testing/client';
import { startWebhookReceiver } from './testing/webhook-receiver';

const ISSUES = '/rest/api/3/issue';
const ISSUE = '/rest/api/3/issue/{issueIdOrKey}';
const SEARCH = '/rest/api/3/search/jql';
const doc = (text: string) => ({ type: 'doc', version: 1, content: [{ type: 'paragraph', content: [{ type: 'text', text }] }] });

/**
 * JIRA-REALITY "Issues that move or vanish" and the restart of `npm start`: a real site never hands out an issue id or
 * key twice, keeps redirecting a moved issue's old key, and answers 404 for a deleted issue and for one under a
 * security level the account is not in.
 */
describe('Jira simulator: state across restarts, moved, deleted and hidden issues', () => {
  let dir: string;
  const running: JiraSimulator[] = [];
  const start = async (options: { stateFile?: string; fresh?: boolean } = {}) => {
    const sim = await startJiraSimulator(options);
    running.push(sim);
    return sim;
  };
  const create = async (sim: JiraSimulator, summary: string) => {
    const res = await jiraClient(sim)
      .post(ISSUES)
      .send({
        fields: { project: { key: 'KHA' }, issuetype: { name: 'Avvikelse' }, summary, description: doc(summary) },
        properties: [{ key: 'avvikelse.deviationId', value: summary }],
      });
    expectContract(res, 'POST', ISSUES, 201);
    return res.body as { id: string; key: string };
  };

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'jira-sim-state-'));
  });
  afterEach(async () => {
    await Promise.all(running.splice(0).map((sim) => sim.stop()));
    rmSync(dir, { recursive: true, force: true });
  });

  it('continues ids and keys after a restart with its state file, with issues, comments and properties kept', async () => {
    const stateFile = join(dir, 'jira-sim.json');
    const first = await start({ stateFile });
    const a = await create(first, 'first');
    first.admin.addComment(a.key, 'Vi tittar på det.');
    first.admin.transition(a.key, 'Under utredning');
    await first.stop();

    const second = await start({ stateFile });
    const b = await create(second, 'second');
    expect([a.key, b.key]).toEqual(['KHA-1', 'KHA-2']);
    expect(Number(b.id)).toBeGreaterThan(Number(a.id));
    const kept = second.admin.issue(a.key);
    expect(kept).toMatchObject({ id: a.id, properties: { 'avvikelse.deviationId': 'first' } });
    expect(kept.fields.status.name).toBe('Under utredning');
    expect(kept.fields.comment.comments.map((c) => c.id)).toHaveLength(1);
    // Written by rename: no temporary file is left beside it.
    expect(readdirSync(dir)).toEqual(['jira-sim.json']);
  });

  it('writes changes without a clean stop (debounced), so a killed simulator keeps what it answered', async () => {
    const stateFile = join(dir, 'jira-sim.json');
    const first = await start({ stateFile });
    await create(first, 'first');
    // The debounced write lands on its own, without a stop: the file names the issue once it has.
    const deadline = Date.now() + 10_000;
    while (!(existsSync(stateFile) && readFileSync(stateFile, 'utf8').includes('"first"')) && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 20));
    }
    // A second simulator reads the file while the first still runs, as after a kill -9.
    const second = await start({ stateFile });
    expect((await create(second, 'second')).key).toBe('KHA-2');
  });

  it('starts empty when asked to, handing out KHA-1 again (the data-loss reproduction)', async () => {
    const stateFile = join(dir, 'jira-sim.json');
    const first = await start({ stateFile });
    const a = await create(first, 'first');
    await first.stop();
    const second = await start({ stateFile, fresh: true });
    const b = await create(second, 'second');
    expect([b.id, b.key]).toEqual([a.id, a.key]);
    expect(second.admin.issue(b.key).properties).toEqual({ 'avvikelse.deviationId': 'second' });
  });

  it('keeps memory only without a state file', async () => {
    const first = await start();
    await create(first, 'first');
    await first.stop();
    expect((await create(await start(), 'second')).key).toBe('KHA-1');
  });

  it('moves an issue: same id, a new key, the old key redirecting, out of the old project in JQL', async () => {
    const sim = await start();
    const jira = jiraClient(sim);
    const a = await create(sim, 'first');
    const moved = sim.admin.moveIssue(a.key, 'OPS');
    expect([moved.id, moved.key]).toEqual([a.id, 'OPS-1']);
    expect(moved.fields.project).toMatchObject({ key: 'OPS' });
    const byOldKey = await jira.get(`${ISSUES}/${a.key}?fields=summary&properties=avvikelse.deviationId`);
    expectContract(byOldKey, 'GET', ISSUE, 200);
    expect(byOldKey.body).toMatchObject({ id: a.id, key: 'OPS-1', properties: { 'avvikelse.deviationId': 'first' } });
    const search = await jira.post(SEARCH).send({ jql: 'project = KHA', fields: ['key'] });
    expectContract(search, 'POST', SEARCH, 200);
    expect(search.body.issues).toEqual([]);
    // The next issue of KHA does not take the number freed by the move.
    expect((await create(sim, 'second')).key).toBe('KHA-2');
  });

  it('answers 404 for a deleted issue, and sends jira:issue_deleted', async () => {
    const receiver = await startWebhookReceiver();
    try {
      const sim = await start();
      sim.admin.configureWebhook({ url: receiver.url, secret: 'secret' });
      const a = await create(sim, 'first');
      sim.admin.deleteIssue(a.key);
      for (const ref of [a.id, a.key]) expectContract(await jiraClient(sim).get(`${ISSUES}/${ref}`), 'GET', ISSUE, 404);
      expect(sim.admin.counts().total).toBe(0);
      const deliveries = await receiver.waitFor(2);
      expect(deliveries.map((d) => d.json.webhookEvent)).toEqual(['jira:issue_created', 'jira:issue_deleted']);
      expect(deliveries[1].json.issue).toMatchObject({ id: a.id, key: a.key });
    } finally {
      await receiver.close();
    }
  });

  it('offers move, security level and delete over the admin HTTP API too', async () => {
    const sim = await start();
    const admin = request(sim.url);
    const a = await create(sim, 'first');
    const moved = await admin.post(`/__admin/issues/${a.key}/move`).send({ projectKey: 'OPS' }).expect(200);
    expect(moved.body).toMatchObject({ id: a.id, key: 'OPS-1' });
    await admin.post('/__admin/issues/OPS-1/move').send({ projectKey: 'kha ops' }).expect(400);
    await admin.post('/__admin/issues/OPS-1/security-level').send({ level: 'Endast SKR' }).expect(200);
    expectContract(await jiraClient(sim).get(`${ISSUES}/OPS-1`), 'GET', ISSUE, 404);
    await admin.post('/__admin/issues/OPS-1/security-level').send({ level: null }).expect(200);
    expectContract(await jiraClient(sim).get(`${ISSUES}/OPS-1`), 'GET', ISSUE, 200);
    await admin.delete('/__admin/issues/OPS-1').expect(204);
    await admin.get(`/__admin/issues/${a.id}`).expect(404);
  });

  it('hides an issue under a security level from the service account (404, not in search) until it is lifted', async () => {
    const sim = await start();
    const jira = jiraClient(sim);
    const a = await create(sim, 'first');
    sim.admin.setSecurityLevel(a.key, 'SKR intern');
    expectContract(await jira.get(`${ISSUES}/${a.id}`), 'GET', ISSUE, 404);
    const search = await jira.post(SEARCH).send({ jql: 'project = KHA', fields: ['key'] });
    expect(search.body.issues).toEqual([]);
    // The triager still sees it.
    expect(sim.admin.issue(a.key).id).toBe(a.id);
    sim.admin.setSecurityLevel(a.key, null);
    expectContract(await jira.get(`${ISSUES}/${a.id}`), 'GET', ISSUE, 200);
  });
});
