import type { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { AddressInfo } from 'node:net';
import { startJiraSimulator, type JiraSimulator } from '../../jira-simulator/simulator';
import { Role } from '../../src/auth/role';
import { JiraSyncService } from '../../src/jira/jira-sync.service';
import { WorkerModule } from '../../src/worker.module';
import { aDeviationBody } from '../factories/deviation.factory';
import { aParty } from '../factories/party.factory';
import { startTestApp, type TestApp } from '../support/app';
import { ownerDb, truncateAll } from '../support/database';
import { eventually } from '../support/eventually';

/**
 * Fault suite: many deviations synced while "Jira" fails in every way the simulator knows — 5xx, 429 storms,
 * timeouts after applying a write, dropped, duplicated and reordered webhooks — and a worker restarted midway.
 * Afterwards every deviation has exactly one issue and SKR's changes have reached every party.
 * `npm test` runs a short fixed-seed variant; `npm run test:faults` the long one (FAULT_DEVIATIONS=1000).
 */
const DEVIATIONS = Number(process.env.FAULT_DEVIATIONS ?? 40);
const SEED = Number(process.env.FAULT_SEED ?? 7);

describe(`Jira sync under faults (${DEVIATIONS} deviations, seed ${SEED})`, () => {
  let sim: JiraSimulator;
  let api: TestApp;
  let worker: INestApplicationContext;
  const saved = { ...process.env };

  beforeAll(async () => {
    sim = await startJiraSimulator({ webhookSecret: 'dev-webhook-secret-change-me', seed: SEED, webhookRetryBaseMs: 50 });
    Object.assign(process.env, { JIRA_BASE_URL: sim.url, JIRA_TIMEOUT_MS: '800', THROTTLE_WRITE_LIMIT: '1000000' });
    api = await startTestApp();
    await api.app.listen(0, '127.0.0.1');
    sim.admin.configureWebhook({ url: `http://127.0.0.1:${(api.app.getHttpServer().address() as AddressInfo).port}/webhooks/jira` });
    worker = await NestFactory.createApplicationContext(WorkerModule, { logger: false });
    await worker.init();
    await truncateAll();
  });

  afterAll(async () => {
    await worker?.close();
    await api?.close();
    await sim?.stop();
    process.env = saved;
  });

  it('should end with exactly one issue per deviation and every SKR change at its party', async () => {
    const parties = await Promise.all([aParty(), aParty(), aParty()]);
    const tokens = await Promise.all(parties.map((p) => api.partyToken(p.id, Role.Reporter)));
    sim.admin.setFaults({
      error5xxRate: 0.08,
      rateLimitStorm: { count: 15, retryAfterSeconds: 0 },
      timeoutAfterApply: { count: 5, mode: 'hang' },
      webhooks: { drop: { rate: 0.2 }, duplicate: { rate: 0.2 } },
    });
    const ids: { id: string; token: string }[] = [];
    for (let i = 0; i < DEVIATIONS; i++) {
      const token = tokens[i % tokens.length];
      const created = await api.http.post('/api/v1/deviations').set('Authorization', `Bearer ${token}`).send(aDeviationBody({ rubrik: `Fel ${i}` }));
      await api.http.post(`/api/v1/deviations/${created.body.id}/submit`).set('Authorization', `Bearer ${token}`).expect(200);
      ids.push({ id: created.body.id, token });
      if (i === Math.floor(DEVIATIONS / 2)) {
        // A worker restart in the middle of the load.
        await worker.close();
        worker = await NestFactory.createApplicationContext(WorkerModule, { logger: false });
        await worker.init();
      }
    }
    const sync = () => worker.get(JiraSyncService);
    await eventually(async () => {
      const [row] = await (await ownerDb()).query(`SELECT count(*)::int AS n FROM jira_link WHERE state = 'synkad' AND issue_key IS NOT NULL`);
      if (row.n < DEVIATIONS) await sync().reconcile().catch(() => 0);
      expect(row.n).toBe(DEVIATIONS);
    }, 240_000, 1000);

    // SKR triages every issue in Jira while webhooks keep being dropped and duplicated.
    for (const { id } of ids) sim.admin.transition(sim.admin.issues({ label: `avvikelse-${id}` })[0].key, 'Under utredning');
    await sim.admin.settleWebhooks();
    sim.admin.setFaults({});
    await eventually(async () => {
      const [row] = await (await ownerDb()).query(`SELECT count(*)::int AS n FROM deviation WHERE status = 'under_utredning'`);
      if (row.n < DEVIATIONS) await sync().reconcile().catch(() => 0);
      expect(row.n).toBe(DEVIATIONS);
    }, 120_000, 1000);

    const counts = sim.admin.counts();
    const duplicates = ids.filter(({ id }) => sim.admin.issues({ label: `avvikelse-${id}` }).length !== 1).length;
    const stats = sim.admin.stats();
    const [repairs] = await (await ownerDb()).query(`SELECT repairs::int FROM jira_integration`);
    console.log(
      `fault suite: ${DEVIATIONS} deviations, ${counts.total} issues, duplicates = ${duplicates}, lost = ${DEVIATIONS - counts.total + duplicates}, ` +
        `faults injected ${JSON.stringify(stats.faults)}, webhooks ${JSON.stringify(stats.webhooks)}, repairs ${repairs.repairs}`,
    );
    expect(duplicates).toBe(0);
    expect(counts.total).toBe(DEVIATIONS);
    const [half] = await (await ownerDb()).query(`SELECT count(*)::int AS n FROM outbox_event WHERE dispatched_at IS NULL`);
    expect(half.n).toBe(0);
  }, 600_000);
});
