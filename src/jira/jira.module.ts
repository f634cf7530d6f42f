import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '../audit/audit.module';
import { OutboxModule } from '../outbox/outbox.module';
import { JiraAdminController } from './jira-admin.controller';
import { JiraAdminService } from './jira-admin.service';
import { JiraApiTokenService } from './jira-api-token.service';
import { JiraClientModule } from './jira-client.module';
import { JiraCustomFieldsService } from './jira-custom-fields.service';
import { JiraFieldOptionsService } from './jira-field-options.service';
import { JiraDeletedIssueService } from './jira-deleted-issue.service';
import { JiraDryRunService } from './jira-dry-run.service';
import { JiraPreflightService } from './jira-preflight.service';
import { JiraHealthController } from './jira-health.controller';
import { JIRA_ENTITIES } from './jira-entities';
import { JiraTokenController } from './jira-token.controller';
import { JiraWebhookController } from './jira-webhook.controller';
import { JiraWebhookService } from './jira-webhook.service';

/** The API side of the integration: webhook intake, the endpoints to see and steer the sync, and the preflight. */
@Module({
  imports: [TypeOrmModule.forFeature(JIRA_ENTITIES), OutboxModule, AuditModule, JiraClientModule],
  controllers: [JiraWebhookController, JiraAdminController, JiraHealthController, JiraTokenController],
  providers: [
    JiraWebhookService,
    JiraAdminService,
    JiraDeletedIssueService,
    JiraFieldOptionsService,
    JiraCustomFieldsService,
    JiraPreflightService,
    JiraDryRunService,
    JiraApiTokenService,
  ],
  exports: [JiraAdminService, JiraDeletedIssueService],
})
export class JiraModule {}
