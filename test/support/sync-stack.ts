import type { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { AddressInfo } from 'node:net';
import { startJiraSimulator, type JiraSimulator, type JiraSimulatorOptions } from '../../jira-simulator/simulator';
import { WorkerModule } from '../../src/worker.module';
import { startTestApp, type TestApp } from './app';

const WEBHOOK_SECRET = 'dev-webhook-secret-change-me';

export interface SyncStack {
  sim: JiraSimulator;
  api: TestApp;
  worker: INestApplicationContext;
}

/** The simulator and the API of a sync stack, for suites that start a worker per test (each with its own settings). */
export interface SyncApi {
  sim: JiraSimulator;
  api: TestApp;
}

/**
 * The two-way sync end to end for an integration suite: the Jira simulator over HTTP, the real API listening on
 * loopback with the simulator's signed webhooks aimed at it, and the real worker. `env` adds settings to the
 * process environment before the app and worker read their configuration (the suite restores it in afterAll).
 */
export async function startSyncStack(env: Record<string, string> = {}, simulator: JiraSimulatorOptions = {}): Promise<SyncStack> {
  const { sim, api } = await startSyncApi(env, simulator);
  const worker = await NestFactory.createApplicationContext(WorkerModule, { logger: false });
  await worker.init();
  return { sim, api, worker };
}

/** The stack without its worker: the suite starts one per test with startWorkerContext (test/support/worker-context.ts). */
export async function startSyncApi(env: Record<string, string> = {}, simulator: JiraSimulatorOptions = {}): Promise<SyncApi> {
  const sim = await startJiraSimulator({ webhookSecret: WEBHOOK_SECRET, webhookRetryBaseMs: 50, ...simulator });
  Object.assign(process.env, {
    JIRA_BASE_URL: sim.url,
    JIRA_TIMEOUT_MS: '1000',
    JIRA_RECONCILE_INTERVAL_MS: '3600000',
    // A 1 s call timeout on a loaded machine means retries; from a 1 s base their doubling delays outlast the suites'
    // 40 s idle wait, from 200 ms they do not.
    JIRA_RETRY_BASE_DELAY_MS: '200',
    ...env,
  });
  const api = await startTestApp();
  await api.app.listen(0, '127.0.0.1');
  const port = (api.app.getHttpServer().address() as AddressInfo).port;
  sim.admin.configureWebhook({ url: `http://127.0.0.1:${port}/webhooks/jira`, secret: WEBHOOK_SECRET });
  return { sim, api };
}
