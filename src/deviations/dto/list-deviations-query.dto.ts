import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsDate, IsEnum, IsIn, IsInt, IsString, IsUUID, Matches, Max, MaxLength, Min } from 'class-validator';
import { Optional } from '../../common/optional.decorator';
import { PRIORITIES, type Prioritet } from '../../agreements/priority';
import { DeviationStatus, Miljö } from '../deviation.entity';

export const SORTABLE = ['created', 'updated', 'prioritet', 'key'] as const;
export type SortField = (typeof SORTABLE)[number];

/** Page sizes are clamped, not refused: a client asking for 1000 gets the largest page there is. */
export const PAGE_SIZE = { default: 25, max: 100 } as const;

const clampPageSize = ({ value }: { value: unknown }) => {
  const n = typeof value === 'string' && /^-?\d{1,12}$/.test(value.trim()) ? Number(value) : value;
  return typeof n === 'number' && Number.isInteger(n) ? Math.min(Math.max(n, 1), PAGE_SIZE.max) : value;
};

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

  @ApiPropertyOptional({ description: 'Markör från föregående sida (`nextCursor`).' })
  @Optional()
  @IsString()
  @MaxLength(500)
  @Matches(/^[A-Za-z0-9_-]+$/, { message: 'cursor must be a cursor returned by this API' })
  cursor?: string;

  @ApiPropertyOptional({
    minimum: 1,
    maximum: PAGE_SIZE.max,
    default: PAGE_SIZE.default,
    description: 'Sidstorlek; värden utanför 1–100 begränsas dit.',
  })
  @Optional()
  @Transform(clampPageSize)
  @IsInt()
  @Min(1)
  @Max(PAGE_SIZE.max)
  limit: number = PAGE_SIZE.default;
}
