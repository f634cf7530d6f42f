import { getQueueToken } from '@nestjs/bullmq';
import type { INestApplicationContext } from '@nestjs/common';
import type { Queue } from 'bullmq';
import { startJiraSimulator, type JiraSimulator } from '../../jira-simulator/simulator';
import { Role } from '../../src/actor/role';
import { JIRA_SYNC_QUEUE } from '../../src/queues/jira-sync.queue';
import { aDeviationBody } from '../factories/deviation.factory';
import { aParty } from '../factories/party.factory';
import { startTestApp, type TestApp } from '../support/app';
import { truncateAll } from '../support/database';
import { eventually } from '../support/eventually';
import { startWorkerContext } from '../support/worker-context';

/**
 * A Jira outage longer than a job's whole retry budget (shortened by configuration to two attempts 100 ms apart, and
 * a sweep every second): the deviation is recovered by the worker's own schedule, not by anyone replaying it.
 */
jest.setTimeout(90_000);

describe('Jira sync after an outage longer than the retry budget (integration)', () => {
  let sim: JiraSimulator;
  let api: TestApp;
  let worker: INestApplicationContext;
  const saved = { ...process.env };

  beforeAll(async () => {
    sim = await startJiraSimulator();
    Object.assign(process.env, {
      JIRA_BASE_URL: sim.url,
      JIRA_TIMEOUT_MS: '1000',
      JIRA_RETRY_ATTEMPTS: '2',
      JIRA_RETRY_BASE_DELAY_MS: '100',
      JIRA_RECONCILE_INTERVAL_MS: '1000',
      // The creates refused during the outage never reached Jira: with no search lag to wait out, they are made at once.
      JIRA_SEARCH_LAG_MS: '0',
    });
    api = await startTestApp();
    await truncateAll();
    worker = await startWorkerContext();
  });

  afterAll(async () => {
    await worker?.close();
    await api?.close();
    await sim?.stop();
    process.env = saved;
  });

  it('should leave the deviation waiting when its job gives up during the outage, and sync it by the schedule afterwards', async () => {
    const party = await aParty({ name: 'Malmö Stad' });
    const reporter = { Authorization: `Bearer ${await api.partyToken(party.id, Role.Reporter)}` };
    sim.admin.setFaults({ error5xxRate: 1, error5xxStatus: 502 });
    const created = await api.http
      .post('/api/v1/deviations')
      .set(reporter)
      .send(aDeviationBody({ rubrik: 'Under driftstoppet' }));
    await api.http.post(`/api/v1/deviations/${created.body.id}/submit`).set(reporter).expect(200);

    const queue = worker.get<Queue>(getQueueToken(JIRA_SYNC_QUEUE));
    const pushFailedFinally = async () =>
      (await queue.getFailed()).some((job) => job.name === 'push-deviation' && job.data.deviationId === created.body.id);
    await eventually(async () => expect(await pushFailedFinally()).toBe(true));
    const status = await api.http.get(`/api/v1/deviations/${created.body.id}/jira`).set(reporter);
    expect(status.body).toMatchObject({ state: 'väntar', issueKey: null });
    expect(status.body.lastError).toContain('the sweep retries');

    // Jira is back: nobody replays anything; the sweep's schedule pushes the deviation.
    sim.admin.setFaults({});
    await eventually(async () => {
      const synced = await api.http.get(`/api/v1/deviations/${created.body.id}/jira`).set(reporter);
      expect(synced.body).toMatchObject({ state: 'synkad', issueKey: expect.stringMatching(/^KHA-\d+$/) });
    }, 30_000);
    expect(sim.admin.issues({ label: `avvikelse-${created.body.id}` })).toHaveLength(1);
  });
});
