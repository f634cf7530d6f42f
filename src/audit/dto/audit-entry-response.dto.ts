import { ApiProperty } from '@nestjs/swagger';
import { AuditEntry } from '../audit-entry.entity';

export class AuditEntryResponseDto {
  @ApiProperty({
    format: 'uuid',
    description:
      'Postens id; skicka som `before` för nästa sida. Slumpmässigt, så att det inte avslöjar hur många poster andra parter har.',
  })
  id: string;
  @ApiProperty() occurredAt: Date;
  @ApiProperty() actorUserId: string;
  @ApiProperty({ type: String, nullable: true }) actorPartyId: string | null;
  @ApiProperty({ type: String, nullable: true }) requestId: string | null;
  @ApiProperty({ example: 'party.updated' }) action: string;
  @ApiProperty({ example: 'party' }) entityType: string;
  @ApiProperty() entityId: string;
  @ApiProperty({ type: String, nullable: true }) partyId: string | null;
  @ApiProperty({ description: 'Fältvisa ändringar: `{ fält: { from, to } }`.', type: Object }) changes: Record<string, unknown>;

  static from(entry: AuditEntry): AuditEntryResponseDto {
    const { internal: _internal, id: _sequence, publicId, ...visible } = entry;
    return Object.assign(new AuditEntryResponseDto(), { id: publicId, ...visible });
  }
}
