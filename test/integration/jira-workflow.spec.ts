import type { INestApplicationContext } from '@nestjs/common';
import type { AddressInfo } from 'node:net';
import { type JiraSimulator } from '../../jira-simulator/simulator';
import { Role } from '../../src/actor/role';
import { adfToText } from '../../src/jira/adf';
import { aDeviationBody } from '../factories/deviation.factory';
import { aParty } from '../factories/party.factory';
import { type TestApp } from '../support/app';
import { ownerDb, truncateAll } from '../support/database';
import { startSyncStack } from '../support/sync-stack';
import { eventually } from '../support/eventually';
import { waitForSyncIdle } from '../support/jira-sync-idle';

/**
 * The sync against a Jira site configured as real ones are (JIRA-REALITY "Workflows and transitions", "Creating and
 * editing issues"): the real API and worker, through jira.js, against the simulator with its screens switched on.
 */
jest.setTimeout(90_000);

const ROOT_CAUSE = { id: 'customfield_10101', name: 'Rotorsak', type: 'string' as const };
const PARTY = { id: 'customfield_10100', name: 'Rapporterande part', type: 'option' as const, options: ['CSN', 'Göteborgs Stad'] };
const ENVIRONMENT = { id: 'customfield_10102', name: 'Miljö', type: 'string' as const };

