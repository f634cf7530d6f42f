import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '../audit/audit.module';
import { OutboxModule } from '../outbox/outbox.module';
import { JiraAdminController } from './jira-admin.controller';
import { JiraAdminService } from './jira-admin.service';
import { JIRA_ENTITIES } from './jira-entities';
import { JiraWebhookController } from './jira-webhook.controller';
import { JiraWebhookService } from './jira-webhook.service';

/** The API side of the integration: webhook intake and the endpoints to see and steer the sync. */
@Module({
  imports: [TypeOrmModule.forFeature(JIRA_ENTITIES), OutboxModule, AuditModule],
  controllers: [JiraWebhookController, JiraAdminController],
  providers: [JiraWebhookService, JiraAdminService],
})
export class JiraModule {}
