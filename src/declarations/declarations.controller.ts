import { Body, Controller, Get, Header, HttpCode, Param, Post, Put, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { type Actor as ActorType } from '../actor/actor';
import { Actor, Roles } from '../actor/actor.decorators';
import { Role } from '../actor/role';
import { ApiIfMatch, IfMatch, IfMatchHeader } from '../common/if-match';
import { UuidPipe } from '../common/uuid.pipe';
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

@ApiTags('självdeklarationer')
@ApiBearerAuth()
@Controller('api/v1/declarations')
export class DeclarationsController {
  constructor(private readonly declarations: DeclarationsService) {}

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
    return (await this.declarations.list(actor, query)).map(DeclarationSummaryDto.from);
  }

  @Get(':id')
  @ApiOperation({ summary: 'Hämta en självdeklaration med svar, citerade avvikelsers aktuella status och granskningar' })
  async get(
    @Actor() actor: ActorType,
    @Param('id', UuidPipe) id: string,
    @Res({ passthrough: true }) response: Response,
  ): Promise<DeclarationResponseDto> {
    return withEtag(response, await this.declarations.get(actor, id));
  }

  @Get(':id/known-deviations')
  @ApiOperation({ summary: 'Kända avvikelser som kvarstår vid driftstart' })
  async knownDeviations(@Actor() actor: ActorType, @Param('id', UuidPipe) id: string): Promise<CitedDeviationDto[]> {
    return DeclarationResponseDto.fromView(await this.declarations.get(actor, id)).knownDeviations;
  }

  @Put(':id/answers')
  @Roles(...WRITERS)
  @ApiIfMatch()
  @ApiOperation({ summary: 'Spara svar (per frågenyckel; `null` tar bort ett svar)' })
  async answers(
    @Actor() actor: ActorType,
    @Param('id', UuidPipe) id: string,
    @IfMatchHeader() ifMatch: IfMatch,
    @Body() dto: UpdateAnswersDto,
    @Res({ passthrough: true }) response: Response,
  ): Promise<DeclarationResponseDto> {
    return withEtag(response, await this.declarations.updateAnswers(actor, id, ifMatch.expectedVersion(), dto));
  }

  @Put(':id/known-deviations')
  @Roles(...WRITERS)
  @ApiIfMatch()
  @ApiOperation({ summary: 'Ange listan över kända avvikelser (ersätter listan härledd ur svaren)' })
  async setKnownDeviations(
    @Actor() actor: ActorType,
    @Param('id', UuidPipe) id: string,
    @IfMatchHeader() ifMatch: IfMatch,
    @Body() dto: KnownDeviationsDto,
    @Res({ passthrough: true }) response: Response,
  ): Promise<DeclarationResponseDto> {
    return withEtag(response, await this.declarations.setKnownDeviations(actor, id, ifMatch.expectedVersion(), dto));
  }

  @Put(':id/signature')
  @Roles(...WRITERS)
  @ApiIfMatch()
  @ApiOperation({ summary: 'Underteckna: kontaktpersonens namn och datum' })
  async sign(
    @Actor() actor: ActorType,
    @Param('id', UuidPipe) id: string,
    @IfMatchHeader() ifMatch: IfMatch,
    @Body() dto: SignatureDto,
    @Res({ passthrough: true }) response: Response,
  ): Promise<DeclarationResponseDto> {
    return withEtag(response, await this.declarations.sign(actor, id, ifMatch.expectedVersion(), dto));
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
    return withEtag(response, await this.declarations.review(actor, id, dto));
  }

  @Get(':id/export')
  @ApiProduces('text/html')
  @Header('Content-Type', 'text/html; charset=utf-8')
  @ApiOperation({ summary: 'Utskriftsvänligt HTML-dokument av deklarationen' })
  exportHtml(@Actor() actor: ActorType, @Param('id', UuidPipe) id: string): Promise<string> {
    return this.declarations.exportHtml(actor, id);
  }
}

function withEtag(response: Response, view: DeclarationView): DeclarationResponseDto {
  response.setHeader('ETag', `W/"${view.declaration.version}"`);
  return DeclarationResponseDto.fromView(view);
}
