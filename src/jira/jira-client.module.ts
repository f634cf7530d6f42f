import { Module } from '@nestjs/common';
import { Histogram } from 'prom-client';
import { AppConfig } from '../config/app-config';
import { ScopedDb } from '../database/scoped-db';
import { MetricsService } from '../metrics/metrics.service';
import { JiraClient } from './jira-client';
import { JiraJsClient } from './jira-js.client';
import type { JiraConnection } from './jira-js-rest';
import { JiraTokenCipher } from './jira-token-cipher';
import { JiraTokenSource } from './jira-token-source';
import { NotConfiguredJiraClient } from './not-configured-jira.client';

/** The key that seals and opens the token an SKR admin stores. */
export function jiraTokenCipherOf(config: AppConfig): JiraTokenCipher {
  return new JiraTokenCipher(config.JIRA_TOKEN_ENCRYPTION_KEY, config.JIRA_TOKEN_ENCRYPTION_KEY_PREVIOUS);
}

/**
 * The one token source of the worker, the API and `npm run jira:setup`: a setup run with the token an SKR admin set
 * must not fall back to a revoked JIRA_API_TOKEN the sync no longer uses.
 */
export function jiraTokenSourceOf(config: AppConfig, db: ScopedDb, cipher = jiraTokenCipherOf(config)): JiraTokenSource {
  const expiresAt = config.JIRA_TOKEN_EXPIRES_AT ? new Date(config.JIRA_TOKEN_EXPIRES_AT) : null;
  return new JiraTokenSource(config.JIRA_API_TOKEN_FILE, config.JIRA_API_TOKEN, { stored: { db, cipher }, expiresAt });
}

/** The client of the configured site, reading its token before each call; `observe` times each call for the metrics. */
export function jiraJsClientOf(
  config: AppConfig & { JIRA_BASE_URL: string },
  token: JiraTokenSource,
  observe?: JiraConnection['observe'],
): JiraJsClient {
  return new JiraJsClient({
    baseUrl: config.JIRA_BASE_URL,
    email: config.JIRA_EMAIL,
    apiToken: () => token.current(),
    projectKey: config.JIRA_PROJECT_KEY,
    issueTypeId: config.JIRA_ISSUE_TYPE_ID,
    timeoutMs: config.JIRA_TIMEOUT_MS,
    responsiblePartyField: config.JIRA_RESPONSIBLE_PARTY_FIELD,
    observe,
  });
}

function jiraClientFactory(config: AppConfig, metrics: MetricsService, token: JiraTokenSource): JiraClient {
  if (!config.JIRA_BASE_URL) return new NotConfiguredJiraClient();
  const calls = new Histogram({
    name: 'jira_request_duration_seconds',
    help: 'Jira REST calls by route and outcome.',
    labelNames: ['route', 'status'] as const,
    buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10],
    registers: [metrics.registry],
  });
  return jiraJsClientOf({ ...config, JIRA_BASE_URL: config.JIRA_BASE_URL }, token, (route, status, seconds) =>
    calls.observe({ route, status }, seconds),
  );
}

/**
 * The Jira client and its token source alone, for the worker's sync and the API's preflight and token endpoints: the
 * API imports this, not JiraSyncModule, so it never starts the sync's processor or its schedule.
 */
@Module({
  providers: [
    { provide: JiraTokenCipher, inject: [AppConfig], useFactory: jiraTokenCipherOf },
    { provide: JiraTokenSource, inject: [AppConfig, ScopedDb, JiraTokenCipher], useFactory: jiraTokenSourceOf },
    { provide: JiraClient, inject: [AppConfig, MetricsService, JiraTokenSource], useFactory: jiraClientFactory },
  ],
  exports: [JiraClient, JiraTokenSource, JiraTokenCipher],
})
export class JiraClientModule {}
