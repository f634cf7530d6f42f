import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { type Actor as ActorType } from '../auth/actor';
import { Actor, Roles } from '../auth/auth.decorators';
import { Role } from '../auth/role';
import { NotificationDelivery } from './notification-delivery.entity';
import { NotificationEvent } from './notification-event.entity';
import { NotificationsService } from './notifications.service';

@ApiTags('notifieringar')
@ApiBearerAuth()
@Controller('api/v1/notifications')
export class NotificationsController {
  constructor(private readonly notifications: NotificationsService) {}

  @Get()
  @ApiOperation({ summary: 'Partens notifieringar (händelser om dess avvikelser)', description: 'SKR ser alla.' })
  list(@Actor() actor: ActorType): Promise<NotificationEvent[]> {
    return this.notifications.list(actor);
  }

  @Get('failures')
  @Roles(Role.Skr, Role.SkrAdmin)
  @ApiOperation({ summary: 'Notifieringar som inte kunde levereras (SKR)' })
  failures(@Actor() actor: ActorType): Promise<NotificationDelivery[]> {
    return this.notifications.failures(actor);
  }
}
