import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsDate, IsEnum, IsIn, IsInt, IsString, IsUUID, Matches, Max, MaxLength, Min } from 'class-validator';
import { Optional } from '../../common/optional.decorator';
import { PRIORITIES, type Prioritet } from '../../sla/priority';
import { DeviationStatus, Miljo } from '../deviation.entity';

export const SORTABLE = ['created', 'updated', 'key'] as const;

export class ListDeviationsQueryDto {
  @ApiPropertyOptional({ enum: DeviationStatus })
  @Optional()
  @IsEnum(DeviationStatus)
  status?: DeviationStatus;

  @ApiPropertyOptional({ enum: PRIORITIES })
  @Optional()
  @IsIn(PRIORITIES)
  prioritet?: Prioritet;

  @ApiPropertyOptional({ example: 'gränssnitt_mot_frågetjänster' })
  @Optional()
  @IsString()
  @MaxLength(100)
  del?: string;

  @ApiPropertyOptional({ enum: Miljo })
  @Optional()
  @IsEnum(Miljo)
  miljö?: Miljo;

  @ApiPropertyOptional({ example: 'SLA 4.8.1' })
  @Optional()
  @IsString()
  @MaxLength(200)
  kravreferens?: string;

  @ApiPropertyOptional({ description: 'Rapporterande användare (tokenets `sub`).' })
  @Optional()
  @IsString()
  @MaxLength(255)
  reporter?: string;

  @ApiPropertyOptional({ description: 'Endast SKR: en parts avvikelser.' })
  @Optional()
  @IsUUID('all')
  partyId?: string;

  @ApiPropertyOptional({ type: String, format: 'date-time' })
  @Optional()
  @Type(() => Date)
  @IsDate()
  createdFrom?: Date;

  @ApiPropertyOptional({ type: String, format: 'date-time' })
  @Optional()
  @Type(() => Date)
  @IsDate()
  createdTo?: Date;

  @ApiPropertyOptional({ type: String, format: 'date-time' })
  @Optional()
  @Type(() => Date)
  @IsDate()
  updatedFrom?: Date;

  @ApiPropertyOptional({ type: String, format: 'date-time' })
  @Optional()
  @Type(() => Date)
  @IsDate()
  updatedTo?: Date;

  @ApiPropertyOptional({ description: 'Fritextsökning (svensk textsökning) i rubrik, reproduktionssteg och utfall.', example: 'avvikelserna tidsgräns' })
  @Optional()
  @IsString()
  @MaxLength(200)
  q?: string;

  @ApiPropertyOptional({ enum: SORTABLE, default: 'created' })
  @Optional()
  @IsIn(SORTABLE)
  sort: (typeof SORTABLE)[number] = 'created';

  @ApiPropertyOptional({ enum: ['asc', 'desc'], default: 'desc' })
  @Optional()
  @IsIn(['asc', 'desc'])
  order: 'asc' | 'desc' = 'desc';

  @ApiPropertyOptional({ description: 'Markör från föregående sida (`nextCursor`).' })
  @Optional()
  @IsString()
  @MaxLength(500)
  @Matches(/^[A-Za-z0-9_-]+$/, { message: 'cursor must be a cursor returned by this API' })
  cursor?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 100, default: 25 })
  @Optional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  limit = 25;
}
