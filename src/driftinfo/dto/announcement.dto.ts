import { ApiProperty, ApiPropertyOptional, IntersectionType, PartialType, PickType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsBoolean, IsDate, IsIn, IsInt, IsString, IsUUID, Max, MaxLength, Min, MinLength } from 'class-validator';
import { Optional } from '../../common/optional.decorator';
import { SingleLine } from '../../common/single-line.transform';
import { type AnnouncementKind, type Severity } from '../drift-announcement.entity';

const KINDS: AnnouncementKind[] = ['driftstorning', 'planerad_andring'];
const SEVERITIES: Severity[] = ['lag', 'medel', 'hog', 'allvarlig'];

/** The fields of an announcement beside its title and impact, every one optional. */
class AnnouncementDetailsDto {
  @ApiPropertyOptional({ description: 'Berörs den centrala komponenten (Driftleverantörens)?' })
  @Optional()
  @IsBoolean()
  centralKomponent?: boolean;

  @ApiPropertyOptional({ description: 'Berörda bastjänster (koder).', type: [String], example: ['csn'] })
  @Optional()
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @MaxLength(40, { each: true })
  bastjänster?: string[];

  @ApiPropertyOptional({ maxLength: 200, description: 'Tom sträng: ingen engelsk rubrik (en uppdatering tar bort den).' })
  @Optional()
  @SingleLine()
  @IsString()
  @MaxLength(200)
  rubrikEn?: string;

  @ApiPropertyOptional({ maxLength: 2000, description: 'Tom sträng: ingen engelsk text (en uppdatering tar bort den).' })
  @Optional()
  @IsString()
  @MaxLength(2000)
  påverkanEn?: string;

  @ApiPropertyOptional({ enum: SEVERITIES, description: '`allvarlig` startar rutinen för allvarliga incidenter.' })
  @Optional()
  @IsIn(SEVERITIES)
  allvarlighet?: Severity;

  @ApiPropertyOptional({ description: 'Antal producerande myndigheter som fortfarande svarar (UC §4.9).', minimum: 0, maximum: 20 })
  @Optional()
  @IsInt()
  @Min(0)
  @Max(20)
  svarandeMyndigheter?: number;

  @ApiPropertyOptional({ description: 'Förväntat (störning) eller planerat (servicefönster) slut.', type: String, format: 'date-time' })
  @Optional()
  @Type(() => Date)
  @IsDate()
  förväntatSlut?: Date;

  @ApiPropertyOptional({ description: 'Intern: orsak. Publiceras aldrig.', maxLength: 4000 })
  @Optional()
  @IsString()
  @MaxLength(4000)
  orsak?: string;

  @ApiPropertyOptional({ description: 'Intern: åtgärdsplan. Publiceras aldrig.', maxLength: 4000 })
  @Optional()
  @IsString()
  @MaxLength(4000)
  åtgärdsplan?: string;

  @ApiPropertyOptional({ description: 'Uppdateringens text, som går ut till prenumeranter.', maxLength: 2000 })
  @Optional()
  @IsString()
  @MinLength(1)
  @MaxLength(2000)
  meddelande?: string;

  @ApiPropertyOptional({ maxLength: 2000 })
  @Optional()
  @IsString()
  @MaxLength(2000)
  meddelandeEn?: string;
}

export class CreateAnnouncementDto extends AnnouncementDetailsDto {
  @ApiProperty({ enum: KINDS, description: '`driftstorning` (oplanerad, UC §4.6.3) eller `planerad_andring` (servicefönster, §4.6.1).' })
  @IsIn(KINDS)
  typ: AnnouncementKind;

  @ApiProperty({ maxLength: 200, example: 'CSN svarar inte' })
  @SingleLine()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  rubrik: string;

  @ApiProperty({ description: 'Vad användarna märker, på klarspråk.', maxLength: 2000, example: 'Uppgifter från CSN saknas i svaren.' })
  @IsString()
  @MinLength(1)
  @MaxLength(2000)
  påverkan: string;

  @ApiProperty({ type: String, format: 'date-time' })
  @Type(() => Date)
  @IsDate()
  start: Date;

  @ApiPropertyOptional({ description: 'Ändringen ingår i en release (ingen varselregel).' })
  @Optional()
  @IsBoolean()
  release?: boolean;

  @ApiPropertyOptional({ description: 'Ändring av uppgiftsinnehållet i LEFI (två månaders varsel, seed 002 §3.1).' })
  @Optional()
  @IsBoolean()
  innehållsändring?: boolean;

  @ApiPropertyOptional({
    description: 'Motivering när en planerad ändring publiceras med kortare varsel än avtalet kräver.',
    maxLength: 2000,
  })
  @Optional()
  @IsString()
  @MinLength(1)
  @MaxLength(2000)
  undantagMotivering?: string;
}

/**
 * The fields an update may change, every one optional: the details, and the title and impact as publishing validates
 * them. Left out is kept; null is refused like a wrong value (`skipNullProperties: false`), as `@Optional()` does.
 */
export class UpdateAnnouncementDto extends IntersectionType(
  AnnouncementDetailsDto,
  PartialType(PickType(CreateAnnouncementDto, ['rubrik', 'påverkan'] as const), { skipNullProperties: false }),
) {}

export class ResolveAnnouncementDto {
  @ApiProperty({ description: 'När störningen upphörde eller arbetet avslutades.', type: String, format: 'date-time' })
  @Type(() => Date)
  @IsDate()
  slut: Date;

  @ApiPropertyOptional({ maxLength: 4000 })
  @Optional()
  @IsString()
  @MaxLength(4000)
  orsak?: string;

  @ApiPropertyOptional({ maxLength: 4000 })
  @Optional()
  @IsString()
  @MaxLength(4000)
  åtgärdsplan?: string;

  @ApiPropertyOptional({ maxLength: 2000 })
  @Optional()
  @IsString()
  @MinLength(1)
  @MaxLength(2000)
  meddelande?: string;

  @ApiPropertyOptional({ maxLength: 2000 })
  @Optional()
  @IsString()
  @MaxLength(2000)
  meddelandeEn?: string;
}

/** Why a planned change is called off: the same message fields an update sends to subscribers and the history. */
export class CancelAnnouncementDto extends PickType(AnnouncementDetailsDto, ['meddelande', 'meddelandeEn'] as const) {}

export class LinkDeviationDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  deviationId: string;
}

export class OngoingQueryDto {
  @ApiProperty({ description: 'Bastjänstens kod.', example: 'csn', maxLength: 40 })
  @IsString()
  @MaxLength(40)
  bastjänst: string;
}
