import { Module, OnApplicationShutdown } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { AnnouncementRecipientsService } from './announcement-recipients.service';
import { DeliveryClaims } from './delivery-claims';
import { DriftSubscribeMailService } from './drift-subscribe-mail.service';
import { EmailSender } from './email-sender';
import { Mailer, SmtpMailer } from './mailer';
import { NotificationDeliveryService } from './notification-delivery.service';
import { NotificationRecipientsService } from './notification-recipients.service';
import { NotificationsProcessor } from './notifications.processor';
import { HostResolver, SystemHostResolver } from './host-resolver';
import { WebhookSender } from './webhook-sender';
import { InvitationMailService } from './invitation-mail.service';
import { PartiesModule } from '../parties/parties.module';

/** Delivery of notifications, in the worker: the queue's processor, e-mail over SMTP and signed party webhooks. */
@Module({
  imports: [PartiesModule],
  providers: [
    {
      provide: Mailer,
      inject: [AppConfig],
      useFactory: (config: AppConfig) =>
        new SmtpMailer({
          url: config.SMTP_URL,
          from: config.MAIL_FROM,
          timeoutMs: config.NOTIFICATION_SMTP_TIMEOUT_MS,
          requireTls: config.SMTP_REQUIRE_TLS,
        }),
    },
    NotificationRecipientsService,
    AnnouncementRecipientsService,
    DriftSubscribeMailService,
    DeliveryClaims,
    EmailSender,
    { provide: HostResolver, useClass: SystemHostResolver },
    WebhookSender,
    NotificationDeliveryService,
    InvitationMailService,
    NotificationsProcessor,
  ],
})
export class NotificationsWorkerModule implements OnApplicationShutdown {
  constructor(private readonly mailer: Mailer) {}

  onApplicationShutdown(): void {
    this.mailer.close();
  }
}
