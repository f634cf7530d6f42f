import { Module } from '@nestjs/common';
import { Histogram } from 'prom-client';
import { AppConfig } from '../config/app-config';
import { MetricsService } from '../metrics/metrics.service';
import { JiraClient } from './jira-client';
import { JiraJsClient } from './jira-js.client';
import { JiraTokenSource } from './jira-token-source';
import { NotConfiguredJiraClient } from './not-configured-jira.client';

function jiraClientFactory(config: AppConfig, metrics: MetricsService): JiraClient {
  if (!config.JIRA_BASE_URL) return new NotConfiguredJiraClient();
  const calls = new Histogram({
    name: 'jira_request_duration_seconds',
    help: 'Jira REST calls by route and outcome.',
    labelNames: ['route', 'status'] as const,
    buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10],
    registers: [metrics.registry],
  });
  const token = new JiraTokenSource(config.JIRA_API_TOKEN_FILE, config.JIRA_API_TOKEN);
  return new JiraJsClient({
    baseUrl: config.JIRA_BASE_URL,
    email: config.JIRA_EMAIL,
    apiToken: () => token.current(),
    projectKey: config.JIRA_PROJECT_KEY,
    issueTypeId: config.JIRA_ISSUE_TYPE_ID,
    timeoutMs: config.JIRA_TIMEOUT_MS,
    responsiblePartyField: config.JIRA_RESPONSIBLE_PARTY_FIELD,
    observe: (route, status, seconds) => calls.observe({ route, status }, seconds),
  });
}

/**
 * The Jira client alone, for the worker's sync and the API's preflight: the API imports this, not JiraSyncModule,
 * so it never starts the sync's processor or its schedule.
 */
@Module({
  providers: [{ provide: JiraClient, inject: [AppConfig, MetricsService], useFactory: jiraClientFactory }],
  exports: [JiraClient],
})
export class JiraClientModule {}
