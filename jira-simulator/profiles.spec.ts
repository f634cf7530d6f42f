// Each case names the fact of ../shared/JIRA-REALITY.md ("Comments: public or internal") that it models.
import { adfFromText } from './adf';
import { startJiraSimulator, type JiraSimulator } from './simulator';
import { expectContract, jiraClient, type JiraTestClient } from './testing/client';
import { startWebhookReceiver, type WebhookReceiver } from './testing/webhook-receiver';
import { AUTOMATION_APP, SD_PUBLIC_COMMENT, siteProfile } from './profiles';

const COMMENTS = '/rest/api/3/issue/{issueIdOrKey}/comment';
const COMMENT = '/rest/api/3/issue/{issueIdOrKey}/comment/{id}';
const COMMENT_PROPERTY = '/rest/api/3/comment/{commentId}/properties/{propertyKey}';
const ROLE = { type: 'role', value: 'Administrators', identifier: 'Administrators' };

describe('Jira simulator: site profiles', () => {
  let receiver: WebhookReceiver;
  beforeAll(async () => {
    receiver = await startWebhookReceiver();
  });
  afterAll(() => receiver.close());

  describe('jira-software', () => {
    let sim: JiraSimulator;
    let jira: JiraTestClient;
    beforeAll(async () => {
      sim = await startJiraSimulator({ profile: 'jira-software' });
      jira = jiraClient(sim);
    });
    afterAll(() => sim.stop());
    beforeEach(() => sim.admin.reset());

    it('is the default profile, of the simulator and of JIRA_SIM_PROFILE', async () => {
      const plain = await startJiraSimulator();
      try {
        expect(plain.admin.profile).toBe('jira-software');
      } finally {
        await plain.stop();
      }
      expect(siteProfile(undefined)).toBe('jira-software');
      expect(() => siteProfile('jira-core')).toThrow(/Unknown Jira site profile/);
    });

    it('"no customer notion; a restricted comment answers jsdPublic true AND visibility"', async () => {
      const { key } = sim.admin.createIssue({ summary: 'S' });
      sim.admin.addComment(key, 'Alla med Browse ser detta');
      sim.admin.addComment(key, 'Bara administratörer', { internal: true });
      const res = await jira.get(`/rest/api/3/issue/${key}/comment?expand=properties`);
      expectContract(res, 'GET', COMMENTS, 200);
      const [open, restricted] = res.body.comments;
      expect(open).toMatchObject({ jsdPublic: true, properties: [] });
      expect(open.visibility).toBeUndefined();
      expect(restricted).toMatchObject({ jsdPublic: true, visibility: ROLE, properties: [] });
    });

    it('"the default box is unrestricted": a REST comment without visibility, and no sd.public.comment property', async () => {
      const { key } = sim.admin.createIssue({ summary: 'S' });
      const res = await jira.post(`/rest/api/3/issue/${key}/comment`).send({ body: adfFromText('Från REST') });
      expectContract(res, 'POST', COMMENTS, 201);
      expect(res.body).toMatchObject({ jsdPublic: true });
      const property = await jira.get(`/rest/api/3/comment/${res.body.id}/properties/${SD_PUBLIC_COMMENT}`);
      expectContract(property, 'GET', COMMENT_PROPERTY, 404);
    });

    it('refuses an internal note, which Jira Software does not have, and marks a comment for the party with the marker', async () => {
      const { key } = sim.admin.createIssue({ summary: 'S' });
      expect(() => sim.admin.addComment(key, 'x', { internalNote: true })).toThrow(/Service Management/);
      const marked = sim.admin.addComment(key, 'Vi har rättat felet.', { forParty: true });
      expect(marked.body).toEqual(adfFromText('Till part: Vi har rättat felet.'));
    });

    it('"Automation for Jira and apps add comments too (their author\'s accountType is app)"', async () => {
      const { key } = sim.admin.createIssue({ summary: 'S' });
      const written = sim.admin.addComment(key, 'Automatiskt svar', { author: 'app' });
      const res = await jira.get(`/rest/api/3/issue/${key}/comment/${written.id}`);
      expectContract(res, 'GET', COMMENT, 200);
      expect(res.body.author).toMatchObject({ accountId: AUTOMATION_APP.accountId, accountType: 'app' });
    });

    it('an issue under a security level our account is not in answers 404 everywhere and is missing from search', async () => {
      const { key, id } = sim.admin.createIssue({ summary: 'S', labels: ['hemlig'] });
      const comment = sim.admin.addComment(key, 'x');
      sim.admin.setSecurityLevel(key, { id: '10100', name: 'Endast SKR' });
      expect(sim.admin.issue(key).fields.security).toMatchObject({ name: 'Endast SKR' });
      for (const path of [`/rest/api/3/issue/${key}`, `/rest/api/3/issue/${id}/comment`, `/rest/api/3/issue/${id}/transitions`]) {
        expect((await jira.get(path)).status).toBe(404);
      }
      expect((await jira.get(`/rest/api/3/comment/${comment.id}/properties/x`)).status).toBe(404);
      const search = await jira.post('/rest/api/3/search/jql').send({ jql: 'project = KHA AND labels = hemlig' });
      expect(search.body.issues).toEqual([]);
      sim.admin.setSecurityLevel(key, null);
      expect((await jira.get(`/rest/api/3/issue/${key}`)).status).toBe(200);
    });

    it("still sends the issue's webhooks under a security level: an admin webhook is sent on the admin's behalf", async () => {
      sim.admin.configureWebhook({ url: receiver.url, secret: 'hemlig-nyckel' });
      const { key } = sim.admin.createIssue({ summary: 'S' });
      sim.admin.setSecurityLevel(key, { id: '10100', name: 'Endast SKR' });
      await sim.admin.settleWebhooks();
      receiver.clear();
      sim.admin.addComment(key, 'Under säkerhetsnivå');
      await sim.admin.settleWebhooks();
      expect(receiver.received.map((w) => w.json.webhookEvent)).toEqual(['comment_created']);
    });

    it('keeps comment properties written over REST, shaped as EntityProperty', async () => {
      const { key } = sim.admin.createIssue({ summary: 'S' });
      const comment = sim.admin.addComment(key, 'x');
      const put = await jira.put(`/rest/api/3/comment/${comment.id}/properties/avvikelse.shared`).send({ deviationId: 'd-1' });
      expectContract(put, 'PUT', COMMENT_PROPERTY, 201);
      const again = await jira.put(`/rest/api/3/comment/${comment.id}/properties/avvikelse.shared`).send({ deviationId: 'd-2' });
      expectContract(again, 'PUT', COMMENT_PROPERTY, 200);
      const got = await jira.get(`/rest/api/3/comment/${comment.id}/properties/avvikelse.shared`);
      expectContract(got, 'GET', COMMENT_PROPERTY, 200);
      expect(got.body).toEqual({ key: 'avvikelse.shared', value: { deviationId: 'd-2' } });
      expect(sim.admin.issue(key).fields.comment.comments[0]).toBeDefined();
    });
  });

  describe('jira-service-management', () => {
    let sim: JiraSimulator;
    let jira: JiraTestClient;
    beforeAll(async () => {
      sim = await startJiraSimulator({ profile: 'jira-service-management' });
      jira = jiraClient(sim);
    });
    afterAll(() => sim.stop());
    beforeEach(() => sim.admin.reset());

    it('"internal note: jsdPublic false and sd.public.comment = {internal: true}; reply to customer: jsdPublic true"', async () => {
      const { key } = sim.admin.createIssue({ summary: 'S' });
      sim.admin.addComment(key, 'Intern anteckning', { internalNote: true });
      sim.admin.addComment(key, 'Svar till kunden', { forParty: true });
      const res = await jira.get(`/rest/api/3/issue/${key}/comment?expand=properties`);
      expectContract(res, 'GET', COMMENTS, 200);
      const [note, reply] = res.body.comments;
      expect(note).toMatchObject({ jsdPublic: false, properties: [{ key: SD_PUBLIC_COMMENT, value: { internal: true } }] });
      expect(reply).toMatchObject({ jsdPublic: true, properties: [], body: adfFromText('Svar till kunden') });
    });

    it('"comments created through the platform REST API default to public there"', async () => {
      const { key } = sim.admin.createIssue({ summary: 'S' });
      const res = await jira.post(`/rest/api/3/issue/${key}/comment`).send({ body: adfFromText('Från REST') });
      expectContract(res, 'POST', COMMENTS, 201);
      expect(res.body.jsdPublic).toBe(true);
      const internal = await jira
        .post(`/rest/api/3/issue/${key}/comment?expand=properties`)
        .send({ body: adfFromText('Intern via REST'), properties: [{ key: SD_PUBLIC_COMMENT, value: { internal: true } }] });
      expectContract(internal, 'POST', COMMENTS, 201);
      expect(internal.body.jsdPublic).toBe(false);
    });
  });
});
