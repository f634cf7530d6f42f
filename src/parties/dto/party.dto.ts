import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional, type ApiPropertyOptions } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsBoolean, IsEnum, IsString, MaxLength, MinLength, ValidateBy } from 'class-validator';
import { normaliseEmailDomain } from '../email-domains';
import { Optional } from '../../common/optional.decorator';
import { IsOrganisationNumber } from '../organisation-number';
import { Party, PartyKind } from '../party.entity';
import { Trim } from '../../common/trim.transform';

const MAX_EMAIL_DOMAINS = 50;

/** Domains arrive in any case, with or without `@`; each is kept normalised and once. What is no domain stays to be refused. */
const NormaliseEmailDomains = () =>
  Transform(({ value }: { value: unknown }) =>
    Array.isArray(value) ? [...new Set(value.map((v: unknown) => (typeof v === 'string' ? (normaliseEmailDomain(v) ?? v) : v)))] : value,
  );

const IsEmailDomain = () =>
  ValidateBy(
    {
      name: 'isEmailDomain',
      validator: { validate: (value: unknown) => typeof value === 'string' && normaliseEmailDomain(value) === value },
    },
    { each: true, message: 'each of $property must be a domain name such as goteborg.se' },
  );

const EMAIL_DOMAINS_DOC: ApiPropertyOptions = {
  type: [String],
  example: ['goteborg.se'],
  maxItems: MAX_EMAIL_DOMAINS,
  description:
    'Partens registrerade e-postdomäner (SKR-admin). Kontaktpersoners adresser i dessa domäner (eller underdomäner) får e-post; ' +
    'andra adresser som inte tillhör en aktiv användare hålls tillbaka (`ej_bekräftad`).',
};

/** The party's registered e-mail domains, as creating and changing a party both take them. */
const EmailDomainsField = (): PropertyDecorator =>
  applyDecorators(
    ApiPropertyOptional(EMAIL_DOMAINS_DOC),
    Optional(),
    NormaliseEmailDomains(),
    IsArray(),
    ArrayMaxSize(MAX_EMAIL_DOMAINS),
    IsEmailDomain(),
  );

/** The party's roles beside `kind`, as creating and changing a party both take them. */
const AdditionalKindsField = (): PropertyDecorator =>
  applyDecorators(
    ApiPropertyOptional({
      enum: PartyKind,
      isArray: true,
      description: 'Partens övriga roller utöver `kind`, t.ex. Försäkringskassan: uppgiftslämnare och driftleverantör.',
    }),
    Optional(),
    IsArray(),
    ArrayMaxSize(4),
    IsEnum(PartyKind, { each: true }),
  );

export class CreatePartyDto {
  @ApiProperty({ enum: PartyKind, example: PartyKind.Uppgiftslämnare, description: 'Typ av part.' })
  @IsEnum(PartyKind)
  kind: PartyKind;

  @AdditionalKindsField()
  additionalKinds?: PartyKind[];

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

  @EmailDomainsField()
  emailDomains?: string[];
}

export class UpdatePartyDto {
  @ApiPropertyOptional({ enum: PartyKind })
  @Optional()
  @IsEnum(PartyKind)
  kind?: PartyKind;

  @AdditionalKindsField()
  additionalKinds?: PartyKind[];

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

  @EmailDomainsField()
  emailDomains?: string[];
}

export class PartyResponseDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: PartyKind }) kind: PartyKind;
  @ApiProperty({ enum: PartyKind, isArray: true }) additionalKinds: PartyKind[];
  @ApiProperty() name: string;
  @ApiProperty({ example: '2021005489' }) organisationNumber: string;
  @ApiProperty() active: boolean;
  @ApiProperty({ type: [String], example: ['goteborg.se'], description: 'Registrerade e-postdomäner.' }) emailDomains: string[];
  @ApiProperty({ example: 'UC_SSBTEK_2024', description: 'Avtalet som gäller för parten om inget annat bundits per bastjänst.' })
  agreementCode: string;
  @ApiProperty() createdAt: Date;
  @ApiProperty() updatedAt: Date;

  // Field by field: a relation loaded on the entity (agreement) or a new column must not reach the answer unasked.
  static from(party: Party): PartyResponseDto {
    const { id, kind, additionalKinds, name, organisationNumber, active, emailDomains, agreementCode, createdAt, updatedAt } = party;
    return Object.assign(new PartyResponseDto(), {
      id,
      kind,
      additionalKinds,
      name,
      organisationNumber,
      active,
      emailDomains,
      agreementCode,
      createdAt,
      updatedAt,
    });
  }
}
