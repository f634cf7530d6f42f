import { Body, Controller, Get, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { isSkr, type Actor as ActorType } from '../actor/actor';
import { Actor, Roles } from '../actor/actor.decorators';
import { PARTY_ROLES, Role } from '../actor/role';
import { UuidPipe } from '../common/uuid.pipe';
import {
  ListFailuresQueryDto,
  ListNotificationsQueryDto,
  NotificationDeliveryDto,
  NotificationDetailDto,
  NotificationFailurePageDto,
  NotificationPageDto,
} from './dto/notification.dto';
import { PreferencesResponseDto, UpdatePreferencesDto } from './dto/notification-preferences.dto';
import { MailFlagsResponseDto } from './dto/mail-flags.dto';
import { MailFlagsService } from './mail-flags.service';
import { NotificationPreferencesService } from './notification-preferences.service';
import { NotificationsService } from './notifications.service';

@ApiTags('notifieringar')
@ApiBearerAuth()
@Controller('api/v1/notifications')
export class NotificationsController {
  constructor(
    private readonly notifications: NotificationsService,
    private readonly preferences: NotificationPreferencesService,
    private readonly flags: MailFlagsService,
  ) {}

  @Get()
  @ApiOkResponse({ type: NotificationPageDto })
  @ApiOperation({
    summary: 'Partens notifieringar, nyaste först',
    description: 'Händelser om partens avvikelser och självdeklarationer. SKR ser alla parters och kan filtrera på part.',
  })
  async list(@Actor() actor: ActorType, @Query() query: ListNotificationsQueryDto): Promise<NotificationPageDto> {
    return NotificationPageDto.from(await this.notifications.list(actor, query));
  }

  @Get('failures')
  @ApiOkResponse({ type: NotificationFailurePageDto })
  @Roles(Role.Skr, Role.SkrAdmin)
  @ApiOperation({
    summary: 'Leveranser som slutgiltigt misslyckades (SKR)',
    description: 'E-post och webhooks som inte gick fram efter alla försök, med orsak.',
  })
  async failures(@Actor() actor: ActorType, @Query() query: ListFailuresQueryDto): Promise<NotificationFailurePageDto> {
    return NotificationFailurePageDto.from(await this.notifications.failures(actor, query));
  }

  @Get('mail-flags')
  @ApiOkResponse({ type: MailFlagsResponseDto })
  @Roles(Role.Skr, Role.SkrAdmin)
  @ApiOperation({
    summary: 'Parter att se över i e-postpolicyn (SKR)',
    description:
      'Parter utan bekräftad mottagare (inga användare med e-post, inga registrerade domäner), med kontaktadresser som hållits ' +
      'tillbaka (`ej_bekräftad`) eller med e-post som taktgränserna skjutit upp.',
  })
  async mailFlags(@Actor() actor: ActorType): Promise<MailFlagsResponseDto> {
    return MailFlagsResponseDto.from(await this.flags.list(actor));
  }

  @Post('failures/:deliveryId/replay')
  @ApiAcceptedResponse({ type: NotificationDeliveryDto })
  @HttpCode(202)
  @Roles(Role.Skr, Role.SkrAdmin)
  @ApiOperation({
    summary: 'Skicka en misslyckad leverans igen (SKR)',
    description: 'Leveransen köas på nytt; händelsens övriga mottagare får inget igen.',
  })
  async replayFailure(@Actor() actor: ActorType, @Param('deliveryId', UuidPipe) deliveryId: string): Promise<NotificationDeliveryDto> {
    return NotificationDeliveryDto.from(await this.notifications.replayFailure(actor, deliveryId), true);
  }

  @Get('preferences')
  @ApiOkResponse({ type: PreferencesResponseDto })
  @Roles(...PARTY_ROLES)
  @ApiOperation({ summary: 'Mina e-postinställningar per händelsetyp' })
  getPreferences(@Actor() actor: ActorType): Promise<PreferencesResponseDto> {
    return this.preferences.get(actor);
  }

  @Put('preferences')
  @ApiOkResponse({ type: PreferencesResponseDto })
  @Roles(...PARTY_ROLES)
  @ApiOperation({
    summary: 'Ändra mina e-postinställningar',
    description: 'Endast angivna händelsetyper ändras. Granskningsbeslut och SLA-brott kan inte stängas av (422).',
  })
  updatePreferences(@Actor() actor: ActorType, @Body() dto: UpdatePreferencesDto): Promise<PreferencesResponseDto> {
    return this.preferences.update(actor, dto);
  }

  @Get(':id')
  @ApiOkResponse({ type: NotificationDetailDto })
  @ApiOperation({ summary: 'En notifiering och vilka som har fått den', description: 'Visar om avvikelsens rapportör har fått beskedet.' })
  async get(@Actor() actor: ActorType, @Param('id', UuidPipe) id: string): Promise<NotificationDetailDto> {
    return NotificationDetailDto.fromDetail(await this.notifications.get(actor, id), isSkr(actor));
  }
}