describe('Jira sync against real workflows and screens (integration)', () => {
  let sim: JiraSimulator;
  let api: TestApp;
  let worker: INestApplicationContext;
  let reporter: string;
  let skr: { Authorization: string };
  let admin: { Authorization: string };
  const saved = { ...process.env };

  beforeAll(async () => {
    ({ sim, api, worker } = await startSyncStack({
      // Fields the other cases' site does not have: left out there, as a field off the screen must be.
      JIRA_CUSTOM_FIELDS: `party:${PARTY.id},environment:${ENVIRONMENT.id},impact:customfield_10199`,
    }));
  });

  beforeEach(async () => {
    await truncateAll();
    sim.admin.reset();
    sim.admin.configureWebhook({
      url: `http://127.0.0.1:${(api.app.getHttpServer().address() as AddressInfo).port}/webhooks/jira`,
      secret: 'dev-webhook-secret-change-me',
    });
    const party = await aParty({ name: 'Göteborgs Stad' });
    reporter = await api.partyToken(party.id, Role.Reporter);
    skr = { Authorization: `Bearer ${await api.skrToken(Role.Skr)}` };
    admin = { Authorization: `Bearer ${await api.skrToken(Role.SkrAdmin)}` };
  });

  afterAll(async () => {
    await worker?.close();
    await api?.close();
    await sim?.stop();
    process.env = saved;
  });

  const auth = () => ({ Authorization: `Bearer ${reporter}` });
  async function submitDeviation(overrides: Record<string, unknown> = {}): Promise<{ id: string; key: string }> {
    const created = await api.http.post('/api/v1/deviations').set(auth()).send(aDeviationBody(overrides));
    expect(created.status).toBe(201);
    await api.http.post(`/api/v1/deviations/${created.body.id}/submit`).set(auth()).expect(200);
    return created.body;
  }
  const syncState = async (deviationId: string) => (await api.http.get(`/api/v1/deviations/${deviationId}/jira`).set(auth())).body;
  const syncedKey = (deviationId: string) =>
    eventually(async () => {
      const state = await syncState(deviationId);
      expect(state).toMatchObject({ state: 'synkad', issueKey: expect.stringMatching(/^KHA-\d+$/) });
      return state.issueKey as string;
    });
  const jiraStatus = (key: string) => (sim.admin.issue(key).fields.status as { id: string }).id;
  const setStatus = (deviationId: string, body: Record<string, unknown>) =>
    api.http.post(`/api/v1/deviations/${deviationId}/status`).set(skr).send(body).expect(200);
  const failureOf = (deviationId: string, code: string) =>
    eventually(async () => {
      const failures = await api.http.get('/api/v1/jira/failures').set(admin);
      const failure = (failures.body as { deviationId: string }[]).find((f) => f.deviationId === deviationId);
      expect(failure).toMatchObject({ state: 'fel', lastErrorCode: code });
      const [row] = await (await ownerDb()).query(`SELECT state, last_error_code FROM jira_link WHERE deviation_id = $1`, [deviationId]);
      expect(row).toEqual({ state: 'fel', last_error_code: code });
      return failure as unknown as { lastError: string };
    });
  const syncIdle = () => waitForSyncIdle(sim, worker);
  const statusSteps = (key: string) =>
    sim.admin
      .issue(key)
      .changelog.histories.flatMap((h) => h.items)
      .filter((item) => item.field === 'status')
      .map((item) => item.to);

  it('should walk a three-step workflow to the status set in the service, and fill the resolution screen on Löst', async () => {
    sim.admin.setScreens({ workflow: 'strict' });
    const d = await submitDeviation();
    const key = await syncedKey(d.id);
    await setStatus(d.id, { status: 'åtgärdas' });
    await eventually(async () => expect(jiraStatus(key)).toBe('10003'));
    expect(statusSteps(key)).toEqual(['10001', '10002', '10003']);
    await setStatus(d.id, { status: 'löst', resolution: 'Rättat i version 4.2' });
    await eventually(async () => expect(jiraStatus(key)).toBe('10005'));
    expect(sim.admin.issue(key).fields.resolution).toMatchObject({ id: '10000' });
    // SKR's own words reach Jira as a marked comment of ours on the way into Löst, and never come back as SKR's.
    const solution = sim.admin.issue(key).fields.comment.comments.map((c) => adfToText(c.body));
    expect(solution).toEqual(['[Avvikelse: lösning]\n\nRättat i version 4.2']);
    await syncIdle();
    expect(await syncState(d.id)).toMatchObject({ state: 'synkad', lastErrorCode: null });
    // The walk's intermediate statuses came back as webhooks; none of them is taken as SKR's decision.
    expect((await api.http.get(`/api/v1/deviations/${d.id}`).set(auth())).body).toMatchObject({
      status: 'löst',
      resolution: 'Rättat i version 4.2',
    });
    expect((await api.http.get(`/api/v1/deviations/${d.id}/comments`).set(auth())).body).toEqual([]);
  });

  it('should record "no path" visibly for an unreachable status, and still push the comments', async () => {
    sim.admin.setScreens({ workflow: 'strict', unreachableStatuses: ['10003'] });
    const d = await submitDeviation();
    const key = await syncedKey(d.id);
    await setStatus(d.id, { status: 'åtgärdas' });
    const failure = await failureOf(d.id, 'JIRA_NO_PATH_TO_STATUS');
    expect(failure.lastError).toContain('åtgärdas');
    // As near as the workflow goes, never into a status beyond the target.
    expect(jiraStatus(key)).toBe('10002');

    await api.http.post(`/api/v1/deviations/${d.id}/comments`).set(auth()).send({ text: 'Felet kvarstår i dag.' }).expect(201);
    await eventually(async () =>
      expect(sim.admin.issue(key).fields.comment.comments.map((c) => adfToText(c.body))).toContainEqual(
        expect.stringContaining('Felet kvarstår i dag.'),
      ),
    );
    await syncIdle();
    expect((await syncState(d.id)).lastErrorCode).toBe('JIRA_NO_PATH_TO_STATUS');
    expect((await api.http.get(`/api/v1/deviations/${d.id}`).set(auth())).body.status).toBe('åtgärdas');
  });

  it('should name a required transition field it cannot fill, visibly', async () => {
    sim.admin.setScreens({ customFields: [ROOT_CAUSE], transitionRequires: { '10002': [ROOT_CAUSE.id] } });
    const d = await submitDeviation();
    const key = await syncedKey(d.id);
    await setStatus(d.id, { status: 'under_utredning' });
    const failure = await failureOf(d.id, 'JIRA_TRANSITION_FIELD_REQUIRED');
    expect(failure.lastError).toContain("'Rotorsak' (customfield_10101)");
    expect(jiraStatus(key)).toBe('10000');
  });

  it('should create the issue with a one-line summary and a description cut to 32,767 characters with a link back', async () => {
    const long = 'Steg som upprepas.\n'.repeat(1000).slice(0, 19_999);
    const d = await submitDeviation({ rubrik: 'Rad ett\nrad två', reproduktionssteg: long, utfall: long, förväntat: 'x'.repeat(19_999) });
    const key = await syncedKey(d.id);
    const issue = sim.admin.issue(key);
    expect(issue.fields.summary).toBe(`${d.key} Rad ett rad två`);
    const text = adfToText(issue.fields.description);
    expect(text.length).toBeLessThanOrEqual(32_767);
    expect(JSON.stringify(issue.fields.description).length).toBeLessThanOrEqual(32_767);
    expect(text).toContain(`Hela texten: http://localhost:3000/api/v1/deviations/${d.id}]`);

    // A 20,000-character comment of short lines: within the limit as text, far past it as ADF JSON.
    await api.http
      .post(`/api/v1/deviations/${d.id}/comments`)
      .set(auth())
      .send({ text: 'a\n'.repeat(9_999) })
      .expect(201);
    await eventually(async () => expect(sim.admin.issue(key).fields.comment.total).toBe(1));
    await syncIdle();
    expect((await syncState(d.id)).state).toBe('synkad');
  });

  it("should not overwrite SKR's edit of the summary with the party's next edit, and let it through on replay", async () => {
    const d = await submitDeviation({ rubrik: 'Timeout mot CSN' });
    const key = await syncedKey(d.id);
    const edit = async (rubrik: string) => {
      const current = await api.http.get(`/api/v1/deviations/${d.id}`).set(auth());
      await api.http.patch(`/api/v1/deviations/${d.id}`).set(auth()).set('If-Match', current.headers.etag).send({ rubrik }).expect(200);
    };
    // Our own edits go through and move the hash along.
    await edit('Timeout mot CSN varje morgon');
    await eventually(async () => expect(sim.admin.issue(key).fields.summary).toBe(`${d.key} Timeout mot CSN varje morgon`));
    await syncIdle();

    sim.admin.editIssue(key, { summary: 'CSN: timeout i frågetjänsten (SKR:s rubrik)' });
    await edit('Timeout mot CSN varje morgon kl 7');
    const failure = await failureOf(d.id, 'JIRA_EDIT_CONFLICT');
    expect(failure.lastError).toContain(key);
    expect(sim.admin.issue(key).fields.summary).toBe('CSN: timeout i frågetjänsten (SKR:s rubrik)');

    await api.http.post(`/api/v1/jira/failures/${d.id}/replay`).set(admin).expect(202);
    await eventually(async () => expect(sim.admin.issue(key).fields.summary).toBe(`${d.key} Timeout mot CSN varje morgon kl 7`));
    await eventually(async () => expect(await syncState(d.id)).toMatchObject({ state: 'synkad', lastErrorCode: null }));
  });

  it('should fill a required custom field mapped by configuration, and leave out a mapped field the screen lacks', async () => {
    sim.admin.setScreens({ customFields: [PARTY, ENVIRONMENT], requiredCustomFields: [PARTY.id] });
    const d = await submitDeviation();
    const key = await syncedKey(d.id);
    const fields = sim.admin.issue(key).fields;
    // As Jira shows a select value: the option's id beside its value.
    expect(fields[PARTY.id]).toEqual({ id: expect.any(String), value: 'Göteborgs Stad' });
    expect(fields[ENVIRONMENT.id]).toBe('produktion');
    expect(fields).not.toHaveProperty('customfield_10199');
  });

  it('should require one outbound row where two Jira statuses mean the same to us, and move issues to that one', async () => {
    // As read back, each row says whether it is outbound; written without that flag, a value mapped twice is ambiguous.
    const read = (await api.http.get('/api/v1/jira/mapping').set(admin)).body as { kind: string; jiraId: string; value: string }[];
    const mapping = read.map(({ kind, jiraId, value }) => ({ kind, jiraId, value }));
    const avbruten = { kind: 'status', jiraId: '10009', value: 'stängd' };
    const ambiguous = await api.http
      .put('/api/v1/jira/mapping')
      .set(admin)
      .send({ entries: [...mapping, avbruten] });
    expect(ambiguous.status).toBe(422);
    expect(ambiguous.body.errors).toEqual([expect.objectContaining({ code: 'outbound', detail: expect.stringContaining("'stängd'") })]);
    const entries = mapping.map((m) => (m.jiraId === '10006' ? { ...m, outbound: true } : m));
    await api.http
      .put('/api/v1/jira/mapping')
      .set(admin)
      .send({ entries: [...entries, avbruten] })
      .expect(200);
    const rows = await (await ownerDb()).query(`SELECT jira_id, outbound FROM jira_mapping WHERE kind = 'status' AND value = 'stängd'`);
    expect(rows.sort((a: { jira_id: string }, b: { jira_id: string }) => a.jira_id.localeCompare(b.jira_id))).toEqual([
      { jira_id: '10006', outbound: true },
      { jira_id: '10009', outbound: false },
    ]);
    const d = await submitDeviation();
    const key = await syncedKey(d.id);
    await setStatus(d.id, { status: 'löst', resolution: 'Klart.' });
    await eventually(async () => expect(jiraStatus(key)).toBe('10005'));
    await api.http.post(`/api/v1/deviations/${d.id}/status`).set(skr).send({ status: 'stängd' }).expect(200);
    await eventually(async () => expect(jiraStatus(key)).toBe('10006'));
  });
});
