import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { type Actor as ActorType } from '../actor/actor';
import { Actor, Roles } from '../actor/actor.decorators';
import { Role } from '../actor/role';
import { AuditEntryResponseDto } from '../audit/dto/audit-entry-response.dto';
import { ApiIdempotencyKey, IdempotencyKey, replayable } from '../common/idempotency-key';
import { ApiTextResponse } from '../common/api-responses';
import { ApiIfMatch, IfMatch, IfMatchHeader } from '../common/if-match';
import { JsonText } from '../common/json-text';
import { ETag, Location, WithHeaders } from '../common/response-headers';
import { UuidPipe } from '../common/uuid.pipe';
import { writeCsv } from './deviations.csv';
import { DeviationPartsService } from './deviation-parts.service';
import { DeviationQueriesService } from './deviation-queries.service';
import { DeviationResponsibilityService } from './deviation-responsibility.service';
import { DeviationTriageService } from './deviation-triage.service';
import { DeviationsService } from './deviations.service';
import { CreateDeviationDto, UpdateDeviationDto } from './dto/create-deviation.dto';
import { BastjänstDto, DeviationPageDto, DeviationPartDto, DeviationResponseDto, TimingProposalDto } from './dto/deviation-response.dto';
import { AssignResponsibleDto, BulkAssignResponsibleDto, BulkAssignResultDto } from './dto/responsibility.dto';
import { MarkDuplicateDto, OverridePriorityDto, ReasonDto, SetStatusDto, WithdrawDto } from './dto/lifecycle.dto';
import { ListDeviationsQueryDto } from './dto/list-deviations-query.dto';

const REPORTERS = [Role.Reporter, Role.Admin];
const SKR = [Role.Skr, Role.SkrAdmin];

@ApiTags('avvikelser')
@ApiBearerAuth()
@Controller('api/v1/deviations')
export class DeviationsController {
  constructor(
    private readonly deviations: DeviationsService,
    private readonly queries: DeviationQueriesService,
    private readonly triage: DeviationTriageService,
    private readonly deviationParts: DeviationPartsService,
    private readonly responsibility: DeviationResponsibilityService,
  ) {}

  @Post()
  @ApiCreatedResponse({ type: DeviationResponseDto })
  @Roles(...REPORTERS)
  @ApiIdempotencyKey('en andra avvikelse')
  @ApiOperation({ summary: 'Rapportera en avvikelse (skapas som utkast)' })
  @ETag()
  @Location((d: DeviationResponseDto) => `/api/v1/deviations/${d.id}`)
  async create(
    @Actor() actor: ActorType,
    @Body() dto: CreateDeviationDto,
    @IdempotencyKey() idempotencyKey: string | undefined,
  ): Promise<WithHeaders<DeviationResponseDto>> {
    const { deviation, replayed } = await this.deviations.create(actor, dto, idempotencyKey);
    return replayable(DeviationResponseDto.from(deviation), replayed);
  }

  @Get()
  @ApiOkResponse({ type: DeviationPageDto })
  @ApiOperation({
    summary: 'Lista och sök avvikelser',
    description: 'En part ser endast sina egna; SKR ser alla. Markörbaserad sidindelning.',
  })
  async list(@Actor() actor: ActorType, @Query() query: ListDeviationsQueryDto): Promise<JsonText> {
    return JsonText.page(await this.queries.listRendered(actor, query));
  }

  @Get('triage')
  @ApiOkResponse({ type: DeviationPageDto })
  @Roles(...SKR)
  @ApiOperation({
    summary: 'Triagelista: inskickade avvikelser utan ansvarig part (SKR)',
    description: 'Samma filter och sidindelning som listan.',
  })
  async awaitingResponsible(@Actor() actor: ActorType, @Query() query: ListDeviationsQueryDto): Promise<JsonText> {
    return JsonText.page(await this.queries.listRendered(actor, query, { awaitingResponsible: true }));
  }

