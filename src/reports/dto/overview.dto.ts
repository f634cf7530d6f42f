import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class OldestOpenDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() key: string;
  @ApiProperty() status: string;
  @ApiProperty() submittedAt: Date;
}

export class PartyOverviewDto {
  @ApiProperty({ format: 'uuid' }) partyId: string;
  @ApiProperty() partyName: string;
  @ApiProperty() agreementCode: string;
  @ApiProperty({ description: 'Alla avvikelser per status.' }) byStatus: Record<string, number>;
  @ApiProperty({ description: 'Öppna avvikelser per prioritet.' }) openByPriority: Record<string, number>;
  @ApiProperty() open: number;
  @ApiProperty({ description: 'Öppna avvikelser där respons- eller åtgärdstiden har överskridits.' }) openBreached: number;
  @ApiProperty({ description: 'Självdeklarationer per granskningsstatus.' }) declarationsByStatus: Record<string, number>;
  @ApiPropertyOptional({ nullable: true }) oldestOpen: OldestOpenDto | null;
}

export class OverviewResponseDto {
  @ApiProperty() generatedAt: Date;
  @ApiProperty({ type: [PartyOverviewDto] }) parties: PartyOverviewDto[];
}
