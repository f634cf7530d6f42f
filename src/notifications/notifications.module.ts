import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { PartiesModule } from '../parties/parties.module';
import { AuditModule } from '../audit/audit.module';
import { OutboxModule } from '../outbox/outbox.module';
import { DriftSubscribeRequest } from './drift-subscribe-request.entity';
import { DriftSubscription } from './drift-subscription.entity';
import { DriftSubscriptionsService } from './drift-subscriptions.service';
import { MailFlagsService } from './mail-flags.service';
import { NotificationDelivery } from './notification-delivery.entity';
import { NotificationEvent } from './notification-event.entity';
import { NotificationPreference } from './notification-preference.entity';
import { NotificationPreferencesService } from './notification-preferences.service';
import { NotificationsController } from './notifications.controller';
import { NotificationsService } from './notifications.service';
import { PartyWebhook } from './party-webhook.entity';
import { PartyWebhooksController } from './party-webhooks.controller';
import { PartyWebhooksService } from './party-webhooks.service';

/**
 * Notification events and their settings (API; the worker imports it too through the modules that emit).
 * Other modules call `NotificationsService.emit` inside their own transactions; nothing else is exported.
 */
@Module({
  imports: [
    TypeOrmModule.forFeature([
      NotificationEvent,
      NotificationDelivery,
      NotificationPreference,
      PartyWebhook,
      DriftSubscription,
      DriftSubscribeRequest,
    ]),
    OutboxModule,
    AuditModule,
    PartiesModule,
  ],
  // Webhooks first: their static path must be routed before NotificationsController's `/:id`.
  controllers: [PartyWebhooksController, NotificationsController],
  providers: [NotificationsService, NotificationPreferencesService, PartyWebhooksService, MailFlagsService, DriftSubscriptionsService],
  exports: [NotificationsService, NotificationPreferencesService, PartyWebhooksService, DriftSubscriptionsService],
})
export class NotificationsModule {}
