import { ApiExtraModels, ApiProperty, ApiPropertyOptional, getSchemaPath } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsDateString, IsIn, IsObject, IsString, MaxLength, MinLength, ValidateNested } from 'class-validator';
import { Optional } from '../../common/optional.decorator';
import { Trim } from '../../common/trim.transform';
import { CreateDeviationDto } from '../../deviations/dto/create-deviation.dto';
import { ReviewOutcome } from '../declaration-review.entity';
import { DeclarationStatus } from '../declaration.entity';
import { IsUuid } from '../../common/is-uuid.decorator';

export class CreateDeclarationDto {
  @ApiProperty({ format: 'uuid', description: 'En publicerad mallversion; deklarationen låses till den.' })
  @IsUuid()
  templateId: string;
}

export class ListDeclarationsQueryDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'Endast SKR: filtrera på part.' })
  @Optional()
  @IsUuid()
  partyId?: string;

  @ApiPropertyOptional({ enum: DeclarationStatus })
  @Optional()
  @IsIn(Object.values(DeclarationStatus))
  status?: DeclarationStatus;
}

/** A pointer at the specific test result inside an attachment of a cited deviation. */
export class EvidenceDto {
  @ApiProperty({ format: 'uuid', description: 'En bilaga till en av svarets citerade avvikelser.' })
  @IsUuid()
  attachmentId: string;

  @ApiProperty({ example: 'Sida 4, figur 2', description: 'Var i bilagan: sida, figur eller stycke.', maxLength: 500 })
  @Trim()
  @IsString()
  @MinLength(1)
  @MaxLength(500)
  locator: string;
}

/** One answer. Validated per question key by the service, so errors point at `/answers/<key>/…`. */
export class AnswerDto {
  @ApiProperty({
    description:
      '`ja`, `nej` eller `ej_relevant` för ja/nej-frågor; annars texten, datumet (ÅÅÅÅ-MM-DD), organisationsnumret eller alternativets nyckel.',
    maxLength: 20000,
  })
  @Trim()
  @IsString()
  @MinLength(1)
  @MaxLength(20000)
  svar: string;

  @ApiPropertyOptional({ description: 'Krävs som motivering när svaret är `ej_relevant`.', maxLength: 20000 })
  @Optional()
  @Trim()
  @IsString()
  @MaxLength(20000)
  kommentar?: string;

  @ApiPropertyOptional({
    type: [String],
    description: 'Kända avvikelser (nyckel som AVV-2026-00042 eller id); krävs minst en när svaret är `nej`.',
  })
  @Optional()
  @IsArray()
  @ArrayMaxSize(50)
  @IsString({ each: true })
  @MaxLength(100, { each: true })
  citations?: string[];

  @ApiPropertyOptional({ type: [EvidenceDto] })
  @Optional()
  @IsArray()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => EvidenceDto)
  evidence?: EvidenceDto[];

  @ApiPropertyOptional({
    type: CreateDeviationDto,
    description: 'En ännu inte registrerad avvikelse; registreras och skickas in när deklarationen skickas in.',
  })
  @Optional()
  @ValidateNested()
  @Type(() => CreateDeviationDto)
  newDeviation?: CreateDeviationDto;
}

// A map's value type is no property type, so nothing else would put AnswerDto into the document: the $ref dangled.
@ApiExtraModels(AnswerDto)
export class UpdateAnswersDto {
  @ApiProperty({
    type: 'object',
    additionalProperties: { $ref: getSchemaPath(AnswerDto) },
    description: 'Svar per frågenyckel i mallen. Nycklar som utelämnas lämnas orörda; `null` tar bort svaret.',
  })
  @IsObject()
  answers: Record<string, unknown>;
}

export class KnownDeviationsDto {
  @ApiProperty({ type: [String], description: 'Avvikelser (nyckel eller id) som kvarstår vid driftstart.' })
  @IsArray()
  @ArrayMaxSize(200)
  @IsString({ each: true })
  @MaxLength(100, { each: true })
  deviations: string[];
}

export class SignatureDto {
  @ApiProperty({ example: 'Anna Andersson', description: 'Kontaktpersonens namn.', maxLength: 200 })
  @Trim()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  namn: string;

  @ApiProperty({ example: '2026-03-01', description: 'Godkännandedatum (ÅÅÅÅ-MM-DD).' })
  @IsDateString({ strict: true, strictSeparator: true })
  @MaxLength(10)
  datum: string;
}

export class CreateReviewDto {
  @ApiProperty({ enum: ReviewOutcome })
  @IsIn(Object.values(ReviewOutcome))
  outcome: ReviewOutcome;

  @ApiProperty({ example: 'Eva Ek', description: 'Granskarens namn, som i mallens "Resultat".', maxLength: 200 })
  @Trim()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  reviewerName: string;

  @ApiPropertyOptional({ maxLength: 20000 })
  @Optional()
  @Trim()
  @IsString()
  @MaxLength(20000)
  comment?: string;

  @ApiPropertyOptional({
    example: '2026-05-01',
    description: 'Krävs vid `godkänd_med_förbehåll`: överenskommet datum för rättningar och omtester.',
  })
  @Optional()
  @IsDateString({ strict: true, strictSeparator: true })
  @MaxLength(10)
  agreedDate?: string;

  @ApiPropertyOptional({ description: 'Krävs vid `icke_godkänd`: den nya tidplanen.', maxLength: 5000 })
  @Optional()
  @Trim()
  @IsString()
  @MinLength(1)
  @MaxLength(5000)
  newTimetable?: string;

  @ApiPropertyOptional({
    type: [String],
    description: 'Vid `godkänd_med_förbehåll`: frågenycklar som öppnas för komplettering (tomt = hela deklarationen).',
  })
  @Optional()
  @IsArray()
  @ArrayMaxSize(500)
  @IsString({ each: true })
  @MaxLength(200, { each: true })
  items?: string[];
}

export class CitableDeviationsQueryDto {
  @ApiPropertyOptional({ description: 'Nyckel (AVV-…) eller fritext i rubrik, steg och utfall.', maxLength: 200 })
  @Optional()
  @IsString()
  @MaxLength(200)
  q?: string;
}
