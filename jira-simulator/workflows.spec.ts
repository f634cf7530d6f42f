import { startJiraSimulator, type JiraSimulator } from './simulator';
import { expectContract, jiraClient, type JiraTestClient } from './testing/client';

// One case per fact in JIRA-REALITY.md "Workflows and transitions" and "Creating and editing issues".
const ISSUES = '/rest/api/3/issue';
const ISSUE = '/rest/api/3/issue/{issueIdOrKey}';
const TRANSITIONS = '/rest/api/3/issue/{issueIdOrKey}/transitions';
const COMMENTS = '/rest/api/3/issue/{issueIdOrKey}/comment';
const CREATEMETA = '/rest/api/3/issue/createmeta/{projectIdOrKey}/issuetypes/{issueTypeId}';
const EDITMETA = '/rest/api/3/issue/{issueIdOrKey}/editmeta';

const doc = (text: string) => ({ type: 'doc', version: 1, content: [{ type: 'paragraph', content: [{ type: 'text', text }] }] });
const PARTY_FIELD = { id: 'customfield_10100', name: 'Rapporterande part', type: 'option' as const, options: ['Göteborgs Stad', 'CSN'] };
const ROOT_CAUSE = { id: 'customfield_10101', name: 'Rotorsak', type: 'string' as const };

