import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsIn, IsString, Matches, MaxLength, ValidateNested } from 'class-validator';
import { JiraLink, JiraSyncState } from '../jira-link.entity';
import { JiraMapping } from '../jira-mapping.entity';

export class JiraSyncStatusDto {
  @ApiProperty({ format: 'uuid' }) deviationId: string;
  @ApiProperty({ enum: JiraSyncState, description: '`väntar`, `synkad` eller `fel`.' }) state: JiraSyncState;
  @ApiPropertyOptional({ nullable: true, example: 'KHA-42' }) issueKey: string | null;
  @ApiPropertyOptional({ nullable: true, description: 'Orsak när synkningen väntar på nytt försök eller har misslyckats.' })
  lastError: string | null;
  @ApiPropertyOptional({
    nullable: true,
    example: 'JIRA_ISSUE_IDENTITY_MISMATCH',
    description:
      'Stabil kod när felet har en: `JIRA_ISSUE_IDENTITY_MISMATCH` (ärendet bär en annan avvikelses identitet), `JIRA_ISSUE_NOT_FOUND` (raderat eller dolt av en säkerhetsnivå), `JIRA_ISSUE_LINK_CONFLICT` (ärendet är redan kopplat till en annan avvikelse).',
  })
  lastErrorCode: string | null;
  @ApiPropertyOptional({ nullable: true }) lastErrorAt: Date | null;
  @ApiPropertyOptional({ nullable: true }) lastSyncedAt: Date | null;

  static from(link: JiraLink): JiraSyncStatusDto {
    const { deviationId, state, issueKey, lastError, lastErrorCode, lastErrorAt, lastSyncedAt } = link;
    return Object.assign(new JiraSyncStatusDto(), { deviationId, state, issueKey, lastError, lastErrorCode, lastErrorAt, lastSyncedAt });
  }
}

export class JiraMappingEntryDto {
  @ApiProperty({ enum: ['status', 'priority'] })
  @IsIn(['status', 'priority'])
  kind: 'status' | 'priority';

  @ApiProperty({ example: '10005', description: 'Jira-id för status eller prioritet.' })
  @IsString()
  @Matches(/^\d{1,18}$/)
  jiraId: string;

  @ApiProperty({ example: 'löst', description: 'Vårt värde: partsstatus eller prioritet.' })
  @IsString()
  @MaxLength(40)
  value: string;

  static from(row: JiraMapping): JiraMappingEntryDto {
    return Object.assign(new JiraMappingEntryDto(), row);
  }
}

export class ReplaceJiraMappingDto {
  @ApiProperty({ type: [JiraMappingEntryDto] })
  @IsArray()
  @ArrayMaxSize(200)
  @ValidateNested({ each: true })
  @Type(() => JiraMappingEntryDto)
  entries: JiraMappingEntryDto[];
}

export class JiraIntegrationStatusDto {
  @ApiProperty() paused: boolean;
  @ApiPropertyOptional({ nullable: true }) pausedReason: string | null;
  @ApiPropertyOptional({ nullable: true }) pausedAt: Date | null;
  @ApiPropertyOptional({ nullable: true }) reconcileWatermark: Date | null;
  @ApiProperty({ description: 'Antal avvikelser som avstämningen har reparerat.' }) repairs: number;
}
