import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Whether a Jira webhook's `X-Hub-Signature` header signs these raw bytes with one of the secrets. The HMAC is taken
 * over the bytes as they arrived, never over the parsed and re-serialised JSON: key order, spacing and escapes
 * (`\u00e4` against `ä`) would differ from what Jira signed. Secrets left unset are skipped; during a rotation Jira
 * may still sign with the old secret (and its retries keep the old signature), so any listed secret is taken.
 */
export function jiraWebhookSignatureValid(raw: Buffer, header: string | undefined, secrets: readonly (string | undefined)[]): boolean {
  // Jira Cloud's header: `sha256=` and the hex HMAC-SHA256 of the body. The pattern stays inside the function: at
  // module level its mutants would be static, which the mutation run leaves out (ignoreStatic), so nothing would pin it.
  const match = /^sha256=([0-9a-f]{64})$/i.exec(header ?? '');
  if (!match) return false;
  // 64 hex digits are 32 bytes, the length of a SHA-256 digest, so timingSafeEqual never sees unequal lengths.
  const given = Buffer.from(match[1], 'hex');
  return secrets
    .filter((secret): secret is string => secret !== undefined)
    .some((secret) => timingSafeEqual(createHmac('sha256', secret).update(raw).digest(), given));
}
