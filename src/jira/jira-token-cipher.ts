// The API token an SKR admin sets, encrypted for its row in jira_api_token: AES-256-GCM under a key from the
// configuration (JIRA_TOKEN_ENCRYPTION_KEY), never one kept in the same database, so a copy of the database alone does
// not give the token away. No Nest or TypeORM here: the service and the token source both use it.
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

/** GCM's recommended nonce size; a fresh random one per write, never reused under a key. */
const IV_BYTES = 12;
const KEY_BYTES = 32;

/** What is stored of one token: which key sealed it, the nonce, the ciphertext and GCM's tag. */
export interface SealedToken {
  keyId: string;
  iv: Buffer;
  ciphertext: Buffer;
  authTag: Buffer;
}

/** The stored token cannot be opened; the message says why (no key, another key, a tampered row), never the token. */
export class TokenCipherError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TokenCipherError';
  }
}

/**
 * A short public name of a key or a token: the first 12 hex digits of its SHA-256. It identifies without revealing
 * (48 bits of a hash of a random secret), so SKR can compare it with `printf %s "$TOKEN" | sha256sum | cut -c1-12`.
 */
export const fingerprintOf = (secret: string | Buffer): string => createHash('sha256').update(secret).digest('hex').slice(0, 12);

export class JiraTokenCipher {
  private readonly current: Key | undefined;
  private readonly previous: Key | undefined;

  /** `current` seals every write; `previous` (during a key rotation) only opens rows sealed before it. */
  constructor(current: string | undefined, previous?: string) {
    this.current = current ? keyOf(current) : undefined;
    this.previous = previous ? keyOf(previous) : undefined;
  }

  /** Whether a token can be sealed at all: JIRA_TOKEN_ENCRYPTION_KEY is set. */
  get canSeal(): boolean {
    return this.current !== undefined;
  }

  seal(token: string): SealedToken {
    const { current } = this;
    if (!current) throw new TokenCipherError('JIRA_TOKEN_ENCRYPTION_KEY is not set');
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', current.key, iv);
    const ciphertext = Buffer.concat([cipher.update(token, 'utf8'), cipher.final()]);
    return { keyId: current.id, iv, ciphertext, authTag: cipher.getAuthTag() };
  }

  open(sealed: SealedToken): string {
    const match = [this.current, this.previous].find((k) => k?.id === sealed.keyId);
    if (!match) {
      throw new TokenCipherError(
        `the stored Jira token was encrypted under key ${sealed.keyId}, which is neither JIRA_TOKEN_ENCRYPTION_KEY ` +
          `(${this.current?.id ?? 'unset'}) nor JIRA_TOKEN_ENCRYPTION_KEY_PREVIOUS (${this.previous?.id ?? 'unset'})`,
      );
    }
    try {
      const decipher = createDecipheriv('aes-256-gcm', match.key, sealed.iv);
      decipher.setAuthTag(sealed.authTag);
      return Buffer.concat([decipher.update(sealed.ciphertext), decipher.final()]).toString('utf8');
    } catch {
      // GCM's tag does not match: the row was altered (or the key with this id is not the one that sealed it).
      throw new TokenCipherError(`the stored Jira token does not decrypt under key ${sealed.keyId}: the row was altered`);
    }
  }
}

interface Key {
  /** The key's own fingerprint, stored beside each token it sealed: a rotation knows which key opens which row. */
  id: string;
  key: Buffer;
}

/** The configuration validates the encoding (app-config.ts); the length is checked again where it matters. */
function keyOf(encoded: string): Key {
  const key = Buffer.from(encoded, 'base64');
  if (key.length !== KEY_BYTES) throw new TokenCipherError(`a Jira token encryption key must be ${KEY_BYTES} bytes, base64`);
  return { id: fingerprintOf(key).slice(0, 8), key };
}
