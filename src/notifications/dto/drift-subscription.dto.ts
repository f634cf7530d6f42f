import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, ArrayUnique, IsArray, IsBoolean, IsEmail, IsIn, IsOptional, Matches, MaxLength } from 'class-validator';

const BASTJANST = /^[a-z0-9_-]{1,40}$/;
const MAX_BASTJANSTER = 50;

export class UpdateDriftSubscriptionDto {
  @ApiProperty({ description: 'Prenumerationen på eller av.' })
  @IsBoolean()
  aktiv: boolean;

  @ApiProperty({ description: 'E-post om driftstörningar.' })
  @IsBoolean()
  driftstörningar: boolean;

  @ApiProperty({ description: 'E-post om planerade ändringar (servicefönster).' })
  @IsBoolean()
  planeradeÄndringar: boolean;

  @ApiPropertyOptional({ type: [String], description: 'Bastjänsternas koder; tom eller utelämnad: alla.', example: ['csn'] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MAX_BASTJANSTER)
  @ArrayUnique()
  @Matches(BASTJANST, { each: true })
  bastjänster?: string[];
}

export class DriftSubscriptionResponseDto {
  @ApiProperty() aktiv: boolean;
  @ApiProperty() driftstörningar: boolean;
  @ApiProperty() planeradeÄndringar: boolean;
  @ApiProperty({ type: [String], description: 'Tom: alla bastjänster.' }) bastjänster: string[];
}

/** A municipality's IT desk (or anyone) asks for driftinformation by e-mail; confirmed by a link (double opt-in). */
export class PublicSubscribeDto {
  @ApiProperty({ description: 'Adressen som ska få e-post. En bekräftelselänk skickas dit.', example: 'it@kommun.se' })
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim().toLowerCase() : value))
  @IsEmail()
  @MaxLength(254)
  epost: string;

  @ApiPropertyOptional({ description: 'E-post om driftstörningar (standard: ja).' })
  @IsOptional()
  @IsBoolean()
  driftstörningar?: boolean;

  @ApiPropertyOptional({ description: 'E-post om planerade ändringar (standard: ja).' })
  @IsOptional()
  @IsBoolean()
  planeradeÄndringar?: boolean;

  @ApiPropertyOptional({ type: [String], description: 'Bastjänsternas koder; utelämnad: alla.' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MAX_BASTJANSTER)
  @ArrayUnique()
  @Matches(BASTJANST, { each: true })
  bastjänster?: string[];

  @ApiPropertyOptional({ enum: ['sv', 'en'], description: 'E-postens språk (standard: sv).' })
  @IsOptional()
  @IsIn(['sv', 'en'])
  språk?: 'sv' | 'en';
}

export class SubscribeAcceptedDto {
  @ApiProperty({ enum: ['mottagen'], description: 'Alltid detsamma, vilken adress det än gäller.' })
  status: 'mottagen';

  @ApiProperty({ description: 'Vad som händer nu.' })
  meddelande: string;
}
