import request from 'supertest';
import { startJiraSimulator, type JiraSimulator } from './simulator';
import { jiraClient, type JiraTestClient } from './testing/client';

const SEARCH = '/rest/api/3/search/jql';

describe('Jira simulator: tokens, permissions and the site', () => {
  let sim: JiraSimulator;
  let jira: JiraTestClient;

  beforeAll(async () => {
    sim = await startJiraSimulator();
    jira = jiraClient(sim);
  });
  afterAll(() => sim.stop());
  beforeEach(() => sim.admin.reset());

  describe('an expired or revoked token answers as an anonymous user, not always with 401', () => {
    it('should answer search with nothing, an issue read with 404 and writes with 401, each marked AUTHENTICATED_FAILED', async () => {
      const issue = sim.admin.createIssue({ summary: 'Finns', labels: ['x'] });
      sim.site.set({ token: 'expired' });

      const search = await jira.post(SEARCH).send({ jql: 'project = KHA' });
      expect(search.status).toBe(200);
      expect(search.body).toEqual({ issues: [], isLast: true });
      expect(search.headers['x-seraph-loginreason']).toBe('AUTHENTICATED_FAILED');

      const read = await jira.get(`/rest/api/3/issue/${issue.key}`);
      expect(read.status).toBe(404);
      expect(read.headers['x-seraph-loginreason']).toBe('AUTHENTICATED_FAILED');

      const priorities = await jira.get('/rest/api/3/priority');
      expect(priorities.status).toBe(200);
      expect(priorities.headers['x-seraph-loginreason']).toBe('AUTHENTICATED_FAILED');

      const myself = await jira.get('/rest/api/3/myself');
      expect(myself.status).toBe(401);
      const write = await jira.post(`/rest/api/3/issue/${issue.key}/comment`).send({ body: 'x' });
      expect(write.status).toBe(401);
      expect(sim.admin.issue(issue.key).fields.comment.total).toBe(0);
    });
  });

  describe('403 means a permission changed: it affects every issue, not one', () => {
    it('should answer 403 to every project call while /myself still answers', async () => {
      const issue = sim.admin.createIssue({ summary: 'Finns' });
      sim.site.set({ projectPermission: false });
      expect((await jira.get(`/rest/api/3/issue/${issue.key}`)).status).toBe(403);
      expect((await jira.post(SEARCH).send({ jql: 'project = KHA' })).status).toBe(403);
      expect((await jira.get('/rest/api/3/myself')).status).toBe(200);
    });
  });

  describe('search is eventually consistent; GET /issue is consistent', () => {
    it('should hide a new issue from search for the index lag while GET /issue finds it at once', async () => {
      sim.site.set({ searchLagMs: 5_000 });
      const issue = sim.admin.createIssue({ summary: 'Ny', labels: ['eftersläp'] });
      const jql = { jql: 'project = KHA AND labels = "eftersläp"', fields: ['key'] };
      expect((await jira.post(SEARCH).send(jql)).body.issues).toEqual([]);
      expect((await jira.get(`/rest/api/3/issue/${issue.key}`)).status).toBe(200);

      sim.admin.advanceClock(5_000);
      expect((await jira.post(SEARCH).send(jql)).body.issues).toEqual([{ id: issue.id, key: issue.key }]);
    });
  });

  describe('scoped tokens must use api.atlassian.com/ex/jira/{cloudId}', () => {
    it('should serve the REST API only under the configured prefix', async () => {
      const prefixed = await startJiraSimulator({ pathPrefix: '/ex/jira/11111111-2222-3333-4444-555555555555' });
      try {
        expect(prefixed.url).toMatch(/\/ex\/jira\/11111111-2222-3333-4444-555555555555$/);
        expect((await jiraClient(prefixed).get('/rest/api/3/myself')).status).toBe(200);
        const origin = new URL(prefixed.url).origin;
        expect((await request(origin).get('/rest/api/3/myself').auth('sync@avvikelse.test', 'sim-token')).status).toBe(404);
      } finally {
        await prefixed.stop();
      }
    });
  });

  describe('some 503s carry Retry-After too', () => {
    it('should answer an injected 503 with Retry-After', async () => {
      sim.admin.setFaults({ fail5xxNext: 1, error5xxStatus: 503 });
      const res = await jira.get('/rest/api/3/myself');
      expect(res.status).toBe(503);
      expect(res.headers['retry-after']).toBe('1');
    });
  });

  describe('attachment/meta says whether attachments are on and their size limit', () => {
    it('should report the settings and refuse uploads while attachments are off', async () => {
      const issue = sim.admin.createIssue({ summary: 'Bilaga' });
      expect((await jira.get('/rest/api/3/attachment/meta')).body).toEqual({ enabled: true, uploadLimit: 10 * 1024 * 1024 });
      sim.site.set({ attachments: { enabled: false, uploadLimit: 0 } });
      expect((await jira.get('/rest/api/3/attachment/meta')).body.enabled).toBe(false);
      const upload = await jira
        .post(`/rest/api/3/issue/${issue.key}/attachments`)
        .set('X-Atlassian-Token', 'no-check')
        .attach('file', Buffer.from('pdf'), 'a.pdf');
      expect(upload.status).toBe(403);
      expect(sim.admin.issue(issue.key).fields.attachment).toEqual([]);
    });
  });

  describe('admin webhooks need Administer Jira', () => {
    const webhook = {
      name: 'Avvikelse',
      url: 'https://avvikelse.example/api/v1/jira/webhook',
      events: ['jira:issue_updated'],
      filters: { 'issue-related-events-section': 'project = 10000' },
      secret: 'a-secret-of-sixteen',
    };

    it('should refuse registering and listing without the permission', async () => {
      expect((await jira.post('/rest/webhooks/1.0/webhook').send(webhook)).status).toBe(403);
      expect((await jira.get('/rest/webhooks/1.0/webhook')).status).toBe(403);
      expect(sim.adminWebhooks.list()).toEqual([]);
    });

    it('should register and list a webhook for an administrator, never showing its secret again', async () => {
      sim.site.set({ administer: true });
      const created = await jira.post('/rest/webhooks/1.0/webhook').send(webhook);
      expect(created.status).toBe(201);
      expect(created.body).not.toHaveProperty('secret');
      const listed = await jira.get('/rest/webhooks/1.0/webhook');
      expect(listed.body).toEqual([expect.objectContaining({ url: webhook.url, filters: webhook.filters, enabled: true })]);
      expect(sim.adminWebhooks.list()[0].secret).toBe(webhook.secret);
    });
  });

  it('should switch settings over the admin HTTP API and refuse an unknown one', async () => {
    const origin = new URL(sim.url).origin;
    expect((await request(origin).post('/__admin/site').send({ token: 'revoked' })).body.token).toBe('revoked');
    expect((await request(origin).post('/__admin/site').send({ tokn: 'revoked' })).status).toBe(400);
  });
});
