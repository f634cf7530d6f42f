import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsEmail, IsEnum, IsIn, IsOptional, IsString, Matches, MaxLength, MinLength } from 'class-validator';
import { Role } from '../../actor/role';
import { Optional } from '../../common/optional.decorator';
import { AppUser } from '../app-user.entity';
import { Trim } from '../../common/trim.transform';

export class CreateUserDto {
  @ApiProperty({ description: 'Tokenets `sub` för användaren eller klienten.', example: 'anna.andersson@goteborg.se' })
  @IsString()
  @Matches(/^[\x21-\x7e]{1,255}$/, { message: 'subject must be 1–255 printable ASCII characters without spaces' })
  subject: string;

  @ApiProperty({ example: 'Anna Andersson' })
  @Trim()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  name: string;

  @ApiPropertyOptional({ example: 'anna.andersson@goteborg.se' })
  @IsOptional()
  @IsEmail()
  @MaxLength(254)
  email?: string;

  @ApiProperty({ enum: Role, description: 'Partens roller: reporter, reader, admin. SKR-roller endast för SKR-användare.' })
  @IsEnum(Role)
  role: Role;

  @ApiPropertyOptional({ enum: ['sv', 'en'], default: 'sv' })
  @IsOptional()
  @IsIn(['sv', 'en'])
  language?: 'sv' | 'en';
}

export class UpdateUserDto {
  @ApiPropertyOptional()
  @Optional()
  @Trim()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  name?: string;

  @ApiPropertyOptional()
  @Optional()
  @IsEmail()
  @MaxLength(254)
  email?: string;

  @ApiPropertyOptional({ enum: Role })
  @Optional()
  @IsEnum(Role)
  role?: Role;

  @ApiPropertyOptional({ enum: ['sv', 'en'] })
  @Optional()
  @IsIn(['sv', 'en'])
  language?: 'sv' | 'en';

  @ApiPropertyOptional()
  @Optional()
  @IsBoolean()
  active?: boolean;
}

export class UserResponseDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiPropertyOptional({ format: 'uuid', nullable: true }) partyId: string | null;
  @ApiProperty() subject: string;
  @ApiProperty() name: string;
  @ApiPropertyOptional({ nullable: true }) email: string | null;
  @ApiProperty({ enum: Role }) role: Role;
  @ApiProperty({ enum: ['sv', 'en'] }) language: 'sv' | 'en';
  @ApiProperty() active: boolean;
  @ApiProperty() createdAt: Date;
  @ApiProperty() updatedAt: Date;

  static from(user: AppUser): UserResponseDto {
    return Object.assign(new UserResponseDto(), user);
  }
}
