import { Module, OnApplicationShutdown } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { Mailer, SmtpMailer } from './mailer';
import { NotificationDeliveryService } from './notification-delivery.service';
import { NotificationsProcessor } from './notifications.processor';

/** Delivery of notifications, in the worker. */
@Module({
  providers: [
    { provide: Mailer, inject: [AppConfig], useFactory: (config: AppConfig) => new SmtpMailer(config.SMTP_URL, config.MAIL_FROM) },
    NotificationDeliveryService,
    NotificationsProcessor,
  ],
})
export class NotificationsWorkerModule implements OnApplicationShutdown {
  constructor(private readonly mailer: Mailer) {}

  onApplicationShutdown(): void {
    this.mailer.close();
  }
}
