import type { INestApplicationContext } from '@nestjs/common';
import { type JiraSimulator } from '../../jira-simulator/simulator';
import { Role } from '../../src/actor/role';
import { JiraReconcileService } from '../../src/jira/jira-reconcile.service';
import { PartyKind } from '../../src/parties/party.entity';
import { bastjänstTemplateId } from '../factories/declaration.factory';
import { aParty } from '../factories/party.factory';
import { type TestApp } from '../support/app';
import { ownerDb, truncateAll } from '../support/database';
import { startSyncStack } from '../support/sync-stack';
import { eventually } from '../support/eventually';

/**
 * Known deviations SKR registers directly in its Jira project, imported end to end: the real API and worker against
 * the simulator over HTTP, with its signed webhooks (see JiraImportService).
 */
jest.setTimeout(90_000);

const FIELD = 'customfield_10200';
const HOUR = 3_600_000;

describe('Jira import of known deviations (integration)', () => {
  let sim: JiraSimulator;
  let api: TestApp;
  let worker: INestApplicationContext;
  let responsible: { id: string; organisationNumber: string };
  let strangerToken: string;
  let responsibleToken: string;
  const saved = { ...process.env };

  beforeAll(async () => {
    ({ sim, api, worker } = await startSyncStack({
      JIRA_IMPORT_CREATED_AFTER: new Date(Date.now() - HOUR).toISOString(),
      JIRA_RESPONSIBLE_PARTY_FIELD: FIELD,
    }));
  });

  beforeEach(async () => {
    await truncateAll();
    sim.admin.setFaults({});
    responsible = await aParty({ name: 'Transportstyrelsen', kind: PartyKind.Uppgiftslämnare });
    const stranger = await aParty({ name: 'Borås kommun' });
    responsibleToken = await api.partyToken(responsible.id, Role.Reporter);
    strangerToken = await api.partyToken(stranger.id, Role.Reporter);
  });

  afterAll(async () => {
    await worker?.close();
    await api?.close();
    await sim?.stop();
    process.env = saved;
  });

  const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });
  const knownDeviation = (overrides: { issueType?: string; customFields?: Record<string, unknown> } = {}) =>
    sim.admin.createIssue({
      summary: 'Vägtrafikregistret svarar långsamt',
      description: 'Svarstider över 30 s sedan kl. 08.',
      priority: '2',
      customFields: { [FIELD]: responsible.organisationNumber.replace(/^(\d{6})/, '$1-') },
      ...overrides,
    });
  const importedRows = async (issueId: string) =>
    (await (
      await ownerDb()
    ).query(
      `SELECT d.id, d.source, d.party_id, d.responsible_party_id, d.rubrik, d.utfall, d.status, d.prioritet, l.state, l.issue_key
       FROM deviation d JOIN jira_link l ON l.deviation_id = d.id WHERE l.issue_id = $1`,
      [issueId],
    )) as { id: string; source: string; party_id: string | null; responsible_party_id: string; state: string; issue_key: string }[];
  const deviationCount = async () => ((await (await ownerDb()).query(`SELECT count(*)::int AS n FROM deviation`)) as { n: number }[])[0].n;

  it('should import an issue SKR creates once, for its responsible party only, with the identity property written', async () => {
    sim.admin.setFaults({ webhooks: { duplicate: { next: 5 } } });
    const issue = knownDeviation();
    const [row] = await eventually(async () => {
      const rows = await importedRows(issue.id);
      expect(rows).toHaveLength(1);
      return rows;
    });
    expect(row).toMatchObject({
      source: 'jira_import',
      party_id: null,
      responsible_party_id: responsible.id,
      rubrik: 'Vägtrafikregistret svarar långsamt',
      utfall: 'Svarstider över 30 s sedan kl. 08.',
      status: 'inskickad',
      prioritet: 'hög',
      state: 'synkad',
      issue_key: issue.key,
    });
    expect(sim.admin.issue(issue.key).properties).toMatchObject({ avvikelse: { deviationId: row.id } });
    // The duplicated webhook and a sweep racing it import nothing more.
    await Promise.all([sim.admin.settleWebhooks(), worker.get(JiraReconcileService).reconcile()]);
    expect(await importedRows(issue.id)).toHaveLength(1);
    expect(await deviationCount()).toBe(1);

    const seen = await api.http.get(`/api/v1/deviations/${row.id}`).set(bearer(responsibleToken));
    expect(seen.status).toBe(200);
    expect(seen.body).toMatchObject({ källa: 'jira_import', rubrik: 'Vägtrafikregistret svarar långsamt' });
    const hidden = await api.http.get(`/api/v1/deviations/${row.id}`).set(bearer(strangerToken));
    expect(hidden.status).toBe(404);
    expect(JSON.stringify(hidden.body)).not.toContain('Vägtrafikregistret');

    const declaration = await api.http
      .post('/api/v1/declarations')
      .set(bearer(responsibleToken))
      .send({ templateId: await bastjänstTemplateId() })
      .expect(201);
    const citable = await api.http.get(`/api/v1/declarations/${declaration.body.id}/citable-deviations`).set(bearer(responsibleToken));
    expect(citable.status).toBe(200);
    expect(citable.body).toEqual([expect.objectContaining({ id: row.id, rubrik: 'Vägtrafikregistret svarar långsamt' })]);
  });

  it('should import by the sweep alone when the webhooks are lost, and let later SKR changes flow through the pull', async () => {
    sim.admin.setFaults({ webhooks: { drop: { rate: 1 } } });
    const issue = knownDeviation();
    await sim.admin.settleWebhooks();
    expect(await deviationCount()).toBe(0);
    await worker.get(JiraReconcileService).reconcile();
    const [row] = await importedRows(issue.id);
    expect(row).toMatchObject({ responsible_party_id: responsible.id, state: 'synkad' });
    expect(sim.admin.issue(issue.key).properties).toMatchObject({ avvikelse: { deviationId: row.id } });
    await worker.get(JiraReconcileService).reconcile();
    expect(await deviationCount()).toBe(1);

    sim.admin.setFaults({});
    sim.admin.transition(issue.key, 'Under utredning');
    await eventually(async () => {
      const seen = await api.http.get(`/api/v1/deviations/${row.id}`).set(bearer(responsibleToken));
      expect(seen.body).toMatchObject({ status: 'under_utredning' });
    });
    // The party's public comment reaches the issue; SKR's summary and description are not replaced by our rendering.
    await api.http.post(`/api/v1/deviations/${row.id}/comments`).set(bearer(responsibleToken)).send({ text: 'Vi felsöker.' }).expect(201);
    await eventually(async () => expect(sim.admin.issue(issue.key).fields.comment).toMatchObject({ total: 1 }));
    expect(sim.admin.issue(issue.key).fields.summary).toBe('Vägtrafikregistret svarar långsamt');
  });

  it('should import nothing without the field, of another type, or created before the cut-off', async () => {
    const issues = [knownDeviation({ customFields: {} }), knownDeviation({ issueType: 'Bug' })];
    sim.admin.advanceClock(-2 * HOUR);
    try {
      issues.push(knownDeviation());
    } finally {
      sim.admin.advanceClock(2 * HOUR);
    }
    await sim.admin.settleWebhooks();
    await worker.get(JiraReconcileService).reconcile();
    expect(await deviationCount()).toBe(0);
    // Every search the sweep made was one Jira accepts (a refused one would only leave the watermark behind).
    expect(Object.keys(sim.admin.stats().requests['POST /rest/api/3/search/jql'] ?? {})).toEqual(['200']);
    for (const issue of issues) expect(sim.admin.issue(issue.key).properties).not.toHaveProperty('avvikelse');
  });
});
