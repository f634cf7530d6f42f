import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { type Actor as ActorType } from '../actor/actor';
import { Actor, Roles } from '../actor/actor.decorators';
import { Role } from '../actor/role';
import { UuidPipe } from '../common/uuid.pipe';
import { NotificationDeliveryDto, NotificationDeliveryPageDto } from './dto/notification.dto';
import { PageQueryDto } from './dto/page-query.dto';
import { CreatedWebhookResponseDto, CreateWebhookDto, UpdateWebhookDto, WebhookResponseDto } from './dto/party-webhook.dto';
import { PartyWebhooksService } from './party-webhooks.service';

@ApiTags('notifieringar')
@ApiBearerAuth()
@Roles(Role.Admin)
@Controller('api/v1/notifications/webhooks')
export class PartyWebhooksController {
  constructor(private readonly webhooks: PartyWebhooksService) {}

  @Post()
  @ApiCreatedResponse({ type: CreatedWebhookResponseDto })
  @HttpCode(201)
  @ApiOperation({
    summary: 'Registrera en webhook till partens system (partsadministratör)',
    description:
      'Leveranser signeras enligt Standard Webhooks (`webhook-id`, `webhook-timestamp`, `webhook-signature`). Hemligheten (`whsec_…`) visas endast i svaret.',
  })
  async create(@Actor() actor: ActorType, @Body() dto: CreateWebhookDto): Promise<CreatedWebhookResponseDto> {
    return CreatedWebhookResponseDto.fromCreated(await this.webhooks.create(actor, dto));
  }

  @Get()
  @ApiOkResponse({ type: [WebhookResponseDto] })
  @ApiOperation({ summary: 'Partens webhooks' })
  async list(@Actor() actor: ActorType): Promise<WebhookResponseDto[]> {
    return (await this.webhooks.list(actor)).map(WebhookResponseDto.from);
  }

  @Get(':id')
  @ApiOkResponse({ type: WebhookResponseDto })
  @ApiOperation({ summary: 'En webhook' })
  async get(@Actor() actor: ActorType, @Param('id', UuidPipe) id: string): Promise<WebhookResponseDto> {
    return WebhookResponseDto.from(await this.webhooks.get(actor, id));
  }

  @Patch(':id')
  @ApiOkResponse({ type: WebhookResponseDto })
  @ApiOperation({ summary: 'Ändra en webhook: adress, händelsetyper, beskrivning, aktiv' })
  async update(@Actor() actor: ActorType, @Param('id', UuidPipe) id: string, @Body() dto: UpdateWebhookDto): Promise<WebhookResponseDto> {
    return WebhookResponseDto.from(await this.webhooks.update(actor, id, dto));
  }

  @Delete(':id')
  @ApiNoContentResponse()
  @HttpCode(204)
  @ApiOperation({ summary: 'Ta bort en webhook och dess leveranslogg' })
  remove(@Actor() actor: ActorType, @Param('id', UuidPipe) id: string): Promise<void> {
    return this.webhooks.remove(actor, id);
  }

  @Post(':id/rotate-secret')
  @ApiOkResponse({ type: CreatedWebhookResponseDto })
  @HttpCode(200)
  @ApiOperation({
    summary: 'Byt webhookens signeringshemlighet (partsadministratör)',
    description:
      'Den nya hemligheten (`whsec_…`) visas endast i svaret. Under `previousSecretExpiresAt` (24 timmar) bär leveranserna två signaturer i `webhook-signature`, med den nya och den gamla hemligheten, så att mottagaren kan byta utan att missa en leverans.',
  })
  async rotateSecret(@Actor() actor: ActorType, @Param('id', UuidPipe) id: string): Promise<CreatedWebhookResponseDto> {
    return CreatedWebhookResponseDto.fromCreated(await this.webhooks.rotateSecret(actor, id));
  }

  @Get(':id/deliveries')
  @ApiOkResponse({ type: NotificationDeliveryPageDto })
  @ApiOperation({ summary: 'Leveranslogg för en webhook, nyaste först' })
  async deliveries(
    @Actor() actor: ActorType,
    @Param('id', UuidPipe) id: string,
    @Query() query: PageQueryDto,
  ): Promise<NotificationDeliveryPageDto> {
    return NotificationDeliveryPageDto.fromWebhookLog(await this.webhooks.deliveries(actor, id, query));
  }

  @Post(':id/deliveries/:deliveryId/replay')
  @ApiAcceptedResponse({ type: NotificationDeliveryDto })
  @HttpCode(202)
  @ApiOperation({
    summary: 'Skicka en leverans igen',
    description: 'Samma `webhook-id` som förut, så mottagaren kan känna igen en dubblett.',
  })
  async replay(
    @Actor() actor: ActorType,
    @Param('id', UuidPipe) id: string,
    @Param('deliveryId', UuidPipe) deliveryId: string,
  ): Promise<NotificationDeliveryDto> {
    return NotificationDeliveryDto.from(await this.webhooks.replay(actor, id, deliveryId), false);
  }
}
