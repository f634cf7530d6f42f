import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsEmail, IsEnum, IsIn, IsString, MaxLength, MinLength } from 'class-validator';
import { Role } from '../../actor/role';
import { Optional } from '../../common/optional.decorator';
import { AppUser } from '../app-user.entity';
import { Trim } from '../../common/trim.transform';

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

/** A membership: one person's place in the party. */
export class UserResponseDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) partyId: string | null;
  @ApiProperty({ description: 'Personens `sub` hos identitetsutgivaren, bunden när personen accepterade inbjudan.' }) subject: string;
  @ApiProperty() name: string;
  @ApiProperty({ type: String, nullable: true }) email: string | null;
  @ApiProperty({ enum: Role }) role: Role;
  @ApiProperty({ enum: ['sv', 'en'] }) language: 'sv' | 'en';
  @ApiProperty() active: boolean;
  @ApiProperty() createdAt: Date;
  @ApiProperty() updatedAt: Date;

  static from(user: AppUser): UserResponseDto {
    const { id, partyId, subject, name, email, role, language, active, createdAt, updatedAt } = user;
    return Object.assign(new UserResponseDto(), { id, partyId, subject, name, email, role, language, active, createdAt, updatedAt });
  }
}
