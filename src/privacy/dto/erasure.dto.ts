import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsEmail, IsString, MaxLength, MinLength } from 'class-validator';
import { Optional } from '../../common/optional.decorator';
import { SingleLine } from '../../common/single-line.transform';

/** Who is to be erased: the e-mail finds the contact person; name and phone add spellings to look for. */
export class CreateErasureDto {
  @ApiProperty({ example: 'anna.andersson@goteborg.se', description: 'Kontaktpersonens e-postadress.' })
  @SingleLine()
  @IsString()
  @MaxLength(254)
  @IsEmail()
  epost: string;

  @ApiPropertyOptional({ example: 'Anna Andersson', description: 'Namnet, om det står annorlunda än i avvikelsernas kontaktuppgifter.' })
  @Optional()
  @SingleLine()
  @IsString()
  @MinLength(3)
  @MaxLength(200)
  namn?: string;

  @ApiPropertyOptional({ example: '070-123 45 67', description: 'Telefonnumret, om det står annorlunda än i kontaktuppgifterna.' })
  @Optional()
  @SingleLine()
  @IsString()
  @MinLength(5)
  @MaxLength(40)
  telefon?: string;
}

export class ErasureResponseDto {
  @ApiProperty({ example: 'raderad-3f9a1c07', description: 'Det som nu står i stället för personen; granskningsloggen bär bara detta.' })
  pseudonym: string;

  @ApiProperty({ description: 'Avvikelser där personen fanns; deras Jira-ärenden skrivs om av synken.' })
  deviationIds: string[];

  @ApiProperty({ description: 'Antal ändrade rader i alla tabeller.' })
  changedRows: number;
}
