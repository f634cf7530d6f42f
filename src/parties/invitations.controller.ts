import { Body, Controller, Delete, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { type Actor as ActorType } from '../actor/actor';
import { Actor, Binding, Identity, Roles, type TokenIdentity } from '../actor/actor.decorators';
import { Role } from '../actor/role';
import { Clock } from '../common/clock';
import { ApiProblems } from '../common/api-responses';
import { UuidPipe } from '../common/uuid.pipe';
import { AcceptInvitationDto, CreateInvitationDto, InvitationResponseDto } from './dto/invitation.dto';
import { UserResponseDto } from './dto/user.dto';
import { InvitationsService } from './invitations.service';

@ApiTags('parter')
@ApiBearerAuth()
@Controller('api/v1')
export class InvitationsController {
  constructor(
    private readonly invitations: InvitationsService,
    private readonly clock: Clock,
  ) {}

  @Post('parties/:id/invitations')
  @ApiCreatedResponse({ type: InvitationResponseDto })
  @HttpCode(201)
  @Roles(Role.Admin, Role.SkrAdmin)
  @ApiOperation({
    summary: 'Bjud in en person till parten',
    description:
      'Skickar en engångskod till e-postadressen (giltig i 7 dagar). Personen blir användare först när hen loggar in ' +
      'med sin egen identitet och accepterar. Svaret är detsamma oavsett om personen redan finns.',
  })
  async invite(
    @Actor() actor: ActorType,
    @Param('id', UuidPipe) id: string,
    @Body() dto: CreateInvitationDto,
  ): Promise<InvitationResponseDto> {
    return InvitationResponseDto.from(await this.invitations.invite(actor, id, dto), this.clock.now());
  }

  @Get('parties/:id/invitations')
  @ApiOkResponse({ type: [InvitationResponseDto] })
  @Roles(Role.Admin, Role.Skr, Role.SkrAdmin)
  @ApiOperation({ summary: 'Lista partens inbjudningar', description: 'Engångskoden visas aldrig.' })
  async list(@Actor() actor: ActorType, @Param('id', UuidPipe) id: string): Promise<InvitationResponseDto[]> {
    const now = this.clock.now();
    return (await this.invitations.list(actor, id)).map((invitation) => InvitationResponseDto.from(invitation, now));
  }

  @Delete('parties/:id/invitations/:invitationId')
  @ApiNoContentResponse()
  @HttpCode(204)
  @Roles(Role.Admin, Role.SkrAdmin)
  @ApiOperation({ summary: 'Återkalla en öppen inbjudan' })
  async revoke(
    @Actor() actor: ActorType,
    @Param('id', UuidPipe) id: string,
    @Param('invitationId', UuidPipe) invitationId: string,
  ): Promise<void> {
    await this.invitations.revoke(actor, id, invitationId);
  }

  @Post('invitations')
  @ApiCreatedResponse({ type: InvitationResponseDto })
  @HttpCode(201)
  @Roles(Role.SkrAdmin)
  @ApiOperation({ summary: 'Bjud in en person till SKR (SKR-admin)', description: 'Endast SKR-roller (skr, skr-admin).' })
  async inviteToSkr(@Actor() actor: ActorType, @Body() dto: CreateInvitationDto): Promise<InvitationResponseDto> {
    return InvitationResponseDto.from(await this.invitations.invite(actor, null, dto), this.clock.now());
  }

  @Post('invitations/accept')
  @ApiProblems(404)
  @ApiOkResponse({ type: UserResponseDto })
  @HttpCode(200)
  @Binding()
  @ApiOperation({
    summary: 'Acceptera en inbjudan med den egna inloggningen',
    description:
      'Binder den inloggade personen (tokenets utgivare och `sub`) till inbjudans part och roll. Okänd, utgången, ' +
      'använd, återkallad eller annan persons kod ger samma svar: 404 INVITATION_INVALID.',
  })
  async accept(@Identity() identity: TokenIdentity, @Body() dto: AcceptInvitationDto): Promise<UserResponseDto> {
    return UserResponseDto.from(await this.invitations.accept(identity, dto.secret));
  }
}
