import { InjectQueue } from '@nestjs/bullmq';
import { Module, OnApplicationBootstrap } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { Queue } from 'bullmq';
import { Histogram } from 'prom-client';
import { AppConfig } from '../config/app-config';
import { DeviationsModule } from '../deviations/deviations.module';
import { MetricsService } from '../metrics/metrics.service';
import { JiraClient } from './jira-client';
import { JiraJsClient } from './jira-js.client';
import { JIRA_ENTITIES } from './jira-entities';
import { JiraSyncJob, JIRA_SYNC_QUEUE } from '../queues/jira-sync.queue';
import { JiraIdentityService } from './jira-identity.service';
import { JiraCustomFieldsService } from './jira-custom-fields.service';
import { JiraIssueEditService } from './jira-issue-edit.service';
import { JiraMappingService } from './jira-mapping.service';
import { JiraCommentSharingService } from './jira-comment-sharing.service';
import { JiraImportService } from './jira-import.service';
import { JiraPullService } from './jira-pull.service';
import { JiraPushService } from './jira-push.service';
import { JiraReconcileService } from './jira-reconcile.service';
import { JiraSyncStateService } from './jira-sync-state.service';
import { JiraIntegrationGauge } from './jira-integration-gauge';
import { JiraSyncProcessor } from './jira-sync.processor';
import { JiraWorkflowService } from './jira-workflow.service';
import { JiraTokenSource } from './jira-token-source';
import { NotConfiguredJiraClient } from './not-configured-jira.client';

const RECONCILE_SCHEDULER = 'jira-reconcile';

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
    observe: (route, status, seconds) => calls.observe({ route, status }, seconds),
  });
}

/** The worker side of the integration: the jira-sync processor, the Jira client and the reconciliation schedule. */
@Module({
  imports: [TypeOrmModule.forFeature(JIRA_ENTITIES), DeviationsModule],
  providers: [
    { provide: JiraClient, inject: [AppConfig, MetricsService], useFactory: jiraClientFactory },
    JiraSyncStateService,
    JiraIdentityService,
    JiraMappingService,
    JiraIssueEditService,
    JiraWorkflowService,
    JiraCustomFieldsService,
    JiraPushService,
    JiraCommentSharingService,
    JiraImportService,
    JiraPullService,
    JiraReconcileService,
    JiraSyncProcessor,
    JiraIntegrationGauge,
  ],
  exports: [JiraPushService, JiraPullService, JiraReconcileService, JiraIdentityService, JiraClient, JiraCustomFieldsService],
})
export class JiraSyncModule implements OnApplicationBootstrap {
  constructor(
    private readonly config: AppConfig,
    @InjectQueue(JIRA_SYNC_QUEUE) private readonly queue: Queue,
  ) {}

  /** One repeatable sweep for the whole installation, however many workers run (a job scheduler is upserted by id). */
  async onApplicationBootstrap(): Promise<void> {
    await this.queue.upsertJobScheduler(
      RECONCILE_SCHEDULER,
      { every: this.config.JIRA_RECONCILE_INTERVAL_MS },
      { name: JiraSyncJob.Reconcile, data: {} },
    );
  }
}
