import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsEmail, IsString, MaxLength, MinLength, registerDecorator } from 'class-validator';
import { parsePhoneNumberFromString } from 'libphonenumber-js';
import { SingleLine } from '../../common/single-line.transform';

/** Swedish and international numbers to E.164 ("070-123 45 67" → "+46701234567"); null when it is no number. */
export function normalisePhone(input: unknown): string | null {
  if (typeof input !== 'string' || input.length > 40) return null;
  const parsed = parsePhoneNumberFromString(input, 'SE');
  return parsed?.isValid() ? parsed.number : null;
}

function IsPhoneNumber(): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'isPhoneNumber',
      target: target.constructor,
      propertyName: propertyName as string,
      options: { message: '$property must be a Swedish or international phone number' },
      validator: { validate: (value: unknown) => typeof value === 'string' && value.startsWith('+') },
    });
}

export class KontaktpersonDto {
  @ApiProperty({ example: 'Anna Andersson', description: 'Namn på den som rapporterar.' })
  @SingleLine()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  namn: string;

  @ApiProperty({ example: '070-123 45 67', description: 'Telefonnummer; lagras i E.164-format (+46701234567).' })
  @Transform(({ value }) => normalisePhone(value) ?? value)
  @IsString()
  @IsPhoneNumber()
  telefon: string;

  @ApiProperty({ example: 'anna.andersson@goteborg.se' })
  @SingleLine()
  @IsString()
  @MaxLength(254)
  @IsEmail()
  epost: string;
}
