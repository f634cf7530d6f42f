import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { contextIdOf } from './field-contexts';
import type { CustomFieldDef } from './screens';
import { startJiraSimulator, type JiraSimulator } from './simulator';
import { expectContract, jiraClient, type JiraTestClient } from './testing/client';

const PARTY: CustomFieldDef = { id: 'customfield_10200', name: 'Ansvarig part', type: 'option', options: ['CSN'] };
const NOTE: CustomFieldDef = { id: 'customfield_10201', name: 'Notering', type: 'string' };
const CONTEXTS = '/rest/api/3/field/{fieldId}/context';
const OPTIONS = '/rest/api/3/field/{fieldId}/context/{contextId}/option';
const options = (field: CustomFieldDef) => `/rest/api/3/field/${field.id}/context/${contextIdOf(field)}/option`;
const newIssue = (fields: Record<string, unknown>) => ({
  fields: { project: { key: 'KHA' }, issuetype: { name: 'Avvikelse' }, summary: 'Fel', ...fields },
});

describe('Jira simulator: select list options and their field contexts', () => {
  let sim: JiraSimulator;
  let jira: JiraTestClient;

  beforeAll(async () => {
    sim = await startJiraSimulator({ screens: { customFields: [PARTY, NOTE] } });
    jira = jiraClient(sim);
  });
  afterAll(() => sim.stop());
  beforeEach(() => {
    sim.admin.reset();
    // The option API is an administrator's; the sync's account gets the permission for the setup (README).
    sim.site.set({ administer: true });
  });

  it('should describe one global context per field, and the projects a narrowed context covers', async () => {
    const contexts = await jira.get(`/rest/api/3/field/${PARTY.id}/context`);
    expectContract(contexts, 'GET', CONTEXTS, 200);
    expect(contexts.body).toMatchObject({ isLast: true, total: 1, values: [{ id: contextIdOf(PARTY), isGlobalContext: true }] });

    sim.admin.setScreens({ customFields: [{ ...PARTY, contextProjectIds: ['10099'] }] });
    const mapping = await jira.get(`/rest/api/3/field/${PARTY.id}/context/projectmapping`);
    expectContract(mapping, 'GET', `${CONTEXTS}/projectmapping`, 200);
    expect(mapping.body.values).toEqual([{ contextId: contextIdOf(PARTY), projectId: '10099' }]);
    expect((await jira.get('/rest/api/3/field/customfield_1/context')).status).toBe(404);
  });

  it('should create options, page through them by startAt and maxResults, and refuse a duplicate value with 400', async () => {
    const values = Array.from({ length: 149 }, (_, i) => ({ value: `Kommun ${i}` }));
    const created = await jira.post(options(PARTY)).send({ options: values });
    expectContract(created, 'POST', OPTIONS, 200);
    expect(created.body.options).toHaveLength(149);
    expect(created.body.options[0]).toEqual({ id: expect.any(String), value: 'Kommun 0', disabled: false });

    const first = await jira.get(`${options(PARTY)}?maxResults=500`);
    expectContract(first, 'GET', OPTIONS, 200);
    expect(first.body).toMatchObject({ startAt: 0, maxResults: 100, total: 150, isLast: false });
    const second = await jira.get(`${options(PARTY)}?startAt=100`);
    expect(second.body).toMatchObject({ startAt: 100, total: 150, isLast: true });
    expect(second.body.values).toHaveLength(50);

    const duplicate = await jira.post(options(PARTY)).send({ options: [{ value: 'csn' }] });
    expectContract(duplicate, 'POST', OPTIONS, 400);
    expect(duplicate.body.errorMessages).toEqual(["The option 'csn' already exists."]);
    const inOneRequest = await jira.post(options(PARTY)).send({ options: [{ value: 'Ny' }, { value: 'NY' }] });
    expect(inOneRequest.status).toBe(400);
    expect((await jira.get(options(PARTY))).body.total).toBe(150);
  });

  it('should answer 400 for a field without options, 404 for another context, and 403 to an account that is no administrator', async () => {
    expect((await jira.get(`/rest/api/3/field/${NOTE.id}/context/${contextIdOf(NOTE)}/option`)).body.errorMessages).toEqual([
      "The custom field doesn't support options.",
    ]);
    expect((await jira.get(`/rest/api/3/field/${PARTY.id}/context/1/option`)).status).toBe(404);
    sim.site.set({ administer: false });
    const refused = await jira.post(options(PARTY)).send({ options: [{ value: 'Ny' }] });
    expectContract(refused, 'POST', OPTIONS, 403);
    expect(refused.body.errorMessages).toEqual(['Only Jira administrators can manage custom field options.']);
  });

  it('should delete an option (204), take it off the issues that held it, never hand its id out again, and 404 an unknown one', async () => {
    const [kept, doomed] = (await jira.post(options(PARTY)).send({ options: [{ value: 'Kvar' }, { value: 'Borttagen' }] })).body.options;
    const issue = await jira.post('/rest/api/3/issue').send(newIssue({ [PARTY.id]: { id: doomed.id } }));
    const deleted = await jira.delete(`${options(PARTY)}/${doomed.id}`);
    expectContract(deleted, 'DELETE', `${OPTIONS}/{optionId}`, 204);
    expect((await jira.get(options(PARTY))).body.values.map((o: { value: string }) => o.value)).toEqual(['CSN', 'Kvar']);
    expect(sim.admin.issue(issue.body.key).fields[PARTY.id]).toBeUndefined();
    const refused = await jira.put(`/rest/api/3/issue/${issue.body.key}`).send({ fields: { [PARTY.id]: { id: doomed.id } } });
    expect(refused.body.errors).toEqual({ [PARTY.id]: `Option id '${doomed.id}' is not valid` });

    const [again] = (await jira.post(options(PARTY)).send({ options: [{ value: 'Borttagen' }] })).body.options;
    expect([kept.id, doomed.id]).not.toContain(again.id);
    expect((await jira.delete(`${options(PARTY)}/${doomed.id}`)).status).toBe(404);
    sim.site.set({ administer: false });
    expect((await jira.delete(`${options(PARTY)}/${again.id}`)).status).toBe(403);
  });

  it('should keep the options made and deleted through the API across a restart with its state file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'jira-sim-options-'));
    const stateFile = join(dir, 'jira-sim.json');
    const running: JiraSimulator[] = [];
    const start = async () => {
      running.push(await startJiraSimulator({ stateFile, site: { administer: true }, screens: { customFields: [PARTY] } }));
      return jiraClient(running.at(-1)!);
    };
    try {
      const first = await start();
      const [made] = (await first.post(options(PARTY)).send({ options: [{ value: 'Ny' }, { value: 'Tas bort' }] })).body.options;
      const removed = (await first.get(options(PARTY))).body.values[2];
      await first.delete(`${options(PARTY)}/${removed.id}`).expect(204);
      await running.pop()!.stop();

      const second = await start();
      expect((await second.get(options(PARTY))).body.values).toEqual([
        { id: expect.any(String), value: 'CSN', disabled: false },
        { id: made.id, value: 'Ny', disabled: false },
      ]);
      const [next] = (await second.post(options(PARTY)).send({ options: [{ value: 'Efter omstart' }] })).body.options;
      expect(next.id).not.toBe(removed.id);
    } finally {
      await Promise.all(running.map((sim) => sim.stop()));
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('should take a select value by id or by value, answer both on GET, and refuse an option that does not exist, naming the field', async () => {
    const [added] = (await jira.post(options(PARTY)).send({ options: [{ value: 'Transportstyrelsen' }] })).body.options;
    const byId = await jira.post('/rest/api/3/issue').send(newIssue({ [PARTY.id]: { id: added.id } }));
    expect(byId.status).toBe(201);
    expect(sim.admin.issue(byId.body.key).fields[PARTY.id]).toEqual({ id: added.id, value: 'Transportstyrelsen' });
    const byValue = await jira.post('/rest/api/3/issue').send(newIssue({ [PARTY.id]: { value: 'CSN' } }));
    expect(sim.admin.issue(byValue.body.key).fields[PARTY.id]).toMatchObject({ value: 'CSN' });

    const unknownId = await jira.post('/rest/api/3/issue').send(newIssue({ [PARTY.id]: { id: '999' } }));
    expect(unknownId.status).toBe(400);
    expect(unknownId.body.errors).toEqual({ [PARTY.id]: "Option id '999' is not valid" });
    const edit = await jira.put(`/rest/api/3/issue/${byId.body.key}`).send({ fields: { [PARTY.id]: { value: 'Okänd' } } });
    expect(edit.status).toBe(400);
    expect(edit.body.errors).toEqual({ [PARTY.id]: "Option value 'Okänd' is not valid" });
    const bare = await jira.post('/rest/api/3/issue').send(newIssue({ [PARTY.id]: 'CSN' }));
    expect(bare.body.errors).toEqual({ [PARTY.id]: "Could not find valid 'id' or 'value' in the Parent Option object." });
  });

  it('should disable and enable options by id (PUT), refuse a disabled option on an issue, and refuse an unknown id or a taken value changing nothing', async () => {
    const [added] = (await jira.post(options(PARTY)).send({ options: [{ value: 'Kronofogden' }] })).body.options;
    const disabled = await jira.put(options(PARTY)).send({ options: [{ id: added.id, disabled: true }] });
    expectContract(disabled, 'PUT', OPTIONS, 200);
    expect(disabled.body.options).toEqual([{ id: added.id, value: 'Kronofogden', disabled: true }]);
    const refused = await jira.post('/rest/api/3/issue').send(newIssue({ [PARTY.id]: { id: added.id } }));
    expect(refused.status).toBe(400);
    expect(refused.body.errors).toEqual({ [PARTY.id]: `Option id '${added.id}' is not valid` });

    const unknown = await jira.put(options(PARTY)).send({
      options: [
        { id: added.id, disabled: false },
        { id: '999', disabled: false },
      ],
    });
    expectContract(unknown, 'PUT', OPTIONS, 400);
    const taken = await jira.put(options(PARTY)).send({ options: [{ id: added.id, value: 'csn', disabled: false }] });
    expectContract(taken, 'PUT', OPTIONS, 400);
    expect((await jira.get(options(PARTY))).body.values).toContainEqual({
      id: added.id,
      value: 'Kronofogden',
      disabled: true,
    });

    const enabled = await jira.put(options(PARTY)).send({ options: [{ id: added.id, disabled: false }] });
    expect(enabled.body.options).toEqual([{ id: added.id, value: 'Kronofogden', disabled: false }]);
    expect((await jira.post('/rest/api/3/issue').send(newIssue({ [PARTY.id]: { id: added.id } }))).status).toBe(201);
  });
});
