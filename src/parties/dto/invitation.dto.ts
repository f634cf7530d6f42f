import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsEmail, IsEnum, IsIn, IsOptional, IsString, Matches, MaxLength, MinLength } from 'class-validator';
import { Role } from '../../actor/role';
import { Trim } from '../../common/trim.transform';
import { Invitation } from '../invitation.entity';

export class CreateInvitationDto {
  @ApiProperty({
    description: 'E-postadressen inbjudan skickas till. Personen binds först när hen själv loggar in och accepterar.',
    example: 'anna.andersson@goteborg.se',
  })
  @IsEmail()
  @MaxLength(254)
  email: string;

  @ApiProperty({ example: 'Anna Andersson' })
  @Trim()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  name: string;

  @ApiProperty({
    enum: Role,
    description: 'För en part: reporter, reader eller admin. SKR-roller (skr, skr-admin) endast i SKR:s egna inbjudningar.',
  })
  @IsEnum(Role)
  role: Role;

  @ApiPropertyOptional({ enum: ['sv', 'en'], default: 'sv' })
  @IsOptional()
  @IsIn(['sv', 'en'])
  language?: 'sv' | 'en';
}

export class AcceptInvitationDto {
  @ApiProperty({ description: 'Engångskoden från inbjudans e-post.', example: 'q1Zr0m3k8b0Y3xgk7yH8c1tq0Jm2mVQkq3oY0l8nR9E' })
  @IsString()
  @Matches(/^[A-Za-z0-9_-]{43}$/, { message: 'secret must be the 43-character code from the invitation e-mail' })
  secret: string;
}

/** Where an invitation stands, decided from its timestamps and the clock. */
export type InvitationStatus = 'öppen' | 'accepterad' | 'återkallad' | 'utgången';

export class InvitationResponseDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'Null för en SKR-inbjudan.' }) partyId: string | null;
  @ApiProperty() email: string;
  @ApiProperty() name: string;
  @ApiProperty({ enum: Role }) role: Role;
  @ApiProperty({ enum: ['sv', 'en'] }) language: 'sv' | 'en';
  @ApiProperty({ enum: ['öppen', 'accepterad', 'återkallad', 'utgången'] }) status: InvitationStatus;
  @ApiProperty() expiresAt: Date;
  @ApiProperty({ type: Date, nullable: true, description: 'När e-posten med koden lämnades till e-postservern.' }) mailedAt: Date | null;
  @ApiProperty({ type: Date, nullable: true }) acceptedAt: Date | null;
  @ApiProperty({ type: Date, nullable: true }) revokedAt: Date | null;
  @ApiProperty() createdAt: Date;

  static from(invitation: Invitation, now: Date): InvitationResponseDto {
    const status: InvitationStatus = invitation.acceptedAt
      ? 'accepterad'
      : invitation.revokedAt
        ? 'återkallad'
        : invitation.expiresAt <= now
          ? 'utgången'
          : 'öppen';
    const { id, partyId, email, name, role, language, expiresAt, mailedAt, acceptedAt, revokedAt, createdAt } = invitation;
    return Object.assign(new InvitationResponseDto(), {
      id,
      partyId,
      email,
      name,
      role,
      language,
      status,
      expiresAt,
      mailedAt,
      acceptedAt,
      revokedAt,
      createdAt,
    });
  }
}
