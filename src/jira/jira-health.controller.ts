import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '../actor/actor.decorators';
import { Role } from '../actor/role';
import { JiraHealthDto } from './dto/jira-health.dto';
import { JiraPreflightService } from './jira-preflight.service';

@ApiTags('jira')
@ApiBearerAuth()
@Controller('api/v1/jira/health')
export class JiraHealthController {
  constructor(private readonly preflight: JiraPreflightService) {}

  @Get()
  @Roles(Role.SkrAdmin)
  @ApiOperation({
    summary: 'Förkontroll av SKR:s Jira-site (SKR-admin)',
    description:
      'Token, projekt, ärendetyp, fält på skapaskärmen, mappade statusar, bilagor och webhook, var för sig ok, fail eller unknown med åtgärd. Skriver inget i Jira.',
  })
  async health(): Promise<JiraHealthDto> {
    return JiraHealthDto.from(await this.preflight.run());
  }
}
