import request from 'supertest';
import { startJiraSimulator, type JiraSimulator } from './simulator';
import { expectContract, jiraClient, type JiraTestClient } from './testing/client';

const ISSUES = '/rest/api/3/issue';
const ISSUE = '/rest/api/3/issue/{issueIdOrKey}';
const TRANSITIONS = '/rest/api/3/issue/{issueIdOrKey}/transitions';
const COMMENTS = '/rest/api/3/issue/{issueIdOrKey}/comment';
const COMMENT = '/rest/api/3/issue/{issueIdOrKey}/comment/{id}';
const ATTACHMENTS = '/rest/api/3/issue/{issueIdOrKey}/attachments';
const PROPERTIES = '/rest/api/3/issue/{issueIdOrKey}/properties';
const PROPERTY = '/rest/api/3/issue/{issueIdOrKey}/properties/{propertyKey}';
const JIRA_TIME = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}[+-]\d{4}$/;

const doc = (text: string) => ({ type: 'doc', version: 1, content: [{ type: 'paragraph', content: [{ type: 'text', text }] }] });

describe('Jira simulator: issues, comments, attachments, properties', () => {
  let sim: JiraSimulator;
  let jira: JiraTestClient;

  beforeAll(async () => {
    sim = await startJiraSimulator({ maxAttachmentBytes: 64 * 1024 });
    jira = jiraClient(sim);
  });
  afterAll(() => sim.stop());
  beforeEach(() => sim.admin.reset());

  const createIssue = async (fields: Record<string, unknown> = {}): Promise<{ id: string; key: string }> => {
    const res = await jira.post(ISSUES).send({
      fields: { project: { key: 'KHA' }, issuetype: { name: 'Avvikelse' }, summary: 'Avvikelse i inkomstuppgifter', ...fields },
    });
    expectContract(res, 'POST', ISSUES, 201);
    return res.body as { id: string; key: string };
  };

  it('answers 401 with an ErrorCollection for missing or wrong credentials, and /myself for the right ones', async () => {
    const anonymous = await request(sim.url).get('/rest/api/3/myself');
    expectContract(anonymous, 'GET', '/rest/api/3/myself', 401);
    expect(anonymous.body.errorMessages[0]).toMatch(/not authenticated/);
    const wrong = await jiraClient(sim, 'sync@avvikelse.test', 'wrong-token').get(`${ISSUES}/KHA-1`);
    expectContract(wrong, 'GET', ISSUE, 401);

    const me = await jira.get('/rest/api/3/myself');
    expectContract(me, 'GET', '/rest/api/3/myself', 200);
    expect(me.body).toMatchObject({ emailAddress: 'sync@avvikelse.test', timeZone: 'Europe/Stockholm', active: true });
  });

  it('lists the priorities, statuses and resolutions with their documented ids', async () => {
    const priorities = await jira.get('/rest/api/3/priority');
    expectContract(priorities, 'GET', '/rest/api/3/priority', 200);
    expect(priorities.body.map((p: { id: string; name: string }) => `${p.id}:${p.name}`)).toEqual([
      '1:Highest',
      '2:High',
      '3:Medium',
      '4:Low',
    ]);

    const statuses = await jira.get('/rest/api/3/status');
    expectContract(statuses, 'GET', '/rest/api/3/status', 200);
    expect(
      statuses.body.map((s: { id: string; name: string; statusCategory: { key: string } }) => `${s.id}:${s.name}:${s.statusCategory.key}`),
    ).toEqual([
      '10000:Att göra:new',
      '10001:Mottagen:indeterminate',
      '10002:Under utredning:indeterminate',
      '10003:Åtgärdas:indeterminate',
      '10004:Väntar på komplettering:indeterminate',
      '10005:Löst:done',
      '10006:Stängd:done',
    ]);

    const byId = await jira.get('/rest/api/3/statuses?id=10005&id=10001');
    expectContract(byId, 'GET', '/rest/api/3/statuses', 200);
    expect(byId.body).toEqual([
      { id: '10005', name: 'Löst', statusCategory: 'DONE', scope: { type: 'GLOBAL' } },
      { id: '10001', name: 'Mottagen', statusCategory: 'IN_PROGRESS', scope: { type: 'GLOBAL' } },
    ]);
    expectContract(await jira.get('/rest/api/3/statuses'), 'GET', '/rest/api/3/statuses', 400);

    const resolutions = await jira.get('/rest/api/3/resolution');
    expectContract(resolutions, 'GET', '/rest/api/3/resolution', 200);
    expect(resolutions.body.map((r: { name: string }) => r.name)).toEqual(['Done', "Won't Do", 'Duplicate', 'Cannot Reproduce']);
  });

  it('creates an issue and answers it with every field Jira would', async () => {
    const created = await createIssue({
      description: doc('Fel belopp i underlaget.'),
      priority: { id: '2' },
      labels: ['avvikelse', 'part-42'],
      customfield_10050: 'AVV-2024-0001',
    });
    expect(created).toMatchObject({ id: '10000', key: 'KHA-1', self: `${sim.url}/rest/api/3/issue/10000` });

    const res = await jira.get(`${ISSUES}/KHA-1`);
    expectContract(res, 'GET', ISSUE, 200);
    const fields = res.body.fields;
    expect(fields.status).toMatchObject({ id: '10000', name: 'Att göra', statusCategory: { id: 2, key: 'new', name: 'To Do' } });
    expect(fields.priority).toMatchObject({ id: '2', name: 'High' });
    expect(fields.resolution).toBeNull();
    expect(fields.labels).toEqual(['avvikelse', 'part-42']);
    expect(fields.description).toEqual(doc('Fel belopp i underlaget.'));
    expect(fields.customfield_10050).toBe('AVV-2024-0001');
    expect(fields.created).toMatch(JIRA_TIME);
    expect(fields.updated).toBe(fields.created);
    expect(fields.comment).toMatchObject({ comments: [], total: 0 });
    expect(fields.reporter.displayName).toBe('Avvikelse sync');
    expect((await jira.get(`${ISSUES}/10000`)).body.key).toBe('KHA-1');
  });

  it('rejects invalid creations with Jira error collections', async () => {
    const base = { project: { key: 'KHA' }, issuetype: { name: 'Avvikelse' }, summary: 'x' };
    const cases: [Record<string, unknown>, string, RegExp][] = [
      [{ ...base, summary: undefined }, 'summary', /must specify a summary/],
      [{ ...base, project: { key: 'NOPE' } }, 'project', /valid project/],
      [{ ...base, issuetype: { name: 'Epic' } }, 'issuetype', /valid issue type/],
      [{ ...base, description: 'plain text' }, 'description', /Atlassian Document/],
      [{ ...base, description: { type: 'doc', version: 2, content: [] } }, 'description', /Atlassian Document/],
      [{ ...base, labels: ['has space'] }, 'labels', /contains spaces/],
      [{ ...base, priority: { id: '9' } }, 'priority', /Priority/],
      [{ ...base, assignee: { accountId: 'x' } }, 'assignee', /cannot be set/],
    ];
    for (const [fields, field, message] of cases) {
      const res = await jira.post(ISSUES).send({ fields });
      expectContract(res, 'POST', ISSUES, 400);
      expect(res.body.errors[field]).toMatch(message);
    }
    expect(sim.admin.counts().total).toBe(0);
  });

  it('filters fields, adds requested properties and the changelog on GET, and 404s unknown issues', async () => {
    const { key } = await createIssue({ labels: ['a'] });
    await jira.put(`${PROPERTY.replace('{issueIdOrKey}', key).replace('{propertyKey}', 'avvikelse')}`).send({ id: 'abc' });
    await jira.put(`${ISSUES}/${key}`).send({ fields: { summary: 'Ny rubrik' } });

    const some = await jira.get(`${ISSUES}/${key}?fields=summary,status&properties=avvikelse&expand=changelog,names`);
    expectContract(some, 'GET', ISSUE, 200);
    expect(Object.keys(some.body.fields).sort()).toEqual(['status', 'summary']);
    expect(some.body.properties).toEqual({ avvikelse: { id: 'abc' } });
    expect(some.body.names).toEqual({ summary: 'Summary', status: 'Status' });
    expect(some.body.changelog.histories).toHaveLength(1);
    expect(some.body.changelog.histories[0].items).toEqual([
      { field: 'summary', fieldtype: 'jira', fieldId: 'summary', fromString: 'Avvikelse i inkomstuppgifter', toString: 'Ny rubrik' },
    ]);

    const excluded = await jira.get(`${ISSUES}/${key}?fields=*all,-comment,-description`);
    expect(excluded.body.fields).not.toHaveProperty('comment');
    expect(excluded.body.fields).not.toHaveProperty('description');
    expect(excluded.body.fields).toHaveProperty('labels');
    expect(excluded.body).not.toHaveProperty('changelog');

    const missing = await jira.get(`${ISSUES}/KHA-999`);
    expectContract(missing, 'GET', ISSUE, 404);
    expect(missing.body).toEqual({ errorMessages: ['Issue does not exist or you do not have permission to see it.'], errors: {} });
  });

  it('edits fields with 204, refuses status edits with 400, and leaves no trace for no-op edits', async () => {
    const { key } = await createIssue({ labels: ['a'] });
    const edit = await jira.put(`${ISSUES}/${key}`).send({
      fields: { priority: { name: 'Highest' }, description: doc('Ny text') },
      update: { labels: [{ add: 'b' }, { remove: 'a' }] },
    });
    expectContract(edit, 'PUT', ISSUE, 204);
    const issue = sim.admin.issue(key);
    expect(issue.fields.priority.id).toBe('1');
    expect(issue.fields.labels).toEqual(['b']);
    expect(issue.changelog.histories[0].items.map((i) => i.field)).toEqual(['description', 'priority', 'labels']);
    expect(issue.changelog.histories[0].author.displayName).toBe('Avvikelse sync');

    const status = await jira.put(`${ISSUES}/${key}`).send({ fields: { status: { id: '10005' } } });
    expectContract(status, 'PUT', ISSUE, 400);
    expect(status.body.errors.status).toBe("Field 'status' cannot be set. It is not on the appropriate screen, or unknown.");
    const badAdf = await jira.put(`${ISSUES}/${key}`).send({ fields: { description: { type: 'paragraph' } } });
    expectContract(badAdf, 'PUT', ISSUE, 400);

    await jira.put(`${ISSUES}/${key}`).send({ fields: { priority: { id: '1' } } });
    expect(sim.admin.issue(key).changelog.total).toBe(1);

    const returned = await jira.put(`${ISSUES}/${key}?returnIssue=true`).send({ fields: { summary: 'Med svar' } });
    expectContract(returned, 'PUT', ISSUE, 200);
    expect(returned.body.fields.summary).toBe('Med svar');
  });

  it('offers workflow transitions and applies them with resolutions', async () => {
    const { key } = await createIssue();
    const offered = await jira.get(`${ISSUES}/${key}/transitions`);
    expectContract(offered, 'GET', TRANSITIONS, 200);
    expect(offered.body.transitions.map((t: { id: string }) => t.id)).toEqual(['21', '31', '41', '51', '61', '71']);
    expect(offered.body.transitions[4]).toMatchObject({ name: 'Lös', to: { id: '10005', name: 'Löst', statusCategory: { key: 'done' } } });

    const resolve = await jira
      .post(`${ISSUES}/${key}/transitions`)
      .send({ transition: { id: '61' }, fields: { resolution: { name: 'Duplicate' } } });
    expectContract(resolve, 'POST', TRANSITIONS, 204);
    let fields = sim.admin.issue(key).fields;
    expect(fields.status.name).toBe('Löst');
    expect(fields.resolution).toMatchObject({ id: '10002', name: 'Duplicate' });
    expect(fields.resolutiondate).toMatch(JIRA_TIME);

    const fromResolved = await jira.get(`${ISSUES}/${key}/transitions`);
    expect(fromResolved.body.transitions.map((t: { id: string }) => t.id)).toEqual(['11', '71']);
    const invalid = await jira.post(`${ISSUES}/${key}/transitions`).send({ transition: { id: '21' } });
    expectContract(invalid, 'POST', TRANSITIONS, 400);
    expect(invalid.body.errorMessages).toEqual(["Transition id '21' is not valid for this issue."]);

    const reopenWithResolution = await jira
      .post(`${ISSUES}/${key}/transitions`)
      .send({ transition: { id: '11' }, fields: { resolution: { name: 'Done' } } });
    expectContract(reopenWithResolution, 'POST', TRANSITIONS, 400);
    await jira
      .post(`${ISSUES}/${key}/transitions`)
      .send({ transition: { id: '11' } })
      .expect(204);
    fields = sim.admin.issue(key).fields;
    expect(fields.status.name).toBe('Att göra');
    expect(fields.resolution).toBeNull();
    expect(fields.resolutiondate).toBeNull();

    await jira
      .post(`${ISSUES}/${key}/transitions`)
      .send({ transition: { id: '71' } })
      .expect(204);
    expect(sim.admin.issue(key).fields.resolution).toMatchObject({ name: 'Done' });
  });

  it('creates, lists, reads, updates and deletes comments; visibility makes a comment internal', async () => {
    const { key } = await createIssue();
    const before = sim.admin.issue(key).fields.updated;
    const publicComment = await jira.post(`${ISSUES}/${key}/comment`).send({ body: doc('Hej SKR') });
    expectContract(publicComment, 'POST', COMMENTS, 201);
    expect(publicComment.body).toMatchObject({ jsdPublic: true, body: doc('Hej SKR'), author: { displayName: 'Avvikelse sync' } });
    expect(publicComment.body).not.toHaveProperty('visibility');

    const internal = await jira
      .post(`${ISSUES}/${key}/comment`)
      .send({ body: doc('Bara SKR'), visibility: { type: 'role', value: 'Administrators' } });
    expectContract(internal, 'POST', COMMENTS, 201);
    expect(internal.body).toMatchObject({ jsdPublic: true, visibility: { type: 'role', value: 'Administrators' } });

    const skr = sim.admin.addComment(key, 'Intern notering', { internal: true });
    expect(skr).toMatchObject({ jsdPublic: true, visibility: { type: 'role' }, author: { displayName: 'SKR Triagerare' } });

    const page = await jira.get(`${ISSUES}/${key}/comment?maxResults=2`);
    expectContract(page, 'GET', COMMENTS, 200);
    expect(page.body).toMatchObject({ startAt: 0, maxResults: 2, total: 3 });
    expect(page.body.comments.map((c: { id: string }) => c.id)).toEqual([publicComment.body.id, internal.body.id]);

    const one = await jira.get(`${ISSUES}/${key}/comment/${publicComment.body.id}`);
    expectContract(one, 'GET', COMMENT, 200);
    const updated = await jira.put(`${ISSUES}/${key}/comment/${publicComment.body.id}`).send({ body: doc('Hej igen') });
    expectContract(updated, 'PUT', COMMENT, 200);
    expect(updated.body.body).toEqual(doc('Hej igen'));

    const invalid = await jira.post(`${ISSUES}/${key}/comment`).send({ body: 'plain text' });
    expectContract(invalid, 'POST', COMMENTS, 400);
    const badVisibility = await jira.post(`${ISSUES}/${key}/comment`).send({ body: doc('x'), visibility: { type: 'team', value: 'x' } });
    expectContract(badVisibility, 'POST', COMMENTS, 400);

    const deleted = await jira.delete(`${ISSUES}/${key}/comment/${publicComment.body.id}`);
    expectContract(deleted, 'DELETE', COMMENT, 204);
    expectContract(await jira.get(`${ISSUES}/${key}/comment/${publicComment.body.id}`), 'GET', COMMENT, 404);
    expect(sim.admin.issue(key).fields.comment.total).toBe(2);
    expect(sim.admin.issue(key).fields.updated >= before).toBe(true);
  });

  it('accepts attachments only with X-Atlassian-Token: no-check and answers attachment objects', async () => {
    const { key } = await createIssue();
    const content = Buffer.from('rad1;rad2\n');
    const xsrf = await jira
      .post(`${ISSUES}/${key}/attachments`)
      .attach('file', content, { filename: 'underlag.csv', contentType: 'text/csv' });
    expectContract(xsrf, 'POST', ATTACHMENTS, 403);
    expect(xsrf.body.errorMessages).toEqual(['XSRF check failed']);

    const ok = await jira
      .post(`${ISSUES}/${key}/attachments`)
      .set('X-Atlassian-Token', 'no-check')
      .attach('file', content, { filename: 'underlag.csv', contentType: 'text/csv' })
      .attach('file', Buffer.from([0x89, 0x50]), { filename: 'bild.png', contentType: 'image/png' });
    expectContract(ok, 'POST', ATTACHMENTS, 200);
    expect(ok.body).toHaveLength(2);
    expect(ok.body[0]).toMatchObject({ filename: 'underlag.csv', size: content.length, mimeType: 'text/csv' });
    expect(ok.body[1]).toHaveProperty('thumbnail');

    const download = await jira.get(`/rest/api/3/attachment/content/${ok.body[0].id}`);
    expect(download.headers['content-type']).toMatch(/^text\/csv/);
    expect(download.text).toBe(content.toString());
    const meta = await jira.get(`/rest/api/3/attachment/${ok.body[0].id}`);
    expectContract(meta, 'GET', '/rest/api/3/attachment/{id}', 200);
    expect(sim.admin.issue(key).fields.attachment.map((a) => a.filename)).toEqual(['underlag.csv', 'bild.png']);
    expect(sim.admin.issue(key).changelog.histories[0].items[0]).toMatchObject({ field: 'Attachment', to: ok.body[0].id });

    const tooLarge = await jira
      .post(`${ISSUES}/${key}/attachments`)
      .set('X-Atlassian-Token', 'no-check')
      .attach('file', Buffer.alloc(64 * 1024 + 1), 'stor.bin');
    expectContract(tooLarge, 'POST', ATTACHMENTS, 413);
    const unknown = await jira.post(`${ISSUES}/KHA-404/attachments`).set('X-Atlassian-Token', 'no-check').attach('file', content, 'x.csv');
    expectContract(unknown, 'POST', ATTACHMENTS, 404);
  });

  it('stores, lists, reads and deletes issue properties, also when set at creation', async () => {
    const { key } = await createIssue();
    const path = `${ISSUES}/${key}/properties/avvikelse.sync`;
    expectContract(await jira.put(path).send({ reportId: 'r-1', version: 1 }), 'PUT', PROPERTY, 201);
    expectContract(await jira.put(path).send({ reportId: 'r-1', version: 2 }), 'PUT', PROPERTY, 200);

    const one = await jira.get(path);
    expectContract(one, 'GET', PROPERTY, 200);
    expect(one.body).toEqual({ key: 'avvikelse.sync', value: { reportId: 'r-1', version: 2 } });
    const keys = await jira.get(`${ISSUES}/${key}/properties`);
    expectContract(keys, 'GET', PROPERTIES, 200);
    expect(keys.body.keys).toEqual([{ key: 'avvikelse.sync', self: `${sim.url}${ISSUES}/10000/properties/avvikelse.sync` }]);

    expectContract(await jira.delete(path), 'DELETE', PROPERTY, 204);
    const gone = await jira.get(path);
    expectContract(gone, 'GET', PROPERTY, 404);
    expect(gone.body.errorMessages).toEqual(["The property with key 'avvikelse.sync' does not exist."]);
    expectContract(await jira.put(`${ISSUES}/KHA-404/properties/x`).send({}), 'PUT', PROPERTY, 404);

    const withProperty = await jira.post(ISSUES).send({
      fields: { project: { key: 'KHA' }, issuetype: { id: '10010' }, summary: 'Med egenskap' },
      properties: [{ key: 'avvikelse.sync', value: { reportId: 'r-2' } }],
    });
    expect(withProperty.status).toBe(201);
    expect(sim.admin.counts().byProperty).toEqual({ 'avvikelse.sync': 1 });
  });

  it("answers unknown REST routes with Jira's 404 ErrorCollection", async () => {
    const res = await jira.get('/rest/api/3/nonexistent');
    expect(res.status).toBe(404);
    expect(res.body).toEqual({ errorMessages: [`null for uri: ${sim.url}/rest/api/3/nonexistent`], errors: {} });
  });
});
