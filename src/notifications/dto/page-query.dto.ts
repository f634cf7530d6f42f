import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsInt, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { Optional } from '../../common/optional.decorator';

/** Page sizes are clamped, not refused: a client asking for 1000 gets the largest page there is. */
export const PAGE_SIZE = { default: 25, max: 100 } as const;

const clampPageSize = ({ value }: { value: unknown }) => {
  const n = typeof value === 'string' && /^-?\d{1,12}$/.test(value.trim()) ? Number(value) : value;
  return typeof n === 'number' && Number.isInteger(n) ? Math.min(Math.max(n, 1), PAGE_SIZE.max) : value;
};

/** Keyset pagination, newest first. */
export class PageQueryDto {
  @ApiPropertyOptional({ description: 'Markör från föregående sida (`nextCursor`).' })
  @Optional()
  @IsString()
  @MaxLength(200)
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
