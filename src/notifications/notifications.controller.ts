import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { type Actor as ActorType } from '../auth/actor';
import { Actor, Roles } from '../auth/auth.decorators';
import { Role } from '../auth/role';
import { UuidPipe } from '../common/uuid.pipe';
import { CreateWebhookDto, UpdatePreferencesDto } from './dto/notification-settings.dto';
import { NotificationDelivery } from './notification-delivery.entity';
import { NotificationEvent } from './notification-event.entity';
import { NotificationPreference } from './notification-preference.entity';
import { NotificationSettingsService } from './notification-settings.service';
import { NotificationsService } from './notifications.service';
import { PartyWebhook, PartyWebhookDelivery } from './party-webhook.entity';

const PARTY_USERS = [Role.Reporter, Role.Reader, Role.Admin];

@ApiTags('notifieringar')
@ApiBearerAuth()
@Controller('api/v1/notifications')
export class NotificationsController {
  constructor(
    private readonly notifications: NotificationsService,
    private readonly settings: NotificationSettingsService,
  ) {}

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

  @Get('preferences')
  @Roles(...PARTY_USERS)
  @ApiOperation({ summary: 'Mina e-postinställningar per händelsetyp' })
  preferences(@Actor() actor: ActorType): Promise<NotificationPreference[]> {
    return this.settings.preferences(actor);
  }

  @Put('preferences')
  @Roles(...PARTY_USERS)
  @ApiOperation({ summary: 'Ändra mina e-postinställningar', description: 'Beslut och SLA-brott kan inte stängas av.' })
  updatePreferences(@Actor() actor: ActorType, @Body() dto: UpdatePreferencesDto): Promise<NotificationPreference[]> {
    return this.settings.updatePreferences(actor, dto);
  }

  @Post('webhooks')
  @HttpCode(201)
  @Roles(Role.Admin)
  @ApiOperation({ summary: 'Registrera en webhook till partens system (partsadmin)', description: 'Hemligheten (whsec_…) visas endast här.' })
  createWebhook(@Actor() actor: ActorType, @Body() dto: CreateWebhookDto): Promise<PartyWebhook & { secret: string }> {
    return this.settings.createWebhook(actor, dto);
  }

  @Get('webhooks')
  @Roles(Role.Admin)
  @ApiOperation({ summary: 'Partens webhooks' })
  webhooks(@Actor() actor: ActorType): Promise<PartyWebhook[]> {
    return this.settings.webhooks(actor);
  }

  @Delete('webhooks/:id')
  @HttpCode(204)
  @Roles(Role.Admin)
  @ApiOperation({ summary: 'Inaktivera en webhook' })
  deleteWebhook(@Actor() actor: ActorType, @Param('id', UuidPipe) id: string): Promise<void> {
    return this.settings.deleteWebhook(actor, id);
  }

  @Get('webhooks/:id/deliveries')
  @Roles(Role.Admin)
  @ApiOperation({ summary: 'Leveranslogg för en webhook' })
  deliveries(@Actor() actor: ActorType, @Param('id', UuidPipe) id: string): Promise<PartyWebhookDelivery[]> {
    return this.settings.deliveries(actor, id);
  }

  @Post('webhooks/:id/deliveries/:deliveryId/replay')
  @HttpCode(202)
  @Roles(Role.Admin)
  @ApiOperation({ summary: 'Skicka en leverans igen' })
  replay(@Actor() actor: ActorType, @Param('id', UuidPipe) id: string, @Param('deliveryId', UuidPipe) deliveryId: string): Promise<PartyWebhookDelivery> {
    return this.settings.replay(actor, id, deliveryId);
  }
}
