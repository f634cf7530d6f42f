import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsISO8601,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { JiraCommentLink } from '../jira-comment-link.entity';
import { JiraLink, JiraSyncState } from '../jira-link.entity';
import { JiraMapping } from '../jira-mapping.entity';
import { JiraSyncFailureCode } from '../jira.errors';

export class JiraSyncStatusDto {
  @ApiProperty({ format: 'uuid' }) deviationId: string;
  @ApiProperty({
    enum: JiraSyncState,
    description: '`väntar`, `synkad`, `fel` eller `frikopplad` (ärendet raderat, SKR valde att inte återskapa det).',
  })
  state: JiraSyncState;
  @ApiProperty({ type: String, nullable: true, example: 'KHA-42' }) issueKey: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'Orsak när synkningen väntar på nytt försök eller har misslyckats.' })
  lastError: string | null;
  @ApiProperty({
    nullable: true,
    enum: JiraSyncFailureCode,
    description:
      'Stabil kod när felet har en: ärendet bär en annan avvikelses identitet, är raderat eller dolt av en säkerhetsnivå, eller redan kopplat till en annan avvikelse; ingen väg till status, obligatoriskt fält, redigeringskonflikt.',
  })
  lastErrorCode: string | null;
  @ApiProperty({ type: Date, nullable: true }) lastErrorAt: Date | null;
  @ApiProperty({
    type: String,
    nullable: true,
    description:
      'Varför senaste hämtningen från Jira inte kunde tillämpa hela ärendet (t.ex. ett ansvarigt-part-värde som inte är någon av våra parter). Står kvar bredvid `lastError` tills en senare hämtning ser det åtgärdat.',
  })
  pullError: string | null;
  @ApiProperty({ type: String, nullable: true, example: 'JIRA_RESPONSIBLE_PARTY_UNKNOWN', description: 'Stabil kod för `pullError`.' })
  pullErrorCode: string | null;
  @ApiProperty({ type: Date, nullable: true }) pullErrorAt: Date | null;
  @ApiProperty({ type: Date, nullable: true }) lastSyncedAt: Date | null;

  static from(link: JiraLink): JiraSyncStatusDto {
    const { deviationId, state, issueKey, lastError, lastErrorCode, lastErrorAt, pullError, pullErrorCode, pullErrorAt, lastSyncedAt } =
      link;
    return Object.assign(new JiraSyncStatusDto(), {
      deviationId,
      state,
      issueKey,
      lastError,
      lastErrorCode,
      lastErrorAt,
      pullError,
      pullErrorCode,
      pullErrorAt,
      lastSyncedAt,
    });
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
  @ApiProperty({ type: String, nullable: true }) pausedReason: string | null;
  @ApiProperty({ type: Date, nullable: true }) pausedAt: Date | null;
  @ApiProperty({ type: Date, nullable: true }) reconcileWatermark: Date | null;
  @ApiProperty({ description: 'Antal avvikelser som avstämningen har reparerat.' }) repairs: number;
  @ApiProperty({
    type: Date,
    nullable: true,
    description: 'När API-token som används går ut: det lagrade tokenets expiresAt, annars JIRA_TOKEN_EXPIRES_AT; null om okänt.',
  })
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

/** What the sync knows of one SKR comment in Jira: metadata only, never the text of one that was not shared. */
export class JiraCommentSharingDto {
  @ApiProperty({ example: '10042' }) jiraCommentId: string;
  @ApiProperty({ enum: ['held', 'shared', 'not_shared', 'withdrawn'], description: 'Väntar ut spärrtiden, delad, inte delad, återtagen.' })
  sharing: string;
  @ApiProperty({
    type: String,
    nullable: true,
    example: 'not_marked',
    description:
      'Varför den inte delas: not_marked, restricted, internal_note, app_author, not_a_person, security_level, deleted, empty, sharing_off.',
  })
  reason: string | null;
  @ApiProperty({ nullable: true, enum: ['person', 'app', 'other'] }) authorKind: string | null;
  @ApiProperty({ type: Date, nullable: true, description: 'När kommentaren skrevs i Jira.' }) createdInJiraAt: Date | null;
  @ApiProperty({ type: Date, nullable: true, description: 'När spärrtiden slutar (för en kommentar som väntar).' }) holdUntil: Date | null;
  @ApiProperty({ type: Date, nullable: true }) sharedAt: Date | null;
  @ApiProperty({ type: Date, nullable: true }) withdrawnAt: Date | null;
  @ApiProperty({ type: String, nullable: true, format: 'uuid', description: 'Vår kopia, för en delad kommentar.' }) commentId:
    string | null;

  static from(link: JiraCommentLink): JiraCommentSharingDto {
    return Object.assign(new JiraCommentSharingDto(), {
      jiraCommentId: link.jiraCommentId,
      sharing: link.sharing,
      reason: link.notSharedReason,
      authorKind: link.authorKind,
      createdInJiraAt: link.jiraCreatedAt,
      holdUntil: link.holdUntil,
      sharedAt: link.releasedAt,
      withdrawnAt: link.withdrawnAt,
      commentId: link.commentId,
    });
  }
}
