import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { OutboxModule } from '../outbox/outbox.module';
import { NotificationDelivery } from './notification-delivery.entity';
import { NotificationEvent } from './notification-event.entity';
import { NotificationsController } from './notifications.controller';
import { NotificationsService } from './notifications.service';
import { NotificationPreference } from './notification-preference.entity';
import { NotificationSettingsService } from './notification-settings.service';
import { PartyWebhook, PartyWebhookDelivery } from './party-webhook.entity';
import { AuditModule } from '../audit/audit.module';

/** Emitting and reading notification events (API and worker). */
@Module({
  imports: [TypeOrmModule.forFeature([NotificationEvent, NotificationDelivery, NotificationPreference, PartyWebhook, PartyWebhookDelivery]), OutboxModule, AuditModule],
  controllers: [NotificationsController],
  providers: [NotificationsService, NotificationSettingsService],
  exports: [NotificationsService],
})
export class NotificationsModule {}
