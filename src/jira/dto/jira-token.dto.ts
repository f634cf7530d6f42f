import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsISO8601, IsOptional, IsString, Matches, MaxLength, MinLength } from 'class-validator';
import { type JiraApiToken } from '../jira-api-token.entity';
import { fingerprintOf } from '../jira-token-cipher';
import { type TokenInUse, tokenExpiresSoon } from '../jira-token-source';

/** Atlassian's tokens are about 190 characters; four times that leaves room for a longer kind, and bounds the row. */
export const TOKEN_MAX_LENGTH = 1024;

/** A new API token for the service account; sent once and never shown again. */
export class SetJiraTokenDto {
  @ApiProperty({
    writeOnly: true,
    minLength: 1,
    maxLength: TOKEN_MAX_LENGTH,
    pattern: '^[\\x21-\\x7E]+$',
    description: 'API-token för JIRA_EMAIL: synliga ASCII-tecken, utan mellanslag eller radbrytningar.',
  })
  @IsString()
  @MinLength(1)
  @MaxLength(TOKEN_MAX_LENGTH)
  // The token goes into a Basic authorization header: printable ASCII only, so a pasted line break or space is refused.
  @Matches(/^[\x21-\x7E]+$/, { message: 'token must be printable ASCII without spaces or line breaks' })
  token: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'När token går ut: från 30 dagar före varnar integrationen.' })
  @IsOptional()
  @IsISO8601({ strict: true })
  expiresAt?: string;
}

/** The token an SKR admin stored, as metadata: never the token. */
export class JiraStoredTokenDto {
  @ApiProperty({ example: '3f9a0c12be47', description: 'De första 12 hex-siffrorna av tokenets SHA-256.' }) fingerprint: string;
  @ApiProperty({ type: Date, nullable: true }) expiresAt: Date | null;
  @ApiProperty() setAt: Date;
  @ApiProperty({ description: 'Användar-id för SKR-admin som satte det.' }) setBy: string;
  @ApiProperty({ example: '5d2e9b10', description: 'Fingeravtryck av nyckeln det krypterades med.' }) keyId: string;
}

/** Which token the sync uses, and the one SKR admins stored (in use or not). */
export class JiraTokenDto {
  @ApiProperty({
    enum: ['file', 'stored', 'environment'],
    description: 'Varifrån synkningen tar token: JIRA_API_TOKEN_FILE, det SKR-admin satt, eller JIRA_API_TOKEN (i den ordningen).',
  })
  source: 'file' | 'stored' | 'environment';
  @ApiProperty({ type: String, nullable: true, description: 'SHA-256-prefix av token som används; null när det inte går att läsa.' })
  fingerprint: string | null;
  @ApiProperty({ type: Date, nullable: true, description: 'Det lagrade tokenets utgång, annars JIRA_TOKEN_EXPIRES_AT.' })
  expiresAt: Date | null;
  @ApiProperty({ description: 'Sant från 30 dagar före utgången.' }) expiresSoon: boolean;
  @ApiProperty({
    type: String,
    nullable: true,
    description:
      'Varför token inte går att använda (filen går inte att läsa, ingen nyckel dekrypterar det lagrade); integrationen pausas då.',
  })
  problem: string | null;
  @ApiProperty({ type: JiraStoredTokenDto, nullable: true }) stored: JiraStoredTokenDto | null;

  static from(inUse: TokenInUse, stored: JiraApiToken | null, now: Date): JiraTokenDto {
    return Object.assign(new JiraTokenDto(), {
      source: inUse.source,
      fingerprint: inUse.token === null ? null : fingerprintOf(inUse.token),
      expiresAt: inUse.expiresAt,
      expiresSoon: tokenExpiresSoon(inUse.expiresAt, now),
      problem: inUse.problem,
      stored: stored && {
        fingerprint: stored.fingerprint,
        expiresAt: stored.expiresAt,
        setAt: stored.setAt,
        setBy: stored.setBy,
        keyId: stored.keyId,
      },
    });
  }
}
