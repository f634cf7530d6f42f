import { ApiProperty } from '@nestjs/swagger';

/** A count per key (status, priority). */
const COUNTS = { type: 'object' as const, additionalProperties: { type: 'number' } };

export class OldestOpenDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() key: string;
  @ApiProperty() status: string;
  @ApiProperty() submittedAt: Date;
}

/** Open deviations summed up: a party's own as reporter, or those it is the responsible party of. */
export class OpenCasesDto {
  @ApiProperty({ ...COUNTS, description: 'Öppna avvikelser per prioritet.' }) openByPriority: Record<string, number>;
  @ApiProperty() open: number;
  @ApiProperty({ description: 'Öppna avvikelser där respons- eller åtgärdstiden har överskridits.' }) openBreached: number;
  @ApiProperty({ type: OldestOpenDto, nullable: true }) oldestOpen: OldestOpenDto | null;
}

/** A party's deviations as reporter (the top-level counts) and as responsible party (`concerningUs`). */
export class PartyOverviewDto {
  @ApiProperty({ format: 'uuid' }) partyId: string;
  @ApiProperty() partyName: string;
  @ApiProperty() agreementCode: string;
  @ApiProperty({ ...COUNTS, description: 'Alla avvikelser per status.' }) byStatus: Record<string, number>;
  @ApiProperty({ ...COUNTS, description: 'Öppna avvikelser per prioritet.' }) openByPriority: Record<string, number>;
  @ApiProperty() open: number;
  @ApiProperty({ description: 'Öppna avvikelser där respons- eller åtgärdstiden har överskridits.' }) openBreached: number;
  @ApiProperty({ ...COUNTS, description: 'Självdeklarationer per granskningsstatus.' }) declarationsByStatus: Record<string, number>;
  @ApiProperty({ type: OldestOpenDto, nullable: true }) oldestOpen: OldestOpenDto | null;
  @ApiProperty({ type: OpenCasesDto, description: 'Öppna avvikelser som parten är ansvarig part för, oavsett rapportör.' })
  concerningUs: OpenCasesDto;
}

export class OverviewResponseDto {
  @ApiProperty() generatedAt: Date;
  @ApiProperty({ type: [PartyOverviewDto] }) parties: PartyOverviewDto[];
}
