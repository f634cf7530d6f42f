import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsEnum,
  IsInt,
  IsString,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { Optional } from '../../common/optional.decorator';
import { Miljö } from '../deviation.entity';
import { KontaktpersonDto } from './kontaktperson.dto';
import { SingleLine } from '../../common/single-line.transform';
import { Trim } from '../../common/trim.transform';

/** The fields a party reports (seed 000, "Avvikelsehantering"). All optional here: a draft may be incomplete. */
export class DeviationFieldsDto {
  @ApiPropertyOptional({
    description: 'Steg som återskapar avvikelsen. Krävs vid inskick om inte `skäl` anges.',
    example:
      '1. Logga in i verksamhetssystemet\n2. Sök testperson 3 (inga personnummer: texten speglas till Jira)\n3. Vänta på svar från CSN',
    maxLength: 20000,
  })
  @Optional()
  @Trim()
  @IsString()
  @MaxLength(20000)
  reproduktionssteg?: string;

  @ApiPropertyOptional({
    description: 'Varför ett krav inte kan uppfyllas. Krävs vid inskick om inte `reproduktionssteg` anges.',
    maxLength: 20000,
  })
  @Optional()
  @Trim()
  @IsString()
  @MaxLength(20000)
  skäl?: string;

  @ApiPropertyOptional({
    description: 'Vad som kännetecknar avvikelsen: resultatet eller situationen som uppnås. Krävs vid inskick.',
    example: 'Svar från CSN saknas efter 30 sekunder; anropet avbryts med timeout.',
    maxLength: 20000,
  })
  @Optional()
  @Trim()
  @IsString()
  @MaxLength(20000)
  utfall?: string;

  @ApiPropertyOptional({ description: 'Vad som borde ha hänt.', maxLength: 20000 })
  @Optional()
  @Trim()
  @IsString()
  @MaxLength(20000)
  förväntat?: string;

  @ApiPropertyOptional({
    description: 'Vilken del avvikelsen gäller; se `GET /api/v1/deviations/parts`.',
    example: 'gränssnitt_mot_frågetjänster',
  })
  @Optional()
  @SingleLine()
  @IsString()
  @MaxLength(100)
  del?: string;

  @ApiPropertyOptional({
    description:
      'Vilken bastjänst avvikelsen gäller, om någon; se `GET /api/v1/deviations/bastjanster`. Ledning för SKR:s val av ansvarig part.',
    example: 'transportstyrelsen',
  })
  @Optional()
  @SingleLine()
  @IsString()
  @MaxLength(100)
  bastjänst?: string;

  @ApiPropertyOptional({ enum: Miljö, example: Miljö.Produktion })
  @Optional()
  @IsEnum(Miljö)
  miljö?: Miljö;

  @ApiPropertyOptional({
    description: 'Kravet, avtalet eller överenskommelsen som avvikelsen bryter mot.',
    example: 'SLA 4.8.1',
    maxLength: 200,
  })
  @Optional()
  @SingleLine()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  kravreferens?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 4, description: 'Påverkan enligt UC §4.3: 1 totalt avbrott … 4 enstaka anrop.', example: 2 })
  @Optional()
  @IsInt()
  @Min(1)
  @Max(4)
  påverkan?: number;

  @ApiPropertyOptional({
    minimum: 1,
    maximum: 4,
    description:
      'Tidpunkt enligt UC §4.3: 1 kritisk period … 4 lågsäsong. Utelämnad när avvikelsen skapas föreslås den ur kalendern i partens avtal (se `GET /api/v1/deviations/timing-proposal`).',
    example: 3,
  })
  @Optional()
  @IsInt()
  @Min(1)
  @Max(4)
  tidpunkt?: number;

  @ApiPropertyOptional({ type: [KontaktpersonDto], description: 'Minst en kontaktperson krävs vid inskick.' })
  @Optional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(10)
  @ValidateNested({ each: true })
  @Type(() => KontaktpersonDto)
  kontaktpersoner?: KontaktpersonDto[];
}
