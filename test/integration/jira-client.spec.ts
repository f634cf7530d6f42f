import { textToAdf } from '../../src/jira/adf';
import { JiraJsClient } from '../../src/jira/jira-js.client';
import { JiraCallError } from '../../src/jira/jira.errors';
import { DEFAULT_API_TOKEN, DEFAULT_EMAIL, startJiraSimulator, type JiraSimulator } from '../../jira-simulator/simulator';

/** Our Jira port, through jira.js 6, against the simulator over real HTTP. jira.js validates every answer (zod). */
describe(JiraJsClient.name, () => {
  let sim: JiraSimulator;
  let jira: JiraJsClient;
  const connection = (overrides: Partial<ConstructorParameters<typeof JiraJsClient>[0]> = {}) =>
    new JiraJsClient({
      baseUrl: sim.url,
      email: DEFAULT_EMAIL,
      apiToken: DEFAULT_API_TOKEN,
      projectKey: 'KHA',
      issueTypeId: '10010',
      // Generous: on a loaded 2-core run the in-process simulator can take seconds to answer; the timeout case sets its own.
      timeoutMs: 15_000,
      onSchemaMismatch: 'throw',
      ...overrides,
    });

  beforeAll(async () => {
    sim = await startJiraSimulator();
  });
  beforeEach(() => {
    sim.admin.reset();
    jira = connection();
  });
  afterAll(() => sim.stop());

  const newIssue = (deviationId: string) => ({
    summary: 'AVV-2026-00001 Svarstider över 30 s mot CSN',
    description: textToAdf('Steg:\n1. Sök person\n2. Vänta'),
    priorityId: '2',
    labels: ['ssbtek'],
    deviationId,
  });

  it('should create an issue that carries our deviation id and find it again', async () => {
    const created = await jira.createIssue(newIssue('dev-1'));
    expect(created.key).toMatch(/^KHA-\d+$/);
    const snapshot = sim.admin.issue(created.key);
    expect(snapshot.fields.labels).toEqual(expect.arrayContaining(['ssbtek', 'avvikelse-dev-1']));
    // The deviation's id travels as an issue property in the create request itself: one request, never half made.
    expect(Object.values(snapshot.properties)).toEqual([{ deviationId: 'dev-1' }]);
    expect(sim.admin.stats().requests['PUT /rest/api/3/issue/{issueIdOrKey}/properties/{propertyKey}']).toBeUndefined();
    expect(await jira.findByDeviationId('dev-1')).toEqual([created]);
    expect(await jira.findByDeviationId('dev-2')).toEqual([]);
    const state = await jira.getIssue(created.id);
    expect(state).toMatchObject({ id: created.id, key: created.key, priorityId: '2', resolution: null, deviationId: 'dev-1' });
    expect(state!.updated).toBeInstanceOf(Date);
  });

  it("should read the issue's identity with the issue, and write it on an issue that lacks it", async () => {
    const made = sim.admin.createIssue({ summary: 'Skapad av SKR i Jira' });
    expect(await jira.getIssue(made.id)).toMatchObject({ key: made.key, deviationId: null });
    await jira.setDeviationId(made.key, 'dev-9');
    await jira.setDeviationId(made.key, 'dev-9');
    expect(sim.admin.issue(made.key).properties).toEqual({ avvikelse: { deviationId: 'dev-9' } });
    expect(await jira.getIssue(made.id)).toMatchObject({ deviationId: 'dev-9' });
  });

  it('should read status, priority and resolution set by SKR, and tell internal comments apart', async () => {
    const { id, key } = await jira.createIssue(newIssue('dev-3'));
    sim.admin.transition(key, 'Löst', { resolution: 'Done' });
    sim.admin.setPriority(key, '1');
    sim.admin.addComment(key, 'Publikt svar till parten');
    sim.admin.addComment(key, 'Intern anteckning', { internal: true });
    sim.admin.addComment(key, 'Regel körd', { author: 'app' });
    await jira.addComment(id, textToAdf('Från parten'));
    const state = await jira.getIssue(id);
    expect(state).toMatchObject({ statusId: '10005', priorityId: '1', resolution: 'Done', secured: false });
    const comments = await jira.listComments(id);
    // Jira Software answers jsdPublic true for a restricted comment: only `restricted` tells it apart.
    expect(comments.map((c) => [c.restricted, c.jsdPublic, c.internalNote, c.authorAccountType])).toEqual([
      [false, true, false, 'atlassian'],
      [true, true, false, 'atlassian'],
      [false, true, false, 'app'],
      [false, true, false, 'atlassian'],
    ]);
    expect(comments[3].authorAccountId).toBe(await jira.myAccountId());
    await jira.setCommentProperty(comments[0].id, 'avvikelse.shared', { deviationId: 'dev-3' });
    expect(sim.admin.comment(key, comments[0].id).properties).toEqual([{ key: 'avvikelse.shared', value: { deviationId: 'dev-3' } }]);
  });

  it('should attach a file and edit the party-owned fields', async () => {
    const { id, key } = await jira.createIssue(newIssue('dev-4'));
    const attachment = await jira.addAttachment(id, 'logg.txt', Buffer.from('rad 1\nrad 2\n'));
    expect(attachment.id).toMatch(/^\d+$/);
    await jira.editIssue(id, { summary: 'Ny rubrik' });
    expect(sim.admin.issue(key).fields.summary).toBe('Ny rubrik');
  });

  it('should page through issues updated since a time', async () => {
    const since = new Date(Date.now() - 1000);
    for (let i = 0; i < 3; i++) await jira.createIssue(newIssue(`dev-page-${i}`));
    const first = await jira.searchUpdatedSince(since);
    expect(first.issueIds).toHaveLength(3);
  });

  it('should say 404 is gone, 401 is auth and 429 is rate limited with its wait', async () => {
    expect(await jira.getIssue('KHA-999')).toBeNull();
    await expect(connection({ apiToken: 'wrong' }).getIssue('KHA-1')).rejects.toMatchObject({ kind: 'auth', status: 401 });
    sim.admin.setFaults({ rateLimitStorm: { count: 1, retryAfterSeconds: 2 } });
    const error = (await jira.createIssue(newIssue('dev-5')).catch((e: unknown) => e)) as JiraCallError;
    expect(error).toBeInstanceOf(JiraCallError);
    expect(error).toMatchObject({ kind: 'rate_limited', status: 429 });
    expect(error.retryAfterMs).toBeGreaterThanOrEqual(1000);
    expect(sim.admin.counts().total).toBe(0);
  });

  it('should treat a timeout after the write was applied as transient, and the issue can be found', async () => {
    sim.admin.setFaults({ timeoutAfterApply: { count: 1, mode: 'hang' }, match: { method: 'POST', path: '/rest/api/3/issue' } });
    const client = connection({ timeoutMs: 300 });
    await expect(client.createIssue(newIssue('dev-6'))).rejects.toMatchObject({ kind: 'transient' });
    sim.admin.setFaults({});
    expect(await jira.findByDeviationId('dev-6')).toHaveLength(1);
  });

  it('should treat 5xx as transient', async () => {
    sim.admin.setFaults({ fail5xxNext: 1 });
    await expect(jira.getIssue('KHA-1')).rejects.toMatchObject({ kind: 'transient', status: 500 });
  });
});
