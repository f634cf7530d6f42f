import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsString, MaxLength, MinLength } from 'class-validator';
import { Optional } from '../../common/optional.decorator';
import { DeviationFieldsDto } from './deviation-fields.dto';
import { SingleLine } from '../../common/single-line.transform';

export class CreateDeviationDto extends DeviationFieldsDto {
  @ApiProperty({ description: 'En tydlig rubrik som sammanfattar avvikelsen.', example: 'Svarstider över 30 s mot CSN', maxLength: 200 })
  @SingleLine()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  rubrik: string;
}

export class UpdateDeviationDto extends DeviationFieldsDto {
  @ApiPropertyOptional({ maxLength: 200 })
  @Optional()
  @SingleLine()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  rubrik?: string;
}