  @Post('responsible-party')
  @ApiOkResponse({ type: BulkAssignResultDto })
  @HttpCode(200)
  @Roles(...SKR)
  @ApiOperation({
    summary: 'Sätt ansvarig part för flera avvikelser (SKR)',
    description: 'Allt eller inget: en okänd avvikelse avvisar hela anropet och pekas ut.',
  })
  async assignMany(@Actor() actor: ActorType, @Body() dto: BulkAssignResponsibleDto): Promise<BulkAssignResultDto> {
    return { changed: await this.responsibility.assignMany(actor, dto) };
  }

  @Get('export.csv')
  @ApiTextResponse('text/csv')
  @ApiOperation({
    summary: 'Exportera avvikelser som CSV (UTF-8 med BOM, öppnas rätt i Excel)',
    description: 'Högst 50 000 rader, äldst först.',
  })
  async export(@Actor() actor: ActorType, @Query() query: ListDeviationsQueryDto, @Res() response: Response): Promise<void> {
    await writeCsv(response, this.queries.exportBatches(actor, query));
  }

  @Get('parts')
  @ApiOkResponse({ type: [DeviationPartDto] })
  @ApiOperation({ summary: 'Delar av SSBTEK som en avvikelse kan gälla' })
  async parts(@Actor() actor: ActorType): Promise<DeviationPartDto[]> {
    return (await this.deviationParts.list(actor)).map(DeviationPartDto.from);
  }

  @Get('bastjanster')
  @ApiOkResponse({ type: [BastjänstDto] })
  @ApiOperation({ summary: 'Bastjänster som en avvikelse kan gälla (seed 004)' })
  async bastjänster(@Actor() actor: ActorType): Promise<BastjänstDto[]> {
    return (await this.deviationParts.bastjänster(actor)).map(BastjänstDto.from);
  }

  @Get('timing-proposal')
  @ApiOkResponse({ type: TimingProposalDto })
  @ApiOperation({
    summary: 'Föreslagen tidpunkt för en avvikelse som rapporteras nu',
    description:
      'Ur kalendern i partens avtal: kritisk period, nära den, övrig tid eller lågsäsong. Samma förslag sätts när `tidpunkt` utelämnas vid rapportering.',
  })
  async timingProposal(@Actor() actor: ActorType): Promise<TimingProposalDto> {
    return this.deviations.timingProposal(actor);
  }

  @Get(':id')
  @ApiOkResponse({ type: DeviationResponseDto })
  @ApiOperation({ summary: 'Hämta en avvikelse', description: 'ETag-huvudet bär versionen; skicka den som If-Match vid ändring.' })
  @ETag()
  async get(@Actor() actor: ActorType, @Param('id', UuidPipe) id: string): Promise<DeviationResponseDto> {
    return DeviationResponseDto.seenBy(actor.partyId)(await this.queries.get(actor, id));
  }

  @Patch(':id')
  @ApiOkResponse({ type: DeviationResponseDto })
  @Roles(...REPORTERS)
  @ApiIfMatch()
  @ApiOperation({ summary: 'Ändra partens uppgifter i avvikelsen' })
  @ETag()
  async update(
    @Actor() actor: ActorType,
    @Param('id', UuidPipe) id: string,
    @IfMatchHeader() ifMatch: IfMatch,
    @Body() dto: UpdateDeviationDto,
  ): Promise<DeviationResponseDto> {
    return DeviationResponseDto.from(await this.deviations.update(actor, id, ifMatch.expectedVersion(), dto));
  }

  @Post(':id/submit')
  @ApiOkResponse({ type: DeviationResponseDto })
  @HttpCode(200)
  @Roles(...REPORTERS)
  @ApiOperation({ summary: 'Skicka in avvikelsen', description: 'Kontrollerar att allt som seed 000 kräver finns.' })
  @ETag()
  async submit(@Actor() actor: ActorType, @Param('id', UuidPipe) id: string): Promise<DeviationResponseDto> {
    return DeviationResponseDto.from(await this.deviations.submit(actor, id));
  }

