import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, Matches, ValidationArguments, registerDecorator } from 'class-validator';
import { IsUuid } from '../../common/is-uuid.decorator';

/**
 * The months a KPI report can be asked for: from 2000-01 to December of next year. SSBTEK and its agreements are
 * younger than 2000, so earlier months can hold no data; next year is room for a report asked for across New Year in
 * another time zone. Outside that range month boundaries fall where nothing should compute them (year 0, year 10000
 * for the month after 9999-12): those were answered with a 500.
 */
const FIRST_REPORT_YEAR = 2000;

function IsReportMonth(): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'isReportMonth',
      target: target.constructor,
      propertyName: propertyName as string,
      options: {
        message: (args: ValidationArguments) =>
          `${args.property} must be between ${FIRST_REPORT_YEAR}-01 and ${new Date().getUTCFullYear() + 1}-12`,
      },
      validator: {
        validate: (value: unknown) => {
          // The shape is @Matches's to report; this judges only the year of a well-formed month.
          if (typeof value !== 'string' || !/^\d{4}-/.test(value)) return true;
          const year = Number(value.slice(0, 4));
          return year >= FIRST_REPORT_YEAR && year <= new Date().getUTCFullYear() + 1;
        },
      },
    });
}

export const KPI_VIEWS = ['ansvarig', 'rapporterad'] as const;
export type KpiView = (typeof KPI_VIEWS)[number];

export class KpiQueryDto {
  @ApiProperty({ example: '2026-11', description: 'Kalendermånad i avtalets tidszon, från 2000-01 till december nästa år.' })
  @Matches(/^\d{4}-(0[1-9]|1[0-2])$/, { message: 'month must be yyyy-mm' })
  @IsReportMonth()
  month: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUuid()
  partyId?: string;

  @ApiPropertyOptional({ enum: ['json', 'csv'], default: 'json' })
  @IsOptional()
  @IsIn(['json', 'csv'])
  format?: 'json' | 'csv';

  @ApiPropertyOptional({
    enum: KPI_VIEWS,
    default: 'ansvarig',
    description:
      '`ansvarig`: per ansvarig part (den som ska leverera; före triage räknas avvikelsen hos rapportören). `rapporterad`: per rapporterande part.',
  })
  @IsOptional()
  @IsIn(KPI_VIEWS)
  view?: KpiView;
}

/** Median and 90th percentile of a set of durations, in business hours. */
export class DurationStatsDto {
  @ApiProperty() count: number;
  @ApiProperty({ type: Number, nullable: true }) medianHours: number | null;
  @ApiProperty({ type: Number, nullable: true }) p90Hours: number | null;
}

export class KpiRowDto {
  @ApiProperty() month: string;
  @ApiProperty() agreementCode: string;
  @ApiProperty({ format: 'uuid' }) partyId: string;
  @ApiProperty() partyName: string;
  @ApiProperty({
    type: 'object',
    properties: { total: { type: 'number' }, byPriority: { type: 'object', additionalProperties: { type: 'number' } } },
    required: ['total', 'byPriority'],
    description: 'Incidenter mottagna under månaden (återkallade oräknade), per prioritet.',
  })
  received: { total: number; byPriority: Record<string, number> };
  @ApiProperty({
    type: 'object',
    properties: {
      total: { type: 'number' },
      withinTarget: { type: 'number' },
      outsideTarget: { type: 'number' },
      shareWithinTarget: { type: 'number', nullable: true },
      threshold: { type: 'number' },
      meetsThreshold: { type: 'boolean', nullable: true },
    },
    required: ['total', 'withinTarget', 'outsideTarget', 'shareWithinTarget', 'threshold', 'meetsThreshold'],
    description: 'Incidenter lösta under månaden, inom och utom åtgärdstiden, mot avtalets tröskel.',
  })
  solved: {
    total: number;
    withinTarget: number;
    outsideTarget: number;
    shareWithinTarget: number | null;
    threshold: number;
    meetsThreshold: boolean | null;
  };
  @ApiProperty({ description: 'Responstid för incidenter påbörjade under månaden, timmar inom supporttid.' })
  responseTime: DurationStatsDto;
  @ApiProperty({ description: 'Åtgärdstid för incidenter lösta under månaden, timmar inom supporttid.' }) resolutionTime: DurationStatsDto;
  @ApiProperty({
    type: 'object',
    properties: {
      asOf: { type: 'string', format: 'date-time' },
      total: { type: 'number' },
      byAgeDays: { type: 'object', additionalProperties: { type: 'number' } },
    },
    required: ['asOf', 'total', 'byAgeDays'],
    description: 'Öppna vid månadens slut (eller nu), efter ålder i kalenderdagar.',
  })
  backlog: { asOf: Date; total: number; byAgeDays: Record<string, number> };
}
