import { randomBytes } from 'node:crypto';
import { fingerprintOf, JiraTokenCipher } from '../../src/jira/jira-token-cipher';
import { ownerDb } from './database';

/** A fresh JIRA_TOKEN_ENCRYPTION_KEY. */
export const aTokenKey = (): string => randomBytes(32).toString('base64');

/** The id the cipher stores beside each token it sealed under `key`. */
export const keyIdOf = (key: string): string => fingerprintOf(Buffer.from(key, 'base64')).slice(0, 8);

/** Stores `token` as a row sealed under `key`, as an earlier deployment (another key) would have left it. */
export async function storeTokenSealedUnder(key: string, token: string, setBy = 'skr-earlier-admin'): Promise<void> {
  const sealed = new JiraTokenCipher(key).seal(token);
  await (
    await ownerDb()
  ).query(
    `INSERT INTO jira_api_token (id, key_id, iv, ciphertext, auth_tag, fingerprint, set_at, set_by) VALUES (1, $1, $2, $3, $4, $5, now(), $6)`,
    [sealed.keyId, sealed.iv, sealed.ciphertext, sealed.authTag, fingerprintOf(token), setBy],
  );
}

/** Every byte of the stored row, hex-decoded where bytea, as one buffer to search for the token. */
export async function storedTokenRowBytes(): Promise<Buffer> {
  const rows = (await (await ownerDb()).query(`SELECT * FROM jira_api_token`)) as Record<string, unknown>[];
  return Buffer.concat(
    rows.flatMap((row) => Object.values(row).map((value) => (Buffer.isBuffer(value) ? value : Buffer.from(JSON.stringify(value) ?? '')))),
  );
}