  @Post(':id/withdraw')
  @ApiOkResponse({ type: DeviationResponseDto })
  @HttpCode(200)
  @Roles(...REPORTERS)
  @ApiOperation({ summary: 'Återkalla avvikelsen (innan den är löst)' })
  @ETag()
  async withdraw(@Actor() actor: ActorType, @Param('id', UuidPipe) id: string, @Body() dto: WithdrawDto): Promise<DeviationResponseDto> {
    return DeviationResponseDto.from(await this.deviations.withdraw(actor, id, dto.motivering));
  }

  @Post(':id/reopen')
  @ApiOkResponse({ type: DeviationResponseDto })
  @HttpCode(200)
  @Roles(...REPORTERS)
  @ApiOperation({ summary: 'Återöppna en löst avvikelse (inom fönstret, med motivering)' })
  @ETag()
  async reopen(@Actor() actor: ActorType, @Param('id', UuidPipe) id: string, @Body() dto: ReasonDto): Promise<DeviationResponseDto> {
    return DeviationResponseDto.from(await this.deviations.reopen(actor, id, dto.motivering));
  }

  @Post(':id/status')
  @ApiOkResponse({ type: DeviationResponseDto })
  @HttpCode(200)
  @Roles(...SKR)
  @ApiOperation({ summary: 'Sätt status (SKR)' })
  @ETag()
  async setStatus(@Actor() actor: ActorType, @Param('id', UuidPipe) id: string, @Body() dto: SetStatusDto): Promise<DeviationResponseDto> {
    return DeviationResponseDto.from(await this.triage.setStatus(actor, id, dto));
  }

  @Post(':id/priority')
  @ApiOkResponse({ type: DeviationResponseDto })
  @HttpCode(200)
  @Roles(...SKR)
  @ApiOperation({ summary: 'Åsidosätt prioriteten med motivering (SKR)' })
  @ETag()
  async overridePriority(
    @Actor() actor: ActorType,
    @Param('id', UuidPipe) id: string,
    @Body() dto: OverridePriorityDto,
  ): Promise<DeviationResponseDto> {
    return DeviationResponseDto.from(await this.triage.overridePriority(actor, id, dto));
  }

  @Post(':id/responsible-party')
  @ApiOkResponse({ type: DeviationResponseDto })
  @HttpCode(200)
  @Roles(...SKR)
  @ApiOperation({
    summary: 'Sätt eller byt ansvarig part (SKR)',
    description:
      'Den tidigare ansvariga parten förlorar åtkomsten till avvikelsen och allt som hör till den. SLA-klockan räknas om från mottagandet enligt den ansvariga partens avtal.',
  })
  @ETag()
  async assignResponsible(
    @Actor() actor: ActorType,
    @Param('id', UuidPipe) id: string,
    @Body() dto: AssignResponsibleDto,
  ): Promise<DeviationResponseDto> {
    return DeviationResponseDto.from(await this.responsibility.assign(actor, id, dto));
  }

  @Post(':id/duplicate-of')
  @ApiOkResponse({ type: DeviationResponseDto })
  @HttpCode(200)
  @Roles(...SKR)
  @ApiOperation({ summary: 'Markera som dubblett av en annan avvikelse (SKR)' })
  @ETag()
  async markDuplicate(
    @Actor() actor: ActorType,
    @Param('id', UuidPipe) id: string,
    @Body() dto: MarkDuplicateDto,
  ): Promise<DeviationResponseDto> {
    return DeviationResponseDto.from(await this.triage.markDuplicate(actor, id, dto.duplicateOf));
  }

  @Get(':id/history')
  @ApiOkResponse({ type: [AuditEntryResponseDto] })
  @ApiOperation({
    summary: 'Historik: fältändringar, statusbyten, kommentarer och bilagor',
    description: 'Parten ser inte interna anteckningar eller SKR-interna fält.',
  })
  async history(@Actor() actor: ActorType, @Param('id', UuidPipe) id: string): Promise<AuditEntryResponseDto[]> {
    return (await this.queries.history(actor, id)).map(AuditEntryResponseDto.from);
  }
}
