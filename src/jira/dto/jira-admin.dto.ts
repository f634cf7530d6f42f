import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsISO8601,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { JiraLink, JiraSyncState } from '../jira-link.entity';
import { JiraMapping } from '../jira-mapping.entity';

export class JiraSyncStatusDto {
  @ApiProperty({ format: 'uuid' }) deviationId: string;
  @ApiProperty({ enum: JiraSyncState, description: '`väntar`, `synkad` eller `fel`.' }) state: JiraSyncState;
  @ApiPropertyOptional({ nullable: true, example: 'KHA-42' }) issueKey: string | null;
  @ApiPropertyOptional({ nullable: true, description: 'Orsak när synkningen väntar på nytt försök eller har misslyckats.' })
  lastError: string | null;
  @ApiPropertyOptional({ nullable: true }) lastErrorAt: Date | null;
  @ApiPropertyOptional({ nullable: true }) lastSyncedAt: Date | null;

  static from(link: JiraLink): JiraSyncStatusDto {
    const { deviationId, state, issueKey, lastError, lastErrorAt, lastSyncedAt } = link;
    return Object.assign(new JiraSyncStatusDto(), { deviationId, state, issueKey, lastError, lastErrorAt, lastSyncedAt });
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
  @ApiPropertyOptional({ nullable: true, description: 'När API-token går ut (JIRA_TOKEN_EXPIRES_AT), om det är angivet.' })
  tokenExpiresAt: Date | null;
  @ApiProperty({ description: 'Sant från 30 dagar före tokenets utgång: byt token i tid.' }) tokenExpiresSoon: boolean;
}

/** Which failures to replay at once; every filter given must match. */
export class ReplayJiraFailuresDto {
  @ApiPropertyOptional({ example: '403', description: 'En del av felorsaken, t.ex. "403" eller "resolution" (skiftlägesokänsligt).' })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  reason?: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'Misslyckades vid eller efter denna tid.' })
  @IsOptional()
  @IsISO8601({ strict: true })
  failedFrom?: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'Misslyckades före denna tid.' })
  @IsOptional()
  @IsISO8601({ strict: true })
  failedTo?: string;
}

export class JiraReplayResultDto {
  @ApiProperty({ description: 'Antal avvikelser som köats för ett nytt försök (högst 500 per anrop, äldst först).' })
  replayed: number;
  @ApiProperty({ type: [String], format: 'uuid' }) deviationIds: string[];
}
