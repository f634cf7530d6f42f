import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { type Actor as ActorType } from '../actor/actor';
import { Actor, Roles } from '../actor/actor.decorators';
import { Role } from '../actor/role';
import { UuidPipe } from '../common/uuid.pipe';
import { AgreementsService } from './agreements.service';
import {
  AgreementBindingResponseDto,
  AgreementResponseDto,
  BindAgreementDto,
  CreateAgreementDto,
  PartyAgreementResponseDto,
} from './dto/agreement.dto';

@ApiTags('avtal')
@ApiBearerAuth()
@Controller('api/v1')
export class AgreementsController {
  constructor(private readonly agreements: AgreementsService) {}

  @Get('agreements')
  @ApiOkResponse({ type: [AgreementResponseDto] })
  @ApiOperation({ summary: 'Lista serviceavtal (SLA/UC) med mål och supporttider' })
  async list(@Actor() actor: ActorType): Promise<AgreementResponseDto[]> {
    return (await this.agreements.list(actor)).map(AgreementResponseDto.from);
  }

  @Post('agreements')
  @ApiCreatedResponse({ type: AgreementResponseDto })
  @HttpCode(201)
  @Roles(Role.SkrAdmin)
  @ApiOperation({ summary: 'Lägg till en ny avtalsversion (SKR-admin)', description: 'Avtal ändras aldrig; en ny version får en ny kod.' })
  async create(@Actor() actor: ActorType, @Body() dto: CreateAgreementDto): Promise<AgreementResponseDto> {
    return AgreementResponseDto.from(await this.agreements.create(actor, dto));
  }

  @Put('parties/:id/agreement')
  @ApiOkResponse({ type: PartyAgreementResponseDto })
  @Roles(Role.SkrAdmin)
  @ApiOperation({
    summary: 'Knyt en part till ett avtal (SKR-admin)',
    description: 'Klockorna räknas om vid nästa läsning enligt det nya avtalet.',
  })
  async bind(
    @Actor() actor: ActorType,
    @Param('id', UuidPipe) id: string,
    @Body() dto: BindAgreementDto,
  ): Promise<PartyAgreementResponseDto> {
    return PartyAgreementResponseDto.from(await this.agreements.bindParty(actor, id, dto));
  }

  @Put('parties/:id/agreements/:bastjanst')
  @ApiOkResponse({ type: AgreementBindingResponseDto })
  @Roles(Role.SkrAdmin)
  @ApiOperation({
    summary: 'Knyt partens åtagande för en bastjänst till ett avtal (SKR-admin)',
    description:
      'Avtalet tidsätter avvikelser som parten är ansvarig för och som gäller bastjänsten; utan bindning gäller partens standardavtal.',
  })
  async bindForBastjänst(
    @Actor() actor: ActorType,
    @Param('id', UuidPipe) id: string,
    @Param('bastjanst') bastjänst: string,
    @Body() dto: BindAgreementDto,
  ): Promise<AgreementBindingResponseDto> {
    return AgreementBindingResponseDto.from(await this.agreements.bindForBastjänst(actor, id, bastjänst, dto.agreementCode));
  }

  @Delete('parties/:id/agreements/:bastjanst')
  @ApiOkResponse({ type: AgreementBindingResponseDto })
  @Roles(Role.SkrAdmin)
  @ApiOperation({ summary: 'Ta bort bindningen för en bastjänst: partens standardavtal gäller (SKR-admin)' })
  async unbindForBastjänst(
    @Actor() actor: ActorType,
    @Param('id', UuidPipe) id: string,
    @Param('bastjanst') bastjänst: string,
  ): Promise<AgreementBindingResponseDto> {
    return AgreementBindingResponseDto.from(await this.agreements.bindForBastjänst(actor, id, bastjänst, null));
  }
}
