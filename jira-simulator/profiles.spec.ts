// Each case names the fact of ../shared/JIRA-REALITY.md that it models.
import { adfFromText, adfToText } from './adf';
import { startJiraSimulator, type JiraSimulator } from './simulator';
import { expectContract, jiraClient, type JiraTestClient } from './testing/client';
import { startWebhookReceiver, type WebhookReceiver } from './testing/webhook-receiver';
import {
  AUTOMATION_APP,
  SD_PUBLIC_COMMENT,
  siteProfile,
  STRICT_AUTOMATION_COMMENT,
  STRICT_PARTY_FIELD,
  STRICT_ROOT_CAUSE_FIELD,
  STRICT_SITE,
} from './profiles';

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

  describe('strict: every fact at once', () => {
    let sim: JiraSimulator;
    let jira: JiraTestClient;
    beforeAll(async () => {
      sim = await startJiraSimulator({ profile: 'strict' });
      jira = jiraClient(sim);
    });
    afterAll(() => sim.stop());
    beforeEach(() => sim.admin.reset());

    const ISSUES = '/rest/api/3/issue';
    const TRANSITIONS = '/rest/api/3/issue/{issueIdOrKey}/transitions';
    const CREATEMETA = '/rest/api/3/issue/createmeta/{projectIdOrKey}/issuetypes/{issueTypeId}';
    const party = { [STRICT_PARTY_FIELD.id]: { value: 'Göteborgs Stad' } };
    const create = (fields: Record<string, unknown>) =>
      jira.post(ISSUES).send({ fields: { project: { key: 'KHA' }, issuetype: { id: '10010' }, summary: 'Avvikelse', ...fields } });
    const createIssue = async (): Promise<{ id: string; key: string }> => {
      const res = await create(party);
      expectContract(res, 'POST', ISSUES, 201);
      return res.body as { id: string; key: string };
    };
    const transition = (key: string, id: string, extra: Record<string, unknown> = {}) =>
      jira.post(`${ISSUES}/${key}/transitions`).send({ transition: { id }, ...extra });

    it('is selectable by name, as JIRA_SIM_PROFILE=strict, and reset restores its screens and site settings', () => {
      expect(siteProfile('strict')).toBe('strict');
      expect(sim.admin.profile).toBe('strict');
      sim.admin.setScreens({});
      sim.site.set({ searchLagMs: 0 });
      sim.admin.reset();
      expect(sim.admin.getScreens()).toEqual(STRICT_SITE.screens);
      expect(sim.site.get().searchLagMs).toBe(5_000);
    });

    it('"most workflows are not global, so reaching a status may need several steps"', async () => {
      const { key } = await createIssue();
      const offered = await jira.get(`${ISSUES}/${key}/transitions`);
      expectContract(offered, 'GET', TRANSITIONS, 200);
      expect(offered.body.transitions.map((t: { to: { id: string } }) => t.to.id)).toEqual(['10001']);
      expectContract(await transition(key, '41'), 'POST', TRANSITIONS, 400);
      for (const id of ['21', '31', '41']) expectContract(await transition(key, id), 'POST', TRANSITIONS, 204);
      expect(sim.admin.issue(key).fields.status.id).toBe('10003');
    });

    it('"a screen with required fields (resolution on Done/Resolve); sending none answers 400 with errors naming the field"', async () => {
      const { key } = await createIssue();
      for (const id of ['21', '31', '41']) await transition(key, id);
      const offered = await jira.get(`${ISSUES}/${key}/transitions?expand=transitions.fields`);
      const resolve = offered.body.transitions.find((t: { to: { id: string } }) => t.to.id === '10005');
      expect(resolve.fields.resolution).toMatchObject({ required: true });
      const refused = await transition(key, '61');
      expectContract(refused, 'POST', TRANSITIONS, 400);
      expect(Object.keys(refused.body.errors)).toEqual(['resolution']);
      expectContract(await transition(key, '61', { fields: { resolution: { id: '10000' } } }), 'POST', TRANSITIONS, 204);
      // Closing a resolved issue asks for the resolution again.
      expect(Object.keys((await transition(key, '71')).body.errors)).toEqual(['resolution']);
    });

    it('"or a validator (e.g. a comment required)": asking for information needs a comment', async () => {
      const { key } = await createIssue();
      await transition(key, '21');
      const refused = await transition(key, '51');
      expectContract(refused, 'POST', TRANSITIONS, 400);
      expect(Object.keys(refused.body.errors)).toEqual(['comment']);
      const withComment = { update: { comment: [{ add: { body: adfFromText('Vilket personnummer gäller det?') } }] } };
      expectContract(await transition(key, '51', withComment), 'POST', TRANSITIONS, 204);
    });

    it('"status ids and names are per site; names are localised to the acting user\'s language"', async () => {
      const { key } = await createIssue();
      const issue = await jira.get(`${ISSUES}/${key}?fields=status`);
      expect(issue.body.fields.status).toMatchObject({ id: '10000', name: 'To Do' });
      expect(sim.admin.getScreens().language).toBe('en');
    });

    it('"required custom fields must be given" and "a field not on the create screen cannot be set"', async () => {
      const meta = await jira.get(`${ISSUES}/createmeta/KHA/issuetypes/10010`);
      expectContract(meta, 'GET', CREATEMETA, 200);
      const fields = meta.body.fields as { fieldId: string; required: boolean }[];
      expect(fields.find((f) => f.fieldId === STRICT_PARTY_FIELD.id)).toMatchObject({ required: true });
      expect(fields.find((f) => f.fieldId === STRICT_ROOT_CAUSE_FIELD.id)).toBeUndefined();

      const missing = await create({});
      expectContract(missing, 'POST', ISSUES, 400);
      expect(Object.keys(missing.body.errors)).toEqual([STRICT_PARTY_FIELD.id]);
      const offScreen = await create({ ...party, [STRICT_ROOT_CAUSE_FIELD.id]: 'Nätverk' });
      expect(offScreen.body.errors[STRICT_ROOT_CAUSE_FIELD.id]).toMatch(/cannot be set/);
      const unknownOption = await create({ [STRICT_PARTY_FIELD.id]: { value: 'Okänd kommun' } });
      expect(unknownOption.body.errors[STRICT_PARTY_FIELD.id]).toMatch(/not valid/);
    });

    it('"search is eventually consistent … GET /rest/api/3/issue/{id} is consistent" (5 s of lag)', async () => {
      const { id } = await createIssue();
      expect((await jira.get(`${ISSUES}/${id}`)).status).toBe(200);
      const search = () => jira.post('/rest/api/3/search/jql').send({ jql: 'project = KHA', fields: ['id'] });
      expect((await search()).body.issues).toEqual([]);
      sim.admin.advanceClock(5_000);
      expect((await search()).body.issues).toEqual([expect.objectContaining({ id })]);
    });

    it('"Automation for Jira and apps add comments too (their author\'s accountType is app)": a rule comments on each new issue', async () => {
      const { key } = await createIssue();
      await new Promise((resolve) => setImmediate(resolve));
      const res = await jira.get(`${ISSUES}/${key}/comment`);
      expect(res.body.comments).toHaveLength(1);
      expect(res.body.comments[0].author).toMatchObject({ accountId: AUTOMATION_APP.accountId, accountType: 'app' });
      expect(adfToText(res.body.comments[0].body)).toBe(STRICT_AUTOMATION_COMMENT);
    });

    it('"Jira Software … returns jsdPublic: true and a visibility object for a restricted comment"', async () => {
      const { key } = await createIssue();
      // The Automation rule's comment lands a moment after the create's answer; it must not come last here.
      await new Promise((resolve) => setImmediate(resolve));
      sim.admin.addComment(key, 'Bara administratörer', { internal: true });
      expect(() => sim.admin.addComment(key, 'x', { internalNote: true })).toThrow(/Service Management/);
      const res = await jira.get(`${ISSUES}/${key}/comment`);
      expect(res.body.comments.at(-1)).toMatchObject({ jsdPublic: true, visibility: ROLE });
    });

    it('"403 means a permission or a security level changed": an issue under a level we are not in is 404 to us', async () => {
      const { key } = await createIssue();
      sim.admin.setSecurityLevel(key, { id: '10100', name: 'Endast SKR' });
      expect((await jira.get(`${ISSUES}/${key}`)).status).toBe(404);
      sim.site.set({ projectPermission: false });
      expect((await jira.get('/rest/api/3/priority')).status).toBe(403);
    });

    it('"summary: at most 255 characters and no line breaks" applies here as everywhere', async () => {
      const res = await create({ ...party, summary: 'Två\nrader' });
      expect(res.body.errors.summary).toBe('The summary is invalid because it contains newline characters.');
    });
  });
});
