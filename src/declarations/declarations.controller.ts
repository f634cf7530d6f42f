import { Body, Controller, Get, Header, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { type Actor as ActorType } from '../actor/actor';
import { Actor, Roles } from '../actor/actor.decorators';
import { Role } from '../actor/role';
import { ApiTextResponse } from '../common/api-responses';
import { ApiIfMatch, IfMatch, IfMatchHeader } from '../common/if-match';
import { ETag, Location } from '../common/response-headers';
import { UuidPipe } from '../common/uuid.pipe';
import { DeclarationQueriesService } from './declaration-queries.service';
import { DeclarationReviewService } from './declaration-review.service';
import { DeclarationsService } from './declarations.service';
import {
  CitableDeviationsQueryDto,
  CreateDeclarationDto,
  CreateReviewDto,
  KnownDeviationsDto,
  ListDeclarationsQueryDto,
  SignatureDto,
  UpdateAnswersDto,
} from './dto/declaration-requests.dto';
import { CitedDeviationDto, DeclarationResponseDto, DeclarationSummaryDto } from './dto/declaration-response.dto';

const WRITERS = [Role.Reporter, Role.Admin];
const SKR = [Role.Skr, Role.SkrAdmin];

@ApiTags('självdeklarationer')
@ApiBearerAuth()
@Controller('api/v1/declarations')
export class DeclarationsController {
  constructor(
    private readonly declarations: DeclarationsService,
    private readonly queries: DeclarationQueriesService,
    private readonly reviews: DeclarationReviewService,
  ) {}

  @Post()
  @ApiCreatedResponse({ type: DeclarationResponseDto })
  @HttpCode(201)
  @Roles(...WRITERS)
  @ApiOperation({ summary: 'Påbörja en självdeklaration på en publicerad mallversion' })
  @ETag()
  @Location((d: DeclarationResponseDto) => `/api/v1/declarations/${d.id}`)
  async create(@Actor() actor: ActorType, @Body() dto: CreateDeclarationDto): Promise<DeclarationResponseDto> {
    return DeclarationResponseDto.fromView(await this.declarations.create(actor, dto));
  }

  @Get()
  @ApiOkResponse({ type: [DeclarationSummaryDto] })
  @ApiOperation({ summary: 'Lista självdeklarationer', description: 'En part ser sina egna; SKR ser alla som skickats in.' })
  async list(@Actor() actor: ActorType, @Query() query: ListDeclarationsQueryDto): Promise<DeclarationSummaryDto[]> {
    return (await this.queries.list(actor, query)).map(DeclarationSummaryDto.from);
  }

  @Get(':id')
  @ApiOkResponse({ type: DeclarationResponseDto })
  @ApiOperation({ summary: 'Hämta en självdeklaration med svar, citerade avvikelsers aktuella status och granskningar' })
  @ETag()
  async get(@Actor() actor: ActorType, @Param('id', UuidPipe) id: string): Promise<DeclarationResponseDto> {
    return DeclarationResponseDto.fromView(await this.queries.get(actor, id));
  }

  @Get(':id/known-deviations')
  @ApiOkResponse({ type: [CitedDeviationDto] })
  @ApiOperation({ summary: 'Kända avvikelser som kvarstår vid driftstart' })
  async knownDeviations(@Actor() actor: ActorType, @Param('id', UuidPipe) id: string): Promise<CitedDeviationDto[]> {
    return DeclarationResponseDto.fromView(await this.queries.get(actor, id)).knownDeviations;
  }

  @Get(':id/citable-deviations')
  @ApiOkResponse({ type: [CitedDeviationDto] })
  @ApiOperation({
    summary: 'Sök avvikelser som deklarationen kan hänvisa till',
    description:
      'Avvikelser som gäller den deklarerande parten: rapporterade av den eller där den är ansvarig part. Högst 50, nyast först.',
  })
  async citable(
    @Actor() actor: ActorType,
    @Param('id', UuidPipe) id: string,
    @Query() query: CitableDeviationsQueryDto,
  ): Promise<CitedDeviationDto[]> {
    return (await this.queries.citable(actor, id, query.q)).map(CitedDeviationDto.from);
  }

  @Put(':id/answers')
  @ApiOkResponse({ type: DeclarationResponseDto })
  @Roles(...WRITERS)
  @ApiIfMatch()
  @ApiOperation({ summary: 'Spara svar (per frågenyckel; `null` tar bort ett svar)' })
  @ETag()
  async answers(
    @Actor() actor: ActorType,
    @Param('id', UuidPipe) id: string,
    @IfMatchHeader() ifMatch: IfMatch,
    @Body() dto: UpdateAnswersDto,
  ): Promise<DeclarationResponseDto> {
    return DeclarationResponseDto.fromView(await this.declarations.updateAnswers(actor, id, ifMatch.expectedVersion(), dto));
  }

  @Put(':id/known-deviations')
  @ApiOkResponse({ type: DeclarationResponseDto })
  @Roles(...WRITERS)
  @ApiIfMatch()
  @ApiOperation({ summary: 'Ange listan över kända avvikelser (ersätter listan härledd ur svaren)' })
  @ETag()
  async setKnownDeviations(
    @Actor() actor: ActorType,
    @Param('id', UuidPipe) id: string,
    @IfMatchHeader() ifMatch: IfMatch,
    @Body() dto: KnownDeviationsDto,
  ): Promise<DeclarationResponseDto> {
    return DeclarationResponseDto.fromView(await this.declarations.setKnownDeviations(actor, id, ifMatch.expectedVersion(), dto));
  }

  @Put(':id/signature')
  @ApiOkResponse({ type: DeclarationResponseDto })
  @Roles(...WRITERS)
  @ApiIfMatch()
  @ApiOperation({ summary: 'Underteckna: kontaktpersonens namn och datum' })
  @ETag()
  async sign(
    @Actor() actor: ActorType,
    @Param('id', UuidPipe) id: string,
    @IfMatchHeader() ifMatch: IfMatch,
    @Body() dto: SignatureDto,
  ): Promise<DeclarationResponseDto> {
    return DeclarationResponseDto.fromView(await this.declarations.sign(actor, id, ifMatch.expectedVersion(), dto));
  }

  @Post(':id/submit')
  @ApiOkResponse({ type: DeclarationResponseDto })
  @HttpCode(200)
  @Roles(...WRITERS)
  @ApiOperation({
    summary: 'Skicka in för granskning',
    description: 'Kontrollerar fullständighet, registrerar nya avvikelser och låser deklarationen.',
  })
  @ETag()
  async submit(@Actor() actor: ActorType, @Param('id', UuidPipe) id: string): Promise<DeclarationResponseDto> {
    return DeclarationResponseDto.fromView(await this.declarations.submit(actor, id));
  }

  @Post(':id/withdraw')
  @ApiOkResponse({ type: DeclarationResponseDto })
  @HttpCode(200)
  @Roles(...WRITERS)
  @ApiOperation({
    summary: 'Dra tillbaka ett utkast',
    description: 'Endast en deklaration som aldrig skickats in; den finns kvar, låst, med sin historik.',
  })
  @ETag()
  async withdraw(@Actor() actor: ActorType, @Param('id', UuidPipe) id: string): Promise<DeclarationResponseDto> {
    return DeclarationResponseDto.fromView(await this.declarations.withdraw(actor, id));
  }

  @Post(':id/reviews')
  @ApiCreatedResponse({ type: DeclarationResponseDto })
  @HttpCode(201)
  @Roles(...SKR)
  @ApiOperation({ summary: 'Granska (SKR): godkänd, godkänd med förbehåll eller icke godkänd' })
  @ETag()
  async review(
    @Actor() actor: ActorType,
    @Param('id', UuidPipe) id: string,
    @Body() dto: CreateReviewDto,
  ): Promise<DeclarationResponseDto> {
    return DeclarationResponseDto.fromView(await this.reviews.review(actor, id, dto));
  }

  @Get(':id/export')
  @ApiTextResponse('text/html')
  @Header('Content-Type', 'text/html; charset=utf-8')
  @ApiOperation({ summary: 'Utskriftsvänligt HTML-dokument av deklarationen' })
  exportHtml(@Actor() actor: ActorType, @Param('id', UuidPipe) id: string): Promise<string> {
    return this.queries.exportHtml(actor, id);
  }
}
