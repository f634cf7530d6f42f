import { createHash, createHmac, randomBytes } from 'node:crypto';

/**
 * A subscription's one-click unsubscribe token. Derived (HMAC) rather than stored, because every announcement e-mail
 * must carry it long after the subscription was made; the table keeps only its hash, to find the row by.
 */
export function unsubscribeToken(secret: string, subscriptionId: string): string {
  return createHmac('sha256', secret).update(`drift-unsubscribe:${subscriptionId}`).digest('base64url');
}

/** A single-use confirmation token (256 bits), mailed once; only its hash is kept. */
export function newConfirmToken(): string {
  return randomBytes(32).toString('base64url');
}

/** What the table keeps of a token: a token is a credential, as a password is. */
export function tokenHash(token: string): string {
  return createHash('sha256').update(token).digest('base64url');
}
