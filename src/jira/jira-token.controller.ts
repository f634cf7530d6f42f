import { Body, Controller, Delete, Get, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { type Actor as ActorType } from '../actor/actor';
import { Actor, Roles } from '../actor/actor.decorators';
import { Role } from '../actor/role';
import { JiraTokenDto, SetJiraTokenDto } from './dto/jira-token.dto';
import { JiraApiTokenService } from './jira-api-token.service';

@ApiTags('jira')
@ApiBearerAuth()
@Controller('api/v1/jira/token')
export class JiraTokenController {
  constructor(private readonly tokens: JiraApiTokenService) {}

  @Get()
  @ApiOkResponse({ type: JiraTokenDto })
  @Roles(Role.SkrAdmin)
  @ApiOperation({
    summary: 'Vilken API-token synkningen använder (SKR-admin)',
    description: 'Källa (fil, lagrad eller miljövariabel), fingeravtryck, utgång och vem som satte den lagrade. Aldrig själva token.',
  })
  describe(@Actor() actor: ActorType): Promise<JiraTokenDto> {
    return this.tokens.describe(actor);
  }

  @Put()
  @ApiOkResponse({ type: JiraTokenDto })
  @Roles(Role.SkrAdmin)
  @ApiOperation({
    summary: 'Sätt tjänstekontots API-token (SKR-admin)',
    description:
      'Lagras krypterad (AES-256-GCM, nyckeln JIRA_TOKEN_ENCRYPTION_KEY; utan den 409 `JIRA_TOKEN_KEY_NOT_CONFIGURED`) och ' +
      'används från nästa anrop till Jira, utan omstart. JIRA_API_TOKEN_FILE går före när den är satt. En pausad integration ' +
      'återupptas när Jira godtar den nya token. Svaret är metadata, aldrig token.',
  })
  set(@Actor() actor: ActorType, @Body() dto: SetJiraTokenDto): Promise<JiraTokenDto> {
    return this.tokens.set(actor, dto);
  }

  @Delete()
  @ApiOkResponse({ type: JiraTokenDto })
  @Roles(Role.SkrAdmin)
  @ApiOperation({
    summary: 'Ta bort den lagrade API-token (SKR-admin)',
    description: 'Synkningen använder JIRA_API_TOKEN igen (eller JIRA_API_TOKEN_FILE när den är satt).',
  })
  remove(@Actor() actor: ActorType): Promise<JiraTokenDto> {
    return this.tokens.remove(actor);
  }
}
