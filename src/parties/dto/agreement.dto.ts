import { ApiProperty } from '@nestjs/swagger';
import { IsObject, IsString, MaxLength } from 'class-validator';
import type { AgreementDefinition } from '../../agreements/agreements';
import { Party } from '../party.entity';
import { Agreement } from '../agreement.entity';

export class CreateAgreementDto {
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description: 'Hela avtalsdefinitionen (samma form som de levererade avtalen). En ny version får en ny kod.',
  })
  @IsObject()
  definition: Record<string, unknown>;
}

export class BindAgreementDto {
  @ApiProperty({ example: 'UC_SSBTEK_2024' })
  @IsString()
  @MaxLength(100)
  agreementCode: string;
}

export class AgreementResponseDto {
  @ApiProperty() code: string;
  @ApiProperty() name: string;
  @ApiProperty() version: string;
  @ApiProperty({ type: 'object', additionalProperties: true }) definition: AgreementDefinition;
  @ApiProperty() createdAt: Date;

  static from(a: Agreement): AgreementResponseDto {
    return Object.assign(new AgreementResponseDto(), {
      code: a.code,
      name: a.name,
      version: a.version,
      definition: a.definition,
      createdAt: a.createdAt,
    });
  }
}

export class PartyAgreementResponseDto {
  @ApiProperty({ format: 'uuid' }) partyId: string;
  @ApiProperty() agreementCode: string;

  static from(p: Party): PartyAgreementResponseDto {
    return Object.assign(new PartyAgreementResponseDto(), { partyId: p.id, agreementCode: p.agreementCode });
  }
}

export class AgreementBindingResponseDto {
  @ApiProperty({ format: 'uuid' }) partyId: string;
  @ApiProperty({ example: 'lefi_online' }) bastjänst: string;
  @ApiProperty({ type: String, nullable: true, description: 'null: bindningen är borttagen och partens standardavtal gäller.' })
  agreementCode: string | null;

  static from(b: { partyId: string; bastjänst: string; agreementCode: string | null }): AgreementBindingResponseDto {
    return Object.assign(new AgreementBindingResponseDto(), { partyId: b.partyId, bastjänst: b.bastjänst, agreementCode: b.agreementCode });
  }
}
