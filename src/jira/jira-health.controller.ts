import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { type Actor as ActorType } from '../actor/actor';
import { Actor, Roles } from '../actor/actor.decorators';
import { Role } from '../actor/role';
import { JiraDryRunDto, JiraHealthDto } from './dto/jira-health.dto';
import { JiraDryRunService } from './jira-dry-run.service';
import { JiraPreflightService } from './jira-preflight.service';

@ApiTags('jira')
@ApiBearerAuth()
@Controller('api/v1/jira/health')
export class JiraHealthController {
  constructor(
    private readonly preflight: JiraPreflightService,
    private readonly dryRun: JiraDryRunService,
  ) {}

  @Get()
  @ApiOkResponse({ type: JiraHealthDto })
  @Roles(Role.SkrAdmin)
  @ApiOperation({
    summary: 'Förkontroll av SKR:s Jira-site (SKR-admin)',
    description:
      'Token, projekt, ärendetyp, fält på skapaskärmen, mappade statusar, bilagor och webhook, var för sig ok, fail eller unknown med åtgärd. Skriver inget i Jira.',
  })
  async health(): Promise<JiraHealthDto> {
    return JiraHealthDto.from(await this.preflight.run());
  }

  @Get('dry-run')
  @ApiOkResponse({ type: JiraDryRunDto })
  @Roles(Role.SkrAdmin)
  @ApiOperation({
    summary: 'Vad den första synkningen skulle göra med de öppna avvikelserna (SKR-admin)',
    description: 'Hur många ärenden som skapas, för vilka avvikelser, och vilka mappade fält som lämnas bort. Skriver inget i Jira.',
  })
  async firstSync(@Actor() actor: ActorType): Promise<JiraDryRunDto> {
    return JiraDryRunDto.from(await this.dryRun.firstSync(actor));
  }
}
