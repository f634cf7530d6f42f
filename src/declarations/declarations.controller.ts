import { Body, Controller, Get, Header, Headers, HttpCode, Param, Post, Put, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { type Actor as ActorType } from '../actor/actor';
import { Actor, Roles } from '../actor/actor.decorators';
import { Role } from '../actor/role';
import { UuidPipe } from '../common/uuid.pipe';
import { DeclarationQueriesService } from './declaration-queries.service';
import { DeclarationReviewService } from './declaration-review.service';
import { DeclarationsService } from './declarations.service';
import { type DeclarationView } from './declaration-view';
import {
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
const IF_MATCH = { name: 'If-Match', required: true, description: 'ETag från senaste läsningen.' };

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
  @HttpCode(201)
  @Roles(...WRITERS)
  @ApiOperation({ summary: 'Påbörja en självdeklaration på en publicerad mallversion' })
  async create(
    @Actor() actor: ActorType,
    @Body() dto: CreateDeclarationDto,
    @Res({ passthrough: true }) response: Response,
  ): Promise<DeclarationResponseDto> {
    const view = await this.declarations.create(actor, dto);
    response.setHeader('Location', `/api/v1/declarations/${view.declaration.id}`);
    return withEtag(response, view);
  }

  @Get()
  @ApiOperation({ summary: 'Lista självdeklarationer', description: 'En part ser sina egna; SKR ser alla som skickats in.' })
  async list(@Actor() actor: ActorType, @Query() query: ListDeclarationsQueryDto): Promise<DeclarationSummaryDto[]> {
    return (await this.queries.list(actor, query)).map(DeclarationSummaryDto.from);
  }

  @Get(':id')
  @ApiOperation({ summary: 'Hämta en självdeklaration med svar, citerade avvikelsers aktuella status och granskningar' })
  async get(
    @Actor() actor: ActorType,
    @Param('id', UuidPipe) id: string,
    @Res({ passthrough: true }) response: Response,
  ): Promise<DeclarationResponseDto> {
    return withEtag(response, await this.queries.get(actor, id));
  }

  @Get(':id/known-deviations')
  @ApiOperation({ summary: 'Kända avvikelser som kvarstår vid driftstart' })
  async knownDeviations(@Actor() actor: ActorType, @Param('id', UuidPipe) id: string): Promise<CitedDeviationDto[]> {
    return DeclarationResponseDto.fromView(await this.queries.get(actor, id)).knownDeviations;
  }

  @Put(':id/answers')
  @Roles(...WRITERS)
  @ApiHeader(IF_MATCH)
  @ApiOperation({ summary: 'Spara svar (per frågenyckel; `null` tar bort ett svar)' })
  async answers(
    @Actor() actor: ActorType,
    @Param('id', UuidPipe) id: string,
    @Headers('if-match') ifMatch: string | undefined,
    @Body() dto: UpdateAnswersDto,
    @Res({ passthrough: true }) response: Response,
  ): Promise<DeclarationResponseDto> {
    return withEtag(response, await this.declarations.updateAnswers(actor, id, ifMatch, dto));
  }

  @Put(':id/known-deviations')
  @Roles(...WRITERS)
  @ApiHeader(IF_MATCH)
  @ApiOperation({ summary: 'Ange listan över kända avvikelser (ersätter listan härledd ur svaren)' })
  async setKnownDeviations(
    @Actor() actor: ActorType,
    @Param('id', UuidPipe) id: string,
    @Headers('if-match') ifMatch: string | undefined,
    @Body() dto: KnownDeviationsDto,
    @Res({ passthrough: true }) response: Response,
  ): Promise<DeclarationResponseDto> {
    return withEtag(response, await this.declarations.setKnownDeviations(actor, id, ifMatch, dto));
  }

  @Put(':id/signature')
  @Roles(...WRITERS)
  @ApiHeader(IF_MATCH)
  @ApiOperation({ summary: 'Underteckna: kontaktpersonens namn och datum' })
  async sign(
    @Actor() actor: ActorType,
    @Param('id', UuidPipe) id: string,
    @Headers('if-match') ifMatch: string | undefined,
    @Body() dto: SignatureDto,
    @Res({ passthrough: true }) response: Response,
  ): Promise<DeclarationResponseDto> {
    return withEtag(response, await this.declarations.sign(actor, id, ifMatch, dto));
  }

  @Post(':id/submit')
  @HttpCode(200)
  @Roles(...WRITERS)
  @ApiOperation({
    summary: 'Skicka in för granskning',
    description: 'Kontrollerar fullständighet, registrerar nya avvikelser och låser deklarationen.',
  })
  async submit(
    @Actor() actor: ActorType,
    @Param('id', UuidPipe) id: string,
    @Res({ passthrough: true }) response: Response,
  ): Promise<DeclarationResponseDto> {
    return withEtag(response, await this.declarations.submit(actor, id));
  }

  @Post(':id/withdraw')
  @HttpCode(200)
  @Roles(...WRITERS)
  @ApiOperation({
    summary: 'Dra tillbaka ett utkast',
    description: 'Endast en deklaration som aldrig skickats in; den finns kvar, låst, med sin historik.',
  })
  async withdraw(
    @Actor() actor: ActorType,
    @Param('id', UuidPipe) id: string,
    @Res({ passthrough: true }) response: Response,
  ): Promise<DeclarationResponseDto> {
    return withEtag(response, await this.declarations.withdraw(actor, id));
  }

  @Post(':id/reviews')
  @HttpCode(201)
  @Roles(...SKR)
  @ApiOperation({ summary: 'Granska (SKR): godkänd, godkänd med förbehåll eller icke godkänd' })
  async review(
    @Actor() actor: ActorType,
    @Param('id', UuidPipe) id: string,
    @Body() dto: CreateReviewDto,
    @Res({ passthrough: true }) response: Response,
  ): Promise<DeclarationResponseDto> {
    return withEtag(response, await this.reviews.review(actor, id, dto));
  }

  @Get(':id/export')
  @ApiProduces('text/html')
  @Header('Content-Type', 'text/html; charset=utf-8')
  @ApiOperation({ summary: 'Utskriftsvänligt HTML-dokument av deklarationen' })
  exportHtml(@Actor() actor: ActorType, @Param('id', UuidPipe) id: string): Promise<string> {
    return this.queries.exportHtml(actor, id);
  }
}

function withEtag(response: Response, view: DeclarationView): DeclarationResponseDto {
  response.setHeader('ETag', `W/"${view.declaration.version}"`);
  return DeclarationResponseDto.fromView(view);
}
