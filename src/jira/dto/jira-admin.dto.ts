import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsBoolean, IsIn, IsOptional, IsString, Matches, MaxLength, ValidateNested } from 'class-validator';
import { JiraLink, JiraSyncState } from '../jira-link.entity';
import { JiraMapping } from '../jira-mapping.entity';
import { JiraSyncFailureCode } from '../jira.errors';

export class JiraSyncStatusDto {
  @ApiProperty({ format: 'uuid' }) deviationId: string;
  @ApiProperty({ enum: JiraSyncState, description: '`väntar`, `synkad` eller `fel`.' }) state: JiraSyncState;
  @ApiPropertyOptional({ nullable: true, example: 'KHA-42' }) issueKey: string | null;
  @ApiPropertyOptional({ nullable: true, description: 'Orsak när synkningen väntar på nytt försök eller har misslyckats.' })
  lastError: string | null;
  @ApiPropertyOptional({
    nullable: true,
    enum: JiraSyncFailureCode,
    description:
      'Stabil kod för fel som SKR rättar i Jira eller i mappningen (ingen väg till status, obligatoriskt fält, redigeringskonflikt).',
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
  @ApiProperty({ enum: ['status', 'priority', 'resolution'] })
  @IsIn(['status', 'priority', 'resolution'])
  kind: 'status' | 'priority' | 'resolution';

  @ApiProperty({ example: '10005', description: 'Jira-id för status, prioritet eller lösning.' })
  @IsString()
  @Matches(/^\d{1,18}$/)
  jiraId: string;

  @ApiProperty({
    example: 'löst',
    description:
      'Vårt värde: partsstatus, prioritet eller lösningstextens nyckel (åtgärdad, åtgärdas_inte, dubblett, kan_inte_återskapas).',
  })
  @IsString()
  @MaxLength(40)
  value: string;

  @ApiPropertyOptional({
    description:
      'Den Jira-status (eller prioritet) synkningen använder för vårt värde. Krävs på exakt en rad när flera rader har samma värde; ' +
      'en ensam rad är det utan vidare.',
  })
  @IsOptional()
  @IsBoolean()
  outbound?: boolean;

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
