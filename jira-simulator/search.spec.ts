import type request from 'supertest';
import { startJiraSimulator, type JiraSimulator } from './simulator';
import { expectContract, jiraClient, type JiraTestClient } from './testing/client';

const SEARCH = '/rest/api/3/search/jql';

/** A Stockholm wall-clock minute as JQL writes it, e.g. "2024-03-01 10:15". */
function stockholmMinute(ms: number): string {
  return new Intl.DateTimeFormat('sv-SE', {
    timeZone: 'Europe/Stockholm',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
  }).format(new Date(ms));
}

describe('Jira simulator: JQL search', () => {
  let sim: JiraSimulator;
  let jira: JiraTestClient;

  beforeAll(async () => {
    sim = await startJiraSimulator();
    jira = jiraClient(sim);
  });
  afterAll(() => sim.stop());
  beforeEach(() => sim.admin.reset());

  it('pages with nextPageToken until isLast, answering only ids unless fields are asked for', async () => {
    for (let i = 1; i <= 7; i++) sim.admin.createIssue({ summary: `Ärende ${i}`, labels: ['sida'] });
    const seen: string[] = [];
    let token: string | undefined;
    let pages = 0;
    do {
      const res = await jira
        .get(SEARCH)
        .query({ jql: 'project = KHA ORDER BY created ASC', maxResults: 3, ...(token ? { nextPageToken: token } : {}) });
      expectContract(res, 'GET', SEARCH, 200);
      pages++;
      for (const issue of res.body.issues) {
        expect(Object.keys(issue)).toEqual(['id']);
        seen.push(issue.id);
      }
      expect(res.body.isLast).toBe(pages === 3);
      token = res.body.nextPageToken;
      expect(token === undefined).toBe(res.body.isLast);
    } while (token);
    expect(seen).toEqual(['10000', '10001', '10002', '10003', '10004', '10005', '10006']);

    const withFields = await jira
      .post(SEARCH)
      .send({ jql: 'project = KHA', fields: ['summary', 'status'], maxResults: 2, properties: ['*all'] });
    expectContract(withFields, 'POST', SEARCH, 200);
    expect(withFields.body.issues[0]).toMatchObject({
      id: '10006',
      key: 'KHA-7',
      fields: { summary: 'Ärende 7', status: { name: 'Att göra' } },
    });
    expect(Object.keys(withFields.body.issues[0].fields).sort()).toEqual(['status', 'summary']);
    const next = await jira
      .post(SEARCH)
      .send({ jql: 'project = KHA', fields: ['summary'], maxResults: 2, nextPageToken: withFields.body.nextPageToken });
    expect(next.body.issues.map((i: { key: string }) => i.key)).toEqual(['KHA-5', 'KHA-4']);
  });

  it("reads updated >= dates in the user's time zone or as epoch ms, and orders by updated", async () => {
    const first = sim.admin.createIssue({ summary: 'Först', labels: ['part-42'] });
    sim.admin.advanceClock(5 * 60_000);
    const second = sim.admin.createIssue({ summary: 'Sedan', labels: ['part-7'] });
    const secondCreated = Date.parse(second.fields.created.replace(/([+-]\d\d)(\d\d)$/, '$1:$2'));
    sim.admin.advanceClock(5 * 60_000);
    sim.admin.editIssue(first.key, { summary: 'Först, ändrad' });

    const since = `project = KHA AND updated >= "${stockholmMinute(secondCreated)}" ORDER BY updated ASC`;
    const byMinute = await jira.post(SEARCH).send({ jql: since, fields: ['updated'] });
    expectContract(byMinute, 'POST', SEARCH, 200);
    expect(byMinute.body.issues.map((i: { key: string }) => i.key)).toEqual([second.key, first.key]);

    const byEpoch = await jira
      .get(SEARCH)
      .query({ jql: `project = KHA AND updated > ${secondCreated + 1} ORDER BY updated ASC`, fields: 'key' });
    expect(byEpoch.body.issues).toEqual([{ id: first.id, key: first.key }]);

    const labelled = await jira.get(SEARCH).query({ jql: 'project = KHA AND labels = part-42' });
    expect(labelled.body.issues).toEqual([{ id: first.id }]);
    const notLabelled = await jira.get(SEARCH).query({ jql: 'project = KHA AND labels != part-42 ORDER BY key ASC' });
    expect(notLabelled.body.issues).toEqual([{ id: second.id }]);
    const either = await jira.get(SEARCH).query({ jql: 'labels in (part-42, part-7) AND status = "Att göra" ORDER BY created DESC' });
    expect(either.body.issues.map((i: { id: string }) => i.id)).toEqual([second.id, first.id]);
  });

  it('matches issue properties, statuses, resolution and keys', async () => {
    const a = sim.admin.createIssue({ summary: 'A' });
    const b = sim.admin.createIssue({ summary: 'B' });
    await jira.put(`/rest/api/3/issue/${b.key}/properties/avvikelse`).send({ reportId: 'r-9' });
    sim.admin.transition(a.key, 'Löst');
    const search = async (jql: string): Promise<string[]> => {
      const res = await jira.post(SEARCH).send({ jql, fields: ['key'] });
      expect(res.status).toBe(200);
      return res.body.issues.map((i: { key: string }) => i.key);
    };
    expect(await search('issue.property[avvikelse].reportId = "r-9"')).toEqual([b.key]);
    expect(await search('project = KHA AND statusCategory = Done')).toEqual([a.key]);
    expect(await search('project = KHA AND resolution = Unresolved')).toEqual([b.key]);
    expect(await search('project = KHA AND resolution IS NOT EMPTY')).toEqual([a.key]);
    expect(await search(`key = ${a.key} OR (summary ~ "B" AND NOT status = 10005)`)).toEqual([b.key, a.key]);
  });

  it('rejects unbounded, malformed and unknown JQL and foreign page tokens with 400', async () => {
    const cases: [string, RegExp][] = [
      ['ORDER BY updated ASC', /Unbounded JQL/],
      ['', /Unbounded JQL/],
      ['project = KHA AND', /Error in the JQL Query/],
      ['project = KHA ORDER updated', /Error in the JQL Query: Expecting 'BY'/],
      ['projekt = KHA', /Field 'projekt' does not exist/],
      ['project = NOPE', /The value 'NOPE' does not exist for the field 'project'/],
      ['project = KHA AND updated >= "igår"', /Date value 'igår' for field 'updated' is invalid/],
      ['project = KHA AND labels > x', /operator '>' is not supported by the 'labels' field/],
    ];
    for (const [jql, message] of cases) {
      const res = await jira.get(SEARCH).query({ jql });
      expectContract(res, 'GET', SEARCH, 400);
      expect(res.body.errorMessages.join(' ')).toMatch(message);
    }
    sim.admin.createIssue({ summary: 'x' });
    sim.admin.createIssue({ summary: 'y' });
    const first = await jira.get(SEARCH).query({ jql: 'project = KHA', maxResults: 1 });
    const foreign = await jira.get(SEARCH).query({ jql: 'project = KHA AND labels = x', nextPageToken: first.body.nextPageToken });
    expectContract(foreign, 'GET', SEARCH, 400);
  });

  it('answers 410 Gone on the removed /rest/api/3/search, GET and POST', async () => {
    const answers: [string, request.Response][] = [
      ['GET', await jira.get('/rest/api/3/search?jql=project%20%3D%20KHA')],
      ['POST', await jira.post('/rest/api/3/search').send({ jql: 'project = KHA' })],
    ];
    for (const [method, res] of answers) {
      expectContract(res, method, '/rest/api/3/search', 410);
      expect(res.body.errorMessages[0]).toMatch(/has been removed.*\/rest\/api\/3\/search\/jql/);
    }
  });
});
