import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { OutboxModule } from '../outbox/outbox.module';
import { NotificationDelivery } from './notification-delivery.entity';
import { NotificationEvent } from './notification-event.entity';
import { NotificationsController } from './notifications.controller';
import { NotificationsService } from './notifications.service';

/** Emitting and reading notification events (API and worker). */
@Module({
  imports: [TypeOrmModule.forFeature([NotificationEvent, NotificationDelivery]), OutboxModule],
  controllers: [NotificationsController],
  providers: [NotificationsService],
  exports: [NotificationsService],
})
export class NotificationsModule {}
