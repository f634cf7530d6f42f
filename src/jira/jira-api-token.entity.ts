import { Check, Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * The API token an SKR admin set (one row, or none): sealed with AES-256-GCM under a key from the configuration (see
 * jira-token-cipher.ts). The sealed parts are never selected by default; the fingerprint and the rest are metadata.
 */
@Entity({ name: 'jira_api_token' })
@Check('ck_jira_api_token_one_row', `id = 1`)
export class JiraApiToken {
  @PrimaryColumn({ type: 'smallint', default: 1 })
  id: number;

  /** The fingerprint of the key that sealed it: JIRA_TOKEN_ENCRYPTION_KEY, or _PREVIOUS after a key rotation. */
  @Column({ type: 'text' })
  keyId: string;

  /** Random per write, so it also names the write: the token source's cache is keyed on it. */
  @Column({ type: 'bytea' })
  iv: Buffer;

  @Column({ type: 'bytea', select: false })
  ciphertext: Buffer;

  @Column({ type: 'bytea', select: false })
  authTag: Buffer;

  /** The first 12 hex digits of the token's SHA-256 (fingerprintOf). */
  @Column({ type: 'text' })
  fingerprint: string;

  /** When the token expires, as the admin said: feeds the 30-day warning while this token is in use. */
  @Column({ type: 'timestamptz', nullable: true })
  expiresAt: Date | null;

  @Column({ type: 'timestamptz' })
  setAt: Date;

  /** The user id of the SKR admin who set it. */
  @Column({ type: 'text' })
  setBy: string;
}