describe('Jira simulator: workflows, screens and text limits', () => {
  let sim: JiraSimulator;
  let jira: JiraTestClient;

  beforeAll(async () => {
    sim = await startJiraSimulator();
    jira = jiraClient(sim);
  });
  afterAll(() => sim.stop());
  beforeEach(() => sim.admin.reset());

  const createIssue = async (fields: Record<string, unknown> = {}): Promise<{ id: string; key: string }> => {
    const res = await jira.post(ISSUES).send({
      fields: { project: { key: 'KHA' }, issuetype: { id: '10010' }, summary: 'Avvikelse i inkomstuppgifter', ...fields },
    });
    expectContract(res, 'POST', ISSUES, 201);
    return res.body as { id: string; key: string };
  };
  const transitionsOf = async (key: string, expand = false) => {
    const res = await jira.get(`${ISSUES}/${key}/transitions${expand ? '?expand=transitions.fields' : ''}`);
    expectContract(res, 'GET', TRANSITIONS, 200);
    return res.body.transitions as { id: string; to: { id: string; name: string }; fields?: Record<string, { required: boolean }> }[];
  };

  describe('transitions are per issue; most workflows are not global', () => {
    it('offers only the next steps of the strict workflow, so reaching Åtgärdas takes three transitions', async () => {
      sim.admin.setScreens({ workflow: 'strict' });
      const { key } = await createIssue();
      expect((await transitionsOf(key)).map((t) => t.to.id)).toEqual(['10001']);
      const jump = await jira.post(`${ISSUES}/${key}/transitions`).send({ transition: { id: '41' } });
      expectContract(jump, 'POST', TRANSITIONS, 400);
      expect(jump.body.errorMessages).toEqual(["Transition id '41' is not valid for this issue."]);
      for (const id of ['21', '31', '41']) {
        expectContract(await jira.post(`${ISSUES}/${key}/transitions`).send({ transition: { id } }), 'POST', TRANSITIONS, 204);
      }
      expect(sim.admin.issue(key).fields.status.id).toBe('10003');
    });

    it('makes a status unreachable from everywhere when the site says so', async () => {
      sim.admin.setScreens({ workflow: 'strict', unreachableStatuses: ['10006'] });
      const { key } = await createIssue();
      sim.admin.transition(key, 'Löst', { resolution: 'Done' });
      expect((await transitionsOf(key)).map((t) => t.to.id)).toEqual(['10000']);
    });
  });

  describe('a transition can have a screen with required fields or a validator', () => {
    it('lists the resolution as required with expand=transitions.fields and refuses the transition without it, naming the field', async () => {
      sim.admin.setScreens({ workflow: 'strict' });
      const { key } = await createIssue();
      sim.admin.transition(key, 'Åtgärdas');
      const resolve = (await transitionsOf(key, true)).find((t) => t.to.id === '10005')!;
      expect(resolve.fields?.resolution).toMatchObject({ required: true, key: 'resolution' });
      expect((await transitionsOf(key, false)).find((t) => t.to.id === '10005')!.fields).toBeUndefined();

      const bare = await jira.post(`${ISSUES}/${key}/transitions`).send({ transition: { id: '61' } });
      expectContract(bare, 'POST', TRANSITIONS, 400);
      expect(bare.body.errors).toEqual({ resolution: 'Resolution is required.' });
      const given = await jira
        .post(`${ISSUES}/${key}/transitions`)
        .send({ transition: { id: '61' }, fields: { resolution: { id: '10001' } } });
      expectContract(given, 'POST', TRANSITIONS, 204);
      expect(sim.admin.issue(key).fields.resolution).toMatchObject({ id: '10001' });
    });

    it('requires a comment or a custom field where a validator says so', async () => {
      sim.admin.setScreens({ customFields: [ROOT_CAUSE], transitionRequires: { '10004': ['comment'], '10003': [ROOT_CAUSE.id] } });
      const { key } = await createIssue();
      const noComment = await jira.post(`${ISSUES}/${key}/transitions`).send({ transition: { id: '51' } });
      expectContract(noComment, 'POST', TRANSITIONS, 400);
      expect(noComment.body.errors).toEqual({ comment: 'Comment is required.' });
      const noCause = await jira.post(`${ISSUES}/${key}/transitions`).send({ transition: { id: '41' } });
      expect(noCause.body.errors).toEqual({ [ROOT_CAUSE.id]: 'Rotorsak is required.' });
      expect((await transitionsOf(key, true)).find((t) => t.to.id === '10003')!.fields).toMatchObject({
        [ROOT_CAUSE.id]: { required: true },
      });
      const withCause = await jira
        .post(`${ISSUES}/${key}/transitions`)
        .send({ transition: { id: '41' }, fields: { [ROOT_CAUSE.id]: 'Fel i leverantörens patch' } });
      expectContract(withCause, 'POST', TRANSITIONS, 204);
      expect(sim.admin.issue(key).fields[ROOT_CAUSE.id]).toBe('Fel i leverantörens patch');
    });
  });

  describe("status names are localised to the acting user's language", () => {
    it('names statuses and resolutions in English or Swedish, with the same ids', async () => {
      sim.admin.setScreens({ language: 'en' });
      const { key } = await createIssue();
      sim.admin.transition(key, '10005', { resolution: '10000' });
      const english = await jira.get(`${ISSUES}/${key}?fields=status,resolution`);
      expectContract(english, 'GET', ISSUE, 200);
      expect(english.body.fields.status).toMatchObject({ id: '10005', name: 'Resolved' });
      sim.admin.setScreens({ language: 'sv' });
      const swedish = await jira.get(`${ISSUES}/${key}?fields=status,resolution`);
      expect(swedish.body.fields).toMatchObject({ status: { id: '10005', name: 'Löst' }, resolution: { id: '10000', name: 'Klar' } });
    });
  });

  describe('a field can only be set if it is on the create or edit screen; required custom fields must be given', () => {
    it('refuses a field not on the screen with Jira’s message', async () => {
      sim.admin.setScreens({ createScreen: ['summary', 'description', 'labels'] });
      const res = await jira
        .post(ISSUES)
        .send({ fields: { project: { key: 'KHA' }, issuetype: { id: '10010' }, summary: 'x', priority: { id: '2' } } });
      expectContract(res, 'POST', ISSUES, 400);
      expect(res.body.errors).toEqual({ priority: "Field 'priority' cannot be set. It is not on the appropriate screen, or unknown." });
    });

    it('lists required custom fields in createmeta and refuses a create without them', async () => {
      sim.admin.setScreens({ customFields: [PARTY_FIELD, ROOT_CAUSE], requiredCustomFields: [PARTY_FIELD.id], editScreen: ['summary'] });
      const meta = await jira.get('/rest/api/3/issue/createmeta/KHA/issuetypes/10010');
      expectContract(meta, 'GET', CREATEMETA, 200);
      const party = meta.body.fields.find((f: { fieldId: string }) => f.fieldId === PARTY_FIELD.id);
      expect(party).toMatchObject({
        required: true,
        name: 'Rapporterande part',
        allowedValues: [{ value: 'Göteborgs Stad' }, { value: 'CSN' }],
      });

      const missing = await jira.post(ISSUES).send({ fields: { project: { key: 'KHA' }, issuetype: { id: '10010' }, summary: 'x' } });
      expectContract(missing, 'POST', ISSUES, 400);
      expect(missing.body.errors).toEqual({ [PARTY_FIELD.id]: 'Rapporterande part is required.' });
      const badOption = await jira
        .post(ISSUES)
        .send({ fields: { project: { key: 'KHA' }, issuetype: { id: '10010' }, summary: 'x', [PARTY_FIELD.id]: { value: 'Okänd' } } });
      expect(badOption.body.errors).toEqual({ [PARTY_FIELD.id]: "Option value 'Okänd' is not valid" });
      const { key } = await createIssue({ [PARTY_FIELD.id]: { value: 'CSN' } });

      const editMeta = await jira.get(`${ISSUES}/${key}/editmeta`);
      expectContract(editMeta, 'GET', EDITMETA, 200);
      expect(Object.keys(editMeta.body.fields)).toEqual(['summary']);
      const edit = await jira.put(`${ISSUES}/${key}`).send({ fields: { [PARTY_FIELD.id]: { value: 'Göteborgs Stad' } } });
      expectContract(edit, 'PUT', ISSUE, 400);
      expect(edit.body.errors[PARTY_FIELD.id]).toMatch(/cannot be set/);
    });
  });

  describe('summary: at most 255 characters and no line breaks', () => {
    it('answers Jira’s messages for a newline and for 256 characters', async () => {
      const base = { project: { key: 'KHA' }, issuetype: { id: '10010' } };
      const newline = await jira.post(ISSUES).send({ fields: { ...base, summary: 'Rad ett\nrad två' } });
      expectContract(newline, 'POST', ISSUES, 400);
      expect(newline.body.errors).toEqual({ summary: 'The summary is invalid because it contains newline characters.' });
      const long = await jira.post(ISSUES).send({ fields: { ...base, summary: 'x'.repeat(256) } });
      expect(long.body.errors).toEqual({ summary: 'Summary must be less than 255 characters.' });
      await createIssue({ summary: 'x'.repeat(255) });
    });
  });

  describe('description and comment bodies: at most 32,767 characters', () => {
    it('refuses a long text, and a text whose ADF JSON is past the limit though its characters are not', async () => {
      const { key } = await createIssue();
      const tooLong = await jira.put(`${ISSUES}/${key}`).send({ fields: { description: doc('x'.repeat(32768)) } });
      expectContract(tooLong, 'PUT', ISSUE, 400);
      expect(tooLong.body.errors).toEqual({
        description: 'The entered text is too long. It exceeds the allowed limit of 32,767 characters.',
      });
      // 3,000 one-character paragraphs: 3,000 characters of text, ~150,000 of ADF JSON.
      const manyParagraphs = { type: 'doc', version: 1, content: Array.from({ length: 3000 }, () => doc('a').content[0]) };
      const comment = await jira.post(`${ISSUES}/${key}/comment`).send({ body: manyParagraphs });
      expectContract(comment, 'POST', COMMENTS, 400);
      expect(comment.body.errors).toEqual({ comment: 'The entered text is too long. It exceeds the allowed limit of 32,767 characters.' });
      expectContract(await jira.post(`${ISSUES}/${key}/comment`).send({ body: doc('x'.repeat(32000)) }), 'POST', COMMENTS, 201);
    });
  });

  it('switches screens over the admin HTTP API, and reset restores the options given at start', async () => {
    const request = (await import('supertest')).default;
    await request(sim.url).post('/__admin/screens').send({ workflow: 'strict' }).expect(204);
    expect((await request(sim.url).get('/__admin/screens').expect(200)).body).toEqual({ workflow: 'strict' });
    sim.admin.reset();
    expect(sim.admin.getScreens()).toEqual({});
  });
});
