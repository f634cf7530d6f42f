import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsEnum, IsString, MaxLength, MinLength } from 'class-validator';
import { Optional } from '../../common/optional.decorator';
import { IsOrganisationNumber } from '../organisation-number';
import { Party, PartyKind } from '../party.entity';
import { Trim } from '../../common/trim.transform';

export class CreatePartyDto {
  @ApiProperty({ enum: PartyKind, example: PartyKind.Uppgiftslämnare, description: 'Typ av part.' })
  @IsEnum(PartyKind)
  kind: PartyKind;

  @ApiProperty({ example: 'Försäkringskassan', maxLength: 200 })
  @Trim()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  name: string;

  @ApiProperty({ example: '202100-5489', description: 'Organisationsnummer (kontrollsiffran kontrolleras).' })
  @IsString()
  @MaxLength(20)
  @IsOrganisationNumber()
  organisationNumber: string;
}

export class UpdatePartyDto {
  @ApiPropertyOptional({ enum: PartyKind })
  @Optional()
  @IsEnum(PartyKind)
  kind?: PartyKind;

  @ApiPropertyOptional({ maxLength: 200 })
  @Optional()
  @Trim()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  name?: string;

  @ApiPropertyOptional({ example: '202100-5489' })
  @Optional()
  @IsString()
  @MaxLength(20)
  @IsOrganisationNumber()
  organisationNumber?: string;

  @ApiPropertyOptional({ description: 'Inaktiv part kan inte logga in.' })
  @Optional()
  @IsBoolean()
  active?: boolean;
}

export class PartyResponseDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: PartyKind }) kind: PartyKind;
  @ApiProperty() name: string;
  @ApiProperty({ example: '2021005489' }) organisationNumber: string;
  @ApiProperty() active: boolean;
  @ApiProperty() createdAt: Date;
  @ApiProperty() updatedAt: Date;

  static from(party: Party): PartyResponseDto {
    return Object.assign(new PartyResponseDto(), party);
  }
}
