import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { type Actor as ActorType } from '../actor/actor';
import { Actor, Roles } from '../actor/actor.decorators';
import { ApiIfMatch, IfMatch, IfMatchHeader } from '../common/if-match';
import { ETag, Location } from '../common/response-headers';
import { UuidPipe } from '../common/uuid.pipe';
import { ANNOUNCEMENT_WRITERS } from './announcement-access.service';
import { AnnouncementQueriesService } from './announcement-queries.service';
import { AnnouncementsService } from './announcements.service';
import {
  CancelAnnouncementDto,
  CreateAnnouncementDto,
  LinkDeviationDto,
  OngoingQueryDto,
  ResolveAnnouncementDto,
  UpdateAnnouncementDto,
} from './dto/announcement.dto';
import { AnnouncementResponseDto, AnnouncementVersionDto, LinkedDeviationDto } from './dto/announcement-response.dto';
import { OutageLinksService } from './outage-links.service';

const WRITERS = ANNOUNCEMENT_WRITERS;

@ApiTags('driftinformation')
@ApiBearerAuth()
@Controller('api/v1/driftinfo/announcements')
export class AnnouncementsController {
  constructor(
    private readonly announcements: AnnouncementsService,
    private readonly queries: AnnouncementQueriesService,
    private readonly links: OutageLinksService,
  ) {}

  @Post()
  @Roles(...WRITERS)
  @ApiOperation({
    summary: 'Publicera en driftstörning eller ett servicefönster',
    description:
      'SKR för allt, Driftleverantören för den centrala komponenten, en Uppgiftslämnare för sina bastjänster. En planerad ändring utanför release kräver fyra veckors varsel (LEFI-innehåll två månader) eller en undantagsmotivering.',
  })
  @ApiCreatedResponse({ type: AnnouncementResponseDto })
  @ETag()
  @Location((a: AnnouncementResponseDto) => `/api/v1/driftinfo/announcements/${a.id}`)
  async publish(@Actor() actor: ActorType, @Body() dto: CreateAnnouncementDto): Promise<AnnouncementResponseDto> {
    return AnnouncementResponseDto.seenBy(actor)(await this.announcements.publish(actor, dto));
  }

  @Get('ongoing')
  @ApiOperation({ summary: 'Pågående driftstörningar för en bastjänst', description: 'Inför en avvikelserapport: finns störningen redan?' })
  @ApiOkResponse({ type: AnnouncementResponseDto, isArray: true })
  async ongoing(@Actor() actor: ActorType, @Query() query: OngoingQueryDto): Promise<AnnouncementResponseDto[]> {
    return (await this.queries.ongoingFor(actor, query.bastjänst)).map(AnnouncementResponseDto.seenBy(actor));
  }

  @Get(':id')
  @ApiOperation({ summary: 'Hämta ett meddelande', description: 'ETag-huvudet bär versionen; skicka den som If-Match vid ändring.' })
  @ETag()
  @ApiOkResponse({ type: AnnouncementResponseDto })
  async get(@Actor() actor: ActorType, @Param('id', UuidPipe) id: string): Promise<AnnouncementResponseDto> {
    return AnnouncementResponseDto.seenBy(actor)(await this.queries.get(actor, id));
  }

  @Get(':id/versions')
  @ApiOperation({ summary: 'Meddelandets versioner med uppdateringstexter' })
  @ApiOkResponse({ type: AnnouncementVersionDto, isArray: true })
  async versions(@Actor() actor: ActorType, @Param('id', UuidPipe) id: string): Promise<AnnouncementVersionDto[]> {
    return (await this.queries.history(actor, id)).map((v) => ({
      version: v.version,
      meddelande: v.messageSv,
      meddelandeEn: v.messageEn,
      tidpunkt: v.createdAt.toISOString(),
    }));
  }

  @Patch(':id')
  @Roles(...WRITERS)
  @ApiIfMatch()
  @ApiOperation({ summary: 'Uppdatera ett meddelande (ny version)' })
  @ETag()
  @ApiOkResponse({ type: AnnouncementResponseDto })
  async update(
    @Actor() actor: ActorType,
    @Param('id', UuidPipe) id: string,
    @IfMatchHeader() ifMatch: IfMatch,
    @Body() dto: UpdateAnnouncementDto,
  ): Promise<AnnouncementResponseDto> {
    return AnnouncementResponseDto.seenBy(actor)(await this.announcements.update(actor, id, ifMatch.expectedVersion(), dto));
  }

  @Post(':id/resolve')
  @HttpCode(200)
  @Roles(...WRITERS)
  @ApiIfMatch()
  @ApiOperation({ summary: 'Avsluta: störningen är åtgärdad eller arbetet klart' })
  @ETag()
  @ApiOkResponse({ type: AnnouncementResponseDto })
  async resolve(
    @Actor() actor: ActorType,
    @Param('id', UuidPipe) id: string,
    @IfMatchHeader() ifMatch: IfMatch,
    @Body() dto: ResolveAnnouncementDto,
  ): Promise<AnnouncementResponseDto> {
    return AnnouncementResponseDto.seenBy(actor)(await this.announcements.resolve(actor, id, ifMatch.expectedVersion(), dto));
  }

  @Post(':id/cancel')
  @HttpCode(200)
  @Roles(...WRITERS)
  @ApiIfMatch()
  @ApiOperation({
    summary: 'Ställ in en planerad ändring',
    description: 'Bara ett servicefönster som inte har börjat. Det ligger kvar i historiken och i iCal-flödet som STATUS:CANCELLED.',
  })
  @ETag()
  @ApiOkResponse({ type: AnnouncementResponseDto })
  async cancel(
    @Actor() actor: ActorType,
    @Param('id', UuidPipe) id: string,
    @IfMatchHeader() ifMatch: IfMatch,
    @Body() dto: CancelAnnouncementDto,
  ): Promise<AnnouncementResponseDto> {
    return AnnouncementResponseDto.seenBy(actor)(await this.announcements.cancel(actor, id, ifMatch.expectedVersion(), dto));
  }

  @Post(':id/deviations')
  @HttpCode(200)
  @Roles(...WRITERS)
  @ApiOperation({
    summary: 'Koppla en avvikelse till driftstörningen',
    description: 'Den som ser avvikelsen får koppla den i stället för att rapportera en dubblett.',
  })
  @ApiOkResponse({ type: LinkedDeviationDto })
  async link(@Actor() actor: ActorType, @Param('id', UuidPipe) id: string, @Body() dto: LinkDeviationDto): Promise<LinkedDeviationDto> {
    return toLinkDto(await this.links.link(actor, id, dto.deviationId));
  }

  @Get(':id/deviations')
  @ApiOperation({ summary: 'Avvikelser kopplade till driftstörningen (de du ser)' })
  @ApiOkResponse({ type: LinkedDeviationDto, isArray: true })
  async linked(@Actor() actor: ActorType, @Param('id', UuidPipe) id: string): Promise<LinkedDeviationDto[]> {
    return (await this.links.list(actor, id)).map(toLinkDto);
  }
}

function toLinkDto(link: { announcementId: string; deviationId: string; createdAt: Date }): LinkedDeviationDto {
  return { announcementId: link.announcementId, deviationId: link.deviationId, länkad: link.createdAt.toISOString() };
}
