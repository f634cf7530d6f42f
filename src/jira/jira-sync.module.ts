import { InjectQueue } from '@nestjs/bullmq';
import { Logger, Module, OnApplicationBootstrap } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { Queue } from 'bullmq';
import { AppConfig } from '../config/app-config';
import { DeviationsModule } from '../deviations/deviations.module';
import { JiraClientModule } from './jira-client.module';
import { JiraPreflightService } from './jira-preflight.service';
import { JIRA_ENTITIES } from './jira-entities';
import { JiraSyncJob, JIRA_SYNC_QUEUE } from '../queues/jira-sync.queue';
import { JiraIdentityService } from './jira-identity.service';
import { JiraCustomFieldsService } from './jira-custom-fields.service';
import { JiraFieldOptionsService } from './jira-field-options.service';
import { JiraIssueEditService } from './jira-issue-edit.service';
import { JiraMappingService } from './jira-mapping.service';
import { JiraCommentSharingService } from './jira-comment-sharing.service';
import { JiraImportService } from './jira-import.service';
import { JiraPullService } from './jira-pull.service';
import { JiraPushService } from './jira-push.service';
import { JiraReconcileService } from './jira-reconcile.service';
import { JiraPushClaimsService } from './jira-push-claims.service';
import { JiraSyncStateService } from './jira-sync-state.service';
import { JiraIntegrationGauge } from './jira-integration-gauge';
import { JiraSyncProcessor } from './jira-sync.processor';
import { JiraDuplicatesService } from './jira-duplicates.service';
import { AuditModule } from '../audit/audit.module';
import { JiraWorkflowService } from './jira-workflow.service';

const RECONCILE_SCHEDULER = 'jira-reconcile';

/** The worker side of the integration: the jira-sync processor, the Jira client and the reconciliation schedule. */
@Module({
  imports: [TypeOrmModule.forFeature(JIRA_ENTITIES), DeviationsModule, AuditModule, JiraClientModule],
  providers: [
    JiraPreflightService,
    JiraSyncStateService,
    JiraPushClaimsService,
    JiraIdentityService,
    JiraMappingService,
    JiraIssueEditService,
    JiraWorkflowService,
    JiraFieldOptionsService,
    JiraCustomFieldsService,
    JiraPushService,
    JiraCommentSharingService,
    JiraImportService,
    JiraDuplicatesService,
    JiraPullService,
    JiraReconcileService,
    JiraSyncProcessor,
    JiraIntegrationGauge,
  ],
  exports: [JiraPushService, JiraPullService, JiraReconcileService, JiraIdentityService, JiraClientModule, JiraCustomFieldsService],
})
export class JiraSyncModule implements OnApplicationBootstrap {
  private readonly logger = new Logger(JiraSyncModule.name);

  constructor(
    private readonly config: AppConfig,
    @InjectQueue(JIRA_SYNC_QUEUE) private readonly queue: Queue,
    private readonly preflight: JiraPreflightService,
  ) {}

  /** One repeatable sweep for the whole installation, however many workers run (a job scheduler is upserted by id). */
  async onApplicationBootstrap(): Promise<void> {
    // Not awaited: a Jira that is down or misconfigured is logged, and never holds up or stops the worker.
    if (this.config.JIRA_PREFLIGHT_AT_START) {
      void this.preflight.logProblems().catch((error: unknown) => this.logger.warn({ error: String(error) }, 'jira preflight did not run'));
    }
    await this.queue.upsertJobScheduler(
      RECONCILE_SCHEDULER,
      { every: this.config.JIRA_RECONCILE_INTERVAL_MS },
      { name: JiraSyncJob.Reconcile, data: {} },
    );
  }
}
