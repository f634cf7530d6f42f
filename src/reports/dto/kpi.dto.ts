import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsUUID, Matches } from 'class-validator';

export class KpiQueryDto {
  @ApiProperty({ example: '2026-11', description: 'Kalendermånad i avtalets tidszon.' })
  @Matches(/^\d{4}-(0[1-9]|1[0-2])$/, { message: 'month must be yyyy-mm' })
  month: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  partyId?: string;

  @ApiPropertyOptional({ enum: ['json', 'csv'], default: 'json' })
  @IsOptional()
  @IsIn(['json', 'csv'])
  format?: 'json' | 'csv';
}

/** Median and 90th percentile of a set of durations, in business hours. */
export class DurationStatsDto {
  @ApiProperty() count: number;
  @ApiPropertyOptional({ nullable: true }) medianHours: number | null;
  @ApiPropertyOptional({ nullable: true }) p90Hours: number | null;
}

export class KpiRowDto {
  @ApiProperty() month: string;
  @ApiProperty() agreementCode: string;
  @ApiProperty({ format: 'uuid' }) partyId: string;
  @ApiProperty() partyName: string;
  @ApiProperty({ description: 'Incidenter mottagna under månaden (återkallade oräknade), per prioritet.' })
  received: { total: number; byPriority: Record<string, number> };
  @ApiProperty({ description: 'Incidenter lösta under månaden, inom och utom åtgärdstiden, mot avtalets tröskel.' })
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
  @ApiProperty({ description: 'Öppna vid månadens slut (eller nu), efter ålder i kalenderdagar.' })
  backlog: { asOf: Date; total: number; byAgeDays: Record<string, number> };
}
