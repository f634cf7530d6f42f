import { textToAdf } from '../../src/jira/adf';
import { JiraJsClient } from '../../src/jira/jira-js.client';
import { DEFAULT_API_TOKEN, DEFAULT_EMAIL, startJiraSimulator, type JiraSimulator } from '../../jira-simulator/simulator';

/** Our Jira port against a simulator behaving as a real site does: slow uploads, switched-off attachments, the gateway. */
describe(`${JiraJsClient.name} against a real-site Jira`, () => {
  let sim: JiraSimulator;
  const client = (target: JiraSimulator, timeoutMs = 2000) =>
    new JiraJsClient({
      baseUrl: target.url,
      email: DEFAULT_EMAIL,
      apiToken: DEFAULT_API_TOKEN,
      projectKey: 'KHA',
      issueTypeId: '10010',
      timeoutMs,
      onSchemaMismatch: 'throw',
    });

  beforeAll(async () => {
    sim = await startJiraSimulator();
  });
  beforeEach(() => sim.admin.reset());
  afterAll(() => sim.stop());

  it('should abort an upload at its deadline so that Jira never completes it after the sync gave up', async () => {
    const issue = sim.admin.createIssue({ summary: 'Bilaga' });
    sim.admin.setFaults({ latencyMs: 2500, match: { method: 'POST', path: '/attachments' } });
    const jira = client(sim, 300);
    const started = Date.now();
    await expect(jira.addAttachment(issue.key, 'logg.txt', Buffer.from('rad 1\n'))).rejects.toMatchObject({ kind: 'transient' });
    expect(Date.now() - started).toBeLessThan(2000);
    sim.admin.setFaults({});
    // Long after the slow request would have been handled, it left nothing: the retry's upload is the only one. The
    // sleep is the point (an absence has no event to wait for): 3 s outlasts the simulator's 2.5 s latency.
    await new Promise((resolve) => setTimeout(resolve, 3000));
    expect(sim.admin.issue(issue.key).fields.attachment).toEqual([]);
    await jira.addAttachment(issue.key, 'logg.txt', Buffer.from('rad 1\n'));
    expect(sim.admin.issue(issue.key).fields.attachment).toHaveLength(1);
  });

  it('should give a large upload more time than a small one', async () => {
    const issue = sim.admin.createIssue({ summary: 'Stor bilaga' });
    // 600 ms per request: over the 300 ms base deadline, under the one scaled for 1 MB (300 ms + ~4 s).
    sim.admin.setFaults({ latencyMs: 600, match: { method: 'POST', path: '/attachments' } });
    const jira = client(sim, 300);
    await jira.addAttachment(issue.key, 'dump.bin', Buffer.alloc(1024 * 1024, 1));
    expect(sim.admin.issue(issue.key).fields.attachment).toHaveLength(1);
  });

  it("should fail one deviation's upload, not pause the integration, when attachments are switched off", async () => {
    const issue = sim.admin.createIssue({ summary: 'Bilaga' });
    sim.site.set({ attachments: { enabled: false, uploadLimit: 0 } });
    await expect(client(sim).addAttachment(issue.key, 'a.pdf', Buffer.from('pdf'))).rejects.toMatchObject({
      kind: 'permanent',
      status: 403,
    });
  });

  it('should work through the scoped-token gateway path /ex/jira/{cloudId}', async () => {
    const gateway = await startJiraSimulator({ pathPrefix: '/ex/jira/0f6a3c1e-1111-2222-3333-444455556666' });
    try {
      const jira = client(gateway);
      const created = await jira.createIssue({
        summary: 'Via gatewayen',
        description: textToAdf('x'),
        priorityId: '3',
        labels: [],
        deviationId: 'dev-gw',
      });
      expect(await jira.findByDeviationId('dev-gw')).toEqual([created]);
      await jira.addAttachment(created.key, 'a.txt', Buffer.from('a'));
      expect(gateway.admin.issue(created.key).fields.attachment).toHaveLength(1);
    } finally {
      await gateway.stop();
    }
  });
});
