import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { type Actor as ActorType } from '../actor/actor';
import { Actor, Roles } from '../actor/actor.decorators';
import { Role } from '../actor/role';
import { CreatePartyDto, PartyResponseDto, UpdatePartyDto } from './dto/party.dto';
import { UpdateUserDto, UserResponseDto } from './dto/user.dto';
import { PartiesService } from './parties.service';
import { UuidPipe } from '../common/uuid.pipe';

@ApiTags('parter')
@ApiBearerAuth()
@Controller('api/v1/parties')
export class PartiesController {
  constructor(private readonly parties: PartiesService) {}

  @Post()
  @ApiCreatedResponse({ type: PartyResponseDto })
  @HttpCode(201)
  @Roles(Role.SkrAdmin)
  @ApiOperation({ summary: 'Registrera en part (SKR-admin)' })
  async create(@Actor() actor: ActorType, @Body() dto: CreatePartyDto): Promise<PartyResponseDto> {
    return PartyResponseDto.from(await this.parties.createParty(actor, dto));
  }

  @Get()
  @ApiOkResponse({ type: [PartyResponseDto] })
  @ApiOperation({ summary: 'Lista parter', description: 'SKR ser alla parter, en part ser sig själv.' })
  async list(@Actor() actor: ActorType): Promise<PartyResponseDto[]> {
    return (await this.parties.listParties(actor)).map(PartyResponseDto.from);
  }

  @Get(':id')
  @ApiOkResponse({ type: PartyResponseDto })
  @ApiOperation({ summary: 'Hämta en part' })
  async get(@Actor() actor: ActorType, @Param('id', UuidPipe) id: string): Promise<PartyResponseDto> {
    return PartyResponseDto.from(await this.parties.getParty(actor, id));
  }

  @Patch(':id')
  @ApiOkResponse({ type: PartyResponseDto })
  @Roles(Role.SkrAdmin)
  @ApiOperation({ summary: 'Ändra en part (SKR-admin)' })
  async update(@Actor() actor: ActorType, @Param('id', UuidPipe) id: string, @Body() dto: UpdatePartyDto): Promise<PartyResponseDto> {
    return PartyResponseDto.from(await this.parties.updateParty(actor, id, dto));
  }

  @Delete(':id')
  @ApiOkResponse({ type: PartyResponseDto })
  @Roles(Role.SkrAdmin)
  @ApiOperation({ summary: 'Inaktivera en part (SKR-admin)', description: 'Parten finns kvar för historiken men kan inte logga in.' })
  async deactivate(@Actor() actor: ActorType, @Param('id', UuidPipe) id: string): Promise<PartyResponseDto> {
    return PartyResponseDto.from(await this.parties.updateParty(actor, id, { active: false }));
  }

  @Get(':id/users')
  @ApiOkResponse({ type: [UserResponseDto] })
  @Roles(Role.Admin, Role.Skr, Role.SkrAdmin)
  @ApiOperation({
    summary: 'Lista partens användare',
    description: 'Personer med medlemskap i parten. Nya användare läggs till genom inbjudan (POST …/invitations).',
  })
  async listUsers(@Actor() actor: ActorType, @Param('id', UuidPipe) id: string): Promise<UserResponseDto[]> {
    return (await this.parties.listUsers(actor, id)).map(UserResponseDto.from);
  }

  @Patch(':id/users/:userId')
  @ApiOkResponse({ type: UserResponseDto })
  @Roles(Role.Admin, Role.SkrAdmin)
  @ApiOperation({ summary: 'Ändra en användares roll, språk, e-post eller aktiv-status' })
  async updateUser(
    @Actor() actor: ActorType,
    @Param('id', UuidPipe) id: string,
    @Param('userId', UuidPipe) userId: string,
    @Body() dto: UpdateUserDto,
  ): Promise<UserResponseDto> {
    return UserResponseDto.from(await this.parties.updateUser(actor, id, userId, dto));
  }

  @Delete(':id/users/:userId')
  @ApiOkResponse({ type: UserResponseDto })
  @Roles(Role.Admin, Role.SkrAdmin)
  @ApiOperation({ summary: 'Inaktivera en användare', description: 'Medlemskapet finns kvar för historiken men kan inte användas.' })
  async deactivateUser(
    @Actor() actor: ActorType,
    @Param('id', UuidPipe) id: string,
    @Param('userId', UuidPipe) userId: string,
  ): Promise<UserResponseDto> {
    return UserResponseDto.from(await this.parties.updateUser(actor, id, userId, { active: false }));
  }
}
