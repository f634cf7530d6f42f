import { Body, Controller, Get, HttpCode, Param, Post, Put } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { type Actor as ActorType } from '../actor/actor';
import { Actor, Roles } from '../actor/actor.decorators';
import { Role } from '../actor/role';
import { UuidPipe } from '../common/uuid.pipe';
import {
  JiraCommentSharingDto,
  JiraIntegrationStatusDto,
  JiraMappingEntryDto,
  JiraReplayResultDto,
  JiraSyncStatusDto,
  ReplaceJiraMappingDto,
  ReplayJiraFailuresDto,
} from './dto/jira-admin.dto';
import { JiraAdminService } from './jira-admin.service';
import { JiraDeletedIssueService } from './jira-deleted-issue.service';

@ApiTags('jira')
@ApiBearerAuth()
@Controller('api/v1')
export class JiraAdminController {
  constructor(
    private readonly jira: JiraAdminService,
    private readonly deletedIssues: JiraDeletedIssueService,
  ) {}

  @Get('deviations/:id/jira')
  @ApiOkResponse({ type: JiraSyncStatusDto })
  @ApiOperation({
    summary: 'Avvikelsens synkstatus mot Jira',
    description: '`väntar`, `synkad`, `fel` med orsak och Jira-nyckel, eller `frikopplad` (utan ärende efter SKR:s beslut).',
  })
  async status(@Actor() actor: ActorType, @Param('id', UuidPipe) id: string): Promise<JiraSyncStatusDto> {
    return JiraSyncStatusDto.from(await this.jira.statusOf(actor, id));
  }

  @Get('deviations/:id/jira/comments')
  @ApiOkResponse({ type: [JiraCommentSharingDto] })
  @Roles(Role.Skr, Role.SkrAdmin)
  @ApiOperation({
    summary: 'SKR:s Jira-kommentarer på avvikelsen och om de delats med parten (SKR)',
    description: 'Endast metadata: texten i en kommentar som inte delas kopieras aldrig hit.',
  })
  async comments(@Actor() actor: ActorType, @Param('id', UuidPipe) id: string): Promise<JiraCommentSharingDto[]> {
    return (await this.jira.commentsOf(actor, id)).map(JiraCommentSharingDto.from);
  }

  @Get('jira/failures')
  @ApiOkResponse({ type: [JiraSyncStatusDto] })
  @Roles(Role.Skr, Role.SkrAdmin)
  @ApiOperation({ summary: 'Avvikelser vars synkning har misslyckats (SKR)' })
  async failures(@Actor() actor: ActorType): Promise<JiraSyncStatusDto[]> {
    return (await this.jira.failures(actor)).map(JiraSyncStatusDto.from);
  }

  @Post('jira/failures/replay')
  @ApiAcceptedResponse({ type: JiraReplayResultDto })
  @HttpCode(202)
  @Roles(Role.Skr, Role.SkrAdmin)
  @ApiOperation({
    summary: 'Försök synka alla misslyckade avvikelser som matchar igen (SKR)',
    description: 'Efter orsak (en del av feltexten) och/eller tidsintervall; högst 500 per anrop, äldst först.',
  })
  replayFailures(@Actor() actor: ActorType, @Body() dto: ReplayJiraFailuresDto): Promise<JiraReplayResultDto> {
    return this.jira.replayFailures(actor, dto);
  }

  @Post('jira/failures/:id/replay')
  @ApiAcceptedResponse({ type: JiraSyncStatusDto })
  @HttpCode(202)
  @Roles(Role.Skr, Role.SkrAdmin)
  @ApiOperation({ summary: 'Försök synka avvikelsen igen (SKR)' })
  async replay(@Actor() actor: ActorType, @Param('id', UuidPipe) id: string): Promise<JiraSyncStatusDto> {
    return JiraSyncStatusDto.from(await this.jira.replay(actor, id));
  }

  @Post('jira/links/:deviationId/recreate')
  @ApiAcceptedResponse({ type: JiraSyncStatusDto })
  @HttpCode(202)
  @Roles(Role.SkrAdmin)
  @ApiOperation({
    summary: 'Skapa ett nytt Jira-ärende för avvikelsen vars ärende raderats (SKR-admin)',
    description:
      'Endast när synkningen misslyckats med `JIRA_ISSUE_NOT_FOUND` eller avvikelsen är `frikopplad` (annars 409 ' +
      '`JIRA_ISSUE_NOT_GONE`). Det gamla ärendet glöms; ett nytt skapas med avvikelsens fält, kommentarer och bilagor.',
  })
  async recreate(@Actor() actor: ActorType, @Param('deviationId', UuidPipe) id: string): Promise<JiraSyncStatusDto> {
    return JiraSyncStatusDto.from(await this.deletedIssues.recreate(actor, id));
  }

  @Post('jira/links/:deviationId/unlink')
  @ApiOkResponse({ type: JiraSyncStatusDto })
  @HttpCode(200)
  @Roles(Role.SkrAdmin)
  @ApiOperation({
    summary: 'Låt avvikelsen vars Jira-ärende raderats vara utan ärende (SKR-admin)',
    description:
      'Endast när synkningen misslyckats med `JIRA_ISSUE_NOT_FOUND` (annars 409 `JIRA_ISSUE_NOT_GONE`). Avvikelsen blir ' +
      '`frikopplad`: synkningen lämnar den i fred tills den återskapas.',
  })
  async unlink(@Actor() actor: ActorType, @Param('deviationId', UuidPipe) id: string): Promise<JiraSyncStatusDto> {
    return JiraSyncStatusDto.from(await this.deletedIssues.unlink(actor, id));
  }

  @Get('jira/integration')
  @ApiOkResponse({ type: JiraIntegrationStatusDto })
  @Roles(Role.Skr, Role.SkrAdmin)
  @ApiOperation({ summary: 'Integrationens läge: pausad, avstämningens vattenmärke, reparationer (SKR)' })
  integration(@Actor() actor: ActorType): Promise<JiraIntegrationStatusDto> {
    return this.jira.integration(actor);
  }

  @Post('jira/integration/resume')
  @ApiCreatedResponse({ type: JiraIntegrationStatusDto })
  @Roles(Role.SkrAdmin)
  @ApiOperation({
    summary: 'Återuppta en pausad integration (SKR-admin)',
    description: 'Efter att Jira nekat våra inloggningsuppgifter och de rättats.',
  })
  resume(@Actor() actor: ActorType): Promise<JiraIntegrationStatusDto> {
    return this.jira.resume(actor);
  }

  @Get('jira/mapping')
  @ApiOkResponse({ type: [JiraMappingEntryDto] })
  @Roles(Role.Skr, Role.SkrAdmin)
  @ApiOperation({ summary: 'Mappning från Jiras status- och prioritets-id till våra värden' })
  async mapping(@Actor() actor: ActorType): Promise<JiraMappingEntryDto[]> {
    return (await this.jira.mapping(actor)).map(JiraMappingEntryDto.from);
  }

  @Put('jira/mapping')
  @ApiOkResponse({ type: [JiraMappingEntryDto] })
  @Roles(Role.SkrAdmin)
  @ApiOperation({ summary: 'Ersätt mappningen (SKR-admin)' })
  async replaceMapping(@Actor() actor: ActorType, @Body() dto: ReplaceJiraMappingDto): Promise<JiraMappingEntryDto[]> {
    return (await this.jira.replaceMapping(actor, dto)).map(JiraMappingEntryDto.from);
  }
}
