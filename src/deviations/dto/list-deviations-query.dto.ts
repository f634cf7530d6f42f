import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsDate, IsEnum, IsIn, IsString, MaxLength } from 'class-validator';
import { Optional } from '../../common/optional.decorator';
import { PAGE_SIZE, PageCursor, PageLimit } from '../../common/page-query';
import { PRIORITIES, type Prioritet } from '../../agreements/priority';
import { DeviationStatus, Miljö } from '../deviation.entity';
import { IsUuid } from '../../common/is-uuid.decorator';

export const SORTABLE = ['created', 'updated', 'prioritet', 'key'] as const;
export type SortField = (typeof SORTABLE)[number];

export const RELATIONS = ['rapporterad', 'ansvarig'] as const;
export type Relation = (typeof RELATIONS)[number];

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

  @ApiPropertyOptional({ enum: Miljö })
  @Optional()
  @IsEnum(Miljö)
  miljö?: Miljö;

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

  @ApiPropertyOptional({ description: 'Endast SKR: avvikelser som en part har rapporterat.' })
  @Optional()
  @IsUuid()
  partyId?: string;

  @ApiPropertyOptional({ description: 'Endast SKR: avvikelser som en part är ansvarig för.' })
  @Optional()
  @IsUuid()
  responsiblePartyId?: string;

  @ApiPropertyOptional({
    enum: RELATIONS,
    description: 'En parts koppling till avvikelsen: `rapporterad` (rapporterade av oss) eller `ansvarig` (gäller oss). Utan: båda.',
  })
  @Optional()
  @IsIn(RELATIONS)
  relation?: Relation;

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

  @ApiPropertyOptional({
    description: 'Fritextsökning (svensk textsökning) i rubrik, reproduktionssteg och utfall.',
    example: 'avvikelserna tidsgräns',
  })
  @Optional()
  @IsString()
  @MaxLength(200)
  q?: string;

  @ApiPropertyOptional({
    enum: SORTABLE,
    default: 'created',
    description: 'Sorteringsfält. `prioritet` fallande ger kritisk först och avvikelser utan prioritet sist.',
  })
  @Optional()
  @IsIn(SORTABLE)
  sort: SortField = 'created';

  @ApiPropertyOptional({ enum: ['asc', 'desc'], default: 'desc' })
  @Optional()
  @IsIn(['asc', 'desc'])
  order: 'asc' | 'desc' = 'desc';

  @PageCursor(500)
  cursor?: string;

  @PageLimit()
  limit: number = PAGE_SIZE.default;
}
