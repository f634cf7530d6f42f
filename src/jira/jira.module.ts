import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '../audit/audit.module';
import { OutboxModule } from '../outbox/outbox.module';
import { JiraAdminController } from './jira-admin.controller';
import { JiraAdminService } from './jira-admin.service';
import { JiraAttachmentLink } from './jira-attachment-link.entity';
import { JiraPushAttempt } from './jira-push-attempt.entity';
import { JiraCommentLink } from './jira-comment-link.entity';
import { JiraIntegration } from './jira-integration.entity';
import { JiraLink } from './jira-link.entity';
import { JiraMapping } from './jira-mapping.entity';
import { JiraWebhookController } from './jira-webhook.controller';
import { JiraWebhookService } from './jira-webhook.service';
import { JiraWebhookDelivery } from './jira-webhook-delivery.entity';

export const JIRA_ENTITIES = [JiraLink, JiraCommentLink, JiraAttachmentLink, JiraPushAttempt, JiraWebhookDelivery, JiraMapping, JiraIntegration];

/** The API side of the integration: webhook intake and the endpoints to see and steer the sync. */
@Module({
  imports: [TypeOrmModule.forFeature(JIRA_ENTITIES), OutboxModule, AuditModule],
  controllers: [JiraWebhookController, JiraAdminController],
  providers: [JiraWebhookService, JiraAdminService],
})
export class JiraModule {}
