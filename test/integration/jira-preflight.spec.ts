import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { startJiraSimulator, type JiraSimulator } from '../../jira-simulator/simulator';
import { Role } from '../../src/actor/role';
import { WorkerModule } from '../../src/worker.module';
import { aDeviationBody } from '../factories/deviation.factory';
import { aParty } from '../factories/party.factory';
import { startTestApp, type TestApp } from '../support/app';
import { ownerDb, truncateAll } from '../support/database';
import { eventually } from '../support/eventually';

/**
 * The preflight (GET /api/v1/jira/health) and `npm run jira:setup` against the simulator over HTTP: green on a site
 * set up as the sync expects, and each misconfiguration JIRA-REALITY lists named by exactly the check it breaks.
 */
jest.setTimeout(60_000);

const run = promisify(execFile);
const PUBLIC_BASE_URL = 'https://avvikelse.example.se';
const WEBHOOK_URL = `${PUBLIC_BASE_URL}/webhooks/jira`;
/** The custom field JIRA_CUSTOM_FIELDS maps here; each site but the dry run's has it. */
const ENVIRONMENT = { id: 'customfield_10102', name: 'Miljö', type: 'string' as const };

describe('Jira preflight and setup (integration)', () => {
  let sim: JiraSimulator;
  let api: TestApp;
  let admin: { Authorization: string };
  const saved = { ...process.env };

  beforeAll(async () => {
    sim = await startJiraSimulator({});
    const JIRA_CUSTOM_FIELDS = 'environment:customfield_10102';
    // No case here is about a slow Jira: a generous deadline keeps a loaded machine from failing a call of the setup.
    Object.assign(process.env, { JIRA_BASE_URL: sim.url, JIRA_TIMEOUT_MS: '10000', PUBLIC_BASE_URL, JIRA_CUSTOM_FIELDS });
    api = await startTestApp();
  });

  beforeEach(async () => {
    await truncateAll();
    sim.admin.reset();
    sim.admin.setScreens({ customFields: [ENVIRONMENT] });
    admin = { Authorization: `Bearer ${await api.skrToken(Role.SkrAdmin)}` };
  });

  afterAll(async () => {
    await api?.close();
    await sim?.stop();
    process.env = saved;
  });

  /** A site as the sync expects it: the account may list webhooks, ours is registered, one issue shows the workflow. */
  const aReadySite = async () => {
    sim.site.set({ administer: true });
    // Said here, not as a missing webhook two checks later: the setup registers it.
    expect(await setup()).toMatchObject({ code: 0 });
    sim.admin.createIssue({ summary: 'Visar arbetsflödet' });
  };
  const setup = async () => {
    try {
      const { stdout } = await run(process.execPath, ['dist/tools/jira-setup.js'], { env: { ...process.env } });
      return { code: 0, stdout };
    } catch (error) {
      const failed = error as { code: number; stdout: string; stderr: string };
      return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
    }
  };
  const health = async () => {
    const response = await api.http.get('/api/v1/jira/health').set(admin);
    expect(response.status).toBe(200);
    return response.body as { status: string; checks: { id: string; status: string; message: { sv: string; en: string } }[] };
  };
  const notOk = (report: Awaited<ReturnType<typeof health>>) => report.checks.filter((c) => c.status !== 'ok').map((c) => [c.id, c.status]);

  it('should report every check ok against the default simulator once the webhook is registered, writing nothing to Jira', async () => {
    await aReadySite();
    const before = sim.admin.counts();
    const report = await health();
    expect(notOk(report)).toEqual([]);
    expect(report.status).toBe('ok');
    expect(report.checks.map((c) => c.id)).toEqual(
      expect.arrayContaining(['token', 'project', 'issue_type', 'create_fields', 'attachments', 'webhook']),
    );
    expect(report.checks.filter((c) => c.id.startsWith('status:')).length).toBeGreaterThan(0);
    expect(sim.admin.counts()).toEqual(before);
  });

  it('should name a required custom field nobody maps', async () => {
    await aReadySite();
    sim.admin.setScreens({
      customFields: [ENVIRONMENT, { id: 'customfield_10300', name: 'Kostnadsställe', type: 'string' }],
      requiredCustomFields: ['customfield_10300'],
    });
    const report = await health();
    expect(notOk(report)).toEqual([['create_fields', 'fail']]);
    expect(report.status).toBe('fail');
    expect(report.checks.find((c) => c.id === 'create_fields')!.message.en).toContain('customfield_10300');
  });

  it('should name a mapped status no transition leads to', async () => {
    await aReadySite();
    sim.admin.setScreens({ customFields: [ENVIRONMENT], unreachableStatuses: ['10003'] });
    const report = await health();
    expect(notOk(report)).toEqual([['status:10003', 'unknown']]);
    expect(report.status).toBe('degraded');
  });

  it('should fail the attachments check, with the limit otherwise, when attachments are off', async () => {
    await aReadySite();
    expect((await health()).checks.find((c) => c.id === 'attachments')!.message.en).toMatch(/enabled, at most \d+ MB/);
    sim.site.set({ attachments: { enabled: false, uploadLimit: 10 * 1024 * 1024 } });
    expect(notOk(await health())).toEqual([['attachments', 'fail']]);
  });

  it('should fail the webhook check when the account may list webhooks and ours is missing', async () => {
    sim.site.set({ administer: true });
    sim.admin.createIssue({ summary: 'Visar arbetsflödet' });
    const report = await health();
    expect(notOk(report)).toEqual([['webhook', 'fail']]);
  });

  it('should leave the webhook unknown, with the manual step, when the account may not list webhooks', async () => {
    sim.admin.createIssue({ summary: 'Visar arbetsflödet' });
    const report = await health();
    expect(notOk(report)).toEqual([['webhook', 'unknown']]);
    expect(report.checks.find((c) => c.id === 'webhook')).toMatchObject({ hint: { en: expect.stringContaining(WEBHOOK_URL) } });
  });

  it('should fail the token check alone when Jira serves us as anonymous, and judge nothing else', async () => {
    await aReadySite();
    sim.site.set({ token: 'expired' });
    const report = await health();
    expect(report.checks.find((c) => c.id === 'token')!.status).toBe('fail');
    expect(report.checks.filter((c) => c.status === 'fail').map((c) => c.id)).toEqual(['token']);
    expect(report.checks.filter((c) => c.id !== 'token').every((c) => c.status === 'unknown')).toBe(true);
  });

  it('should refuse the health check to SKR users who are not admins', async () => {
    const response = await api.http.get('/api/v1/jira/health').set({ Authorization: `Bearer ${await api.skrToken(Role.Skr)}` });
    expect(response.status).toBe(403);
    expect(response.headers['content-type']).toMatch(/application\/problem\+json/);
  });

  it('should log each failing item at worker start and keep the worker running', async () => {
    sim.site.set({ attachments: { enabled: false, uploadLimit: 1024 } });
    sim.admin.createIssue({ summary: 'Visar arbetsflödet' });
    const warn = jest.spyOn(Logger.prototype, 'warn');
    process.env.JIRA_PREFLIGHT_AT_START = 'true';
    const worker = await NestFactory.createApplicationContext(WorkerModule, { logger: false });
    try {
      await worker.init();
      await eventually(async () => {
        const logged = warn.mock.calls.filter(([, message]) => message === 'jira preflight').map(([fields]) => fields as { check: string });
        expect(logged.map((f) => f.check)).toEqual(['attachments', 'webhook']);
      });
      expect(sim.site.get().attachments.enabled).toBe(false);
    } finally {
      warn.mockRestore();
      process.env.JIRA_PREFLIGHT_AT_START = 'false';
      await worker.close();
    }
  });

  describe('GET /api/v1/jira/health/dry-run', () => {
    it('should list the open deviations without an issue and the mapped fields the create screen would not take', async () => {
      const party = await aParty({ name: 'Göteborgs Stad' });
      const reporter = { Authorization: `Bearer ${await api.partyToken(party.id, Role.Reporter)}` };
      const create = async () =>
        (await api.http.post('/api/v1/deviations').set(reporter).send(aDeviationBody()).expect(201)).body as { id: string; key: string };
      const submitted = await create();
      await api.http.post(`/api/v1/deviations/${submitted.id}/submit`).set(reporter).expect(200);
      const draft = await create();
      sim.admin.setScreens({ customFields: [{ id: 'customfield_10100', name: 'Rapporterande part', type: 'string' }] });
      const before = sim.admin.counts();

      const response = await api.http.get('/api/v1/jira/health/dry-run').set(admin);

      expect(response.status).toBe(200);
      expect(response.body).toEqual({
        issuesToCreate: 1,
        deviations: [{ id: submitted.id, key: submitted.key, status: 'inskickad' }],
        fieldsLeftOut: [{ fact: 'environment', fieldId: 'customfield_10102', problem: 'not_on_screen' }],
        fieldsUnknown: null,
      });
      const rows = await (await ownerDb()).query(`SELECT id FROM deviation WHERE id = ANY($1) ORDER BY id`, [[submitted.id, draft.id]]);
      expect(rows).toHaveLength(2);
      expect(sim.admin.counts()).toEqual(before);
    });
  });

  describe('npm run jira:setup', () => {
    it('should register the webhook once, and find it on the second run', async () => {
      sim.site.set({ administer: true });
      const first = await setup();
      expect(first).toMatchObject({ code: 0, stdout: expect.stringContaining(`webhook registered: ${WEBHOOK_URL}`) });
      const second = await setup();
      expect(second).toMatchObject({ code: 0, stdout: expect.stringContaining('webhook already registered') });
      expect(sim.adminWebhooks.list()).toEqual([
        expect.objectContaining({
          url: WEBHOOK_URL,
          secret: process.env.JIRA_WEBHOOK_SECRET ?? 'dev-webhook-secret-change-me',
          events: [
            'jira:issue_created',
            'jira:issue_updated',
            'jira:issue_deleted',
            'comment_created',
            'comment_updated',
            'comment_deleted',
          ],
          filters: { 'issue-related-events-section': 'project = KHA' },
        }),
      ]);
    });

    it('should print the manual steps when the account may not manage webhooks', async () => {
      const result = await setup();
      expect(result.code).toBe(2);
      expect(result.stdout).toContain('Settings → System → WebHooks');
      expect(result.stdout).toContain(WEBHOOK_URL);
      expect(sim.adminWebhooks.list()).toEqual([]);
    });
  });
});
