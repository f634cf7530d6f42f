import { applyDecorators } from '@nestjs/common';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsInt, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { Optional } from './optional.decorator';

/** Page sizes are clamped, not refused: a client asking for 1000 gets the largest page there is. */
export const PAGE_SIZE = { default: 25, max: 100 } as const;

const clampPageSize = ({ value }: { value: unknown }) => {
  const n = typeof value === 'string' && /^-?\d{1,12}$/.test(value.trim()) ? Number(value) : value;
  return typeof n === 'number' && Number.isInteger(n) ? Math.min(Math.max(n, 1), PAGE_SIZE.max) : value;
};

// applyDecorators applies in list order; the lists run bottom-up, as the same decorators stacked on a property would,
// so class-validator registers (and reports) the constraints in the order it always has.

/** The `cursor` query parameter of a keyset listing: a `nextCursor` this API wrote, at most `maxLength` characters. */
export function PageCursor(maxLength: number): PropertyDecorator {
  return applyDecorators(
    Matches(/^[A-Za-z0-9_-]+$/, { message: 'cursor must be a cursor returned by this API' }),
    MaxLength(maxLength),
    IsString(),
    Optional(),
    ApiPropertyOptional({ description: 'Markör från föregående sida (`nextCursor`).' }),
  );
}

/** The `limit` query parameter of a keyset listing, clamped to 1–{@link PAGE_SIZE}.max; initialise it to PAGE_SIZE.default. */
export function PageLimit(): PropertyDecorator {
  return applyDecorators(
    Max(PAGE_SIZE.max),
    Min(1),
    IsInt(),
    Transform(clampPageSize),
    Optional(),
    ApiPropertyOptional({
      minimum: 1,
      maximum: PAGE_SIZE.max,
      default: PAGE_SIZE.default,
      description: 'Sidstorlek; värden utanför 1–100 begränsas dit.',
    }),
  );
}
