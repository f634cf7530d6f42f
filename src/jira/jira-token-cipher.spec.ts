import { randomBytes } from 'node:crypto';
import { fingerprintOf, JiraTokenCipher, TokenCipherError } from './jira-token-cipher';

const aKey = () => randomBytes(32).toString('base64');
const TOKEN = 'ATATT3xFfGF0-example-token-9f2c';

describe(JiraTokenCipher.name, () => {
  it('should open what it sealed, with a fresh IV each time and no token in the sealed bytes', () => {
    const cipher = new JiraTokenCipher(aKey());
    const [first, second] = [cipher.seal(TOKEN), cipher.seal(TOKEN)];
    expect(first.iv).toHaveLength(12);
    expect(first.iv.equals(second.iv)).toBe(false);
    expect(first.ciphertext.equals(second.ciphertext)).toBe(false);
    expect(Buffer.concat([first.iv, first.ciphertext, first.authTag]).includes(TOKEN)).toBe(false);
    expect(cipher.open(first)).toBe(TOKEN);
  });

  it('should open a token sealed under the previous key, and seal new ones under the current key only', () => {
    const [old, current] = [aKey(), aKey()];
    const sealedBefore = new JiraTokenCipher(old).seal(TOKEN);
    const rotating = new JiraTokenCipher(current, old);
    expect(rotating.open(sealedBefore)).toBe(TOKEN);
    const resealed = rotating.seal(TOKEN);
    expect(resealed.keyId).not.toBe(sealedBefore.keyId);
    expect(new JiraTokenCipher(current).open(resealed)).toBe(TOKEN);
  });

  it('should refuse a token under an unknown key, a tampered row, and sealing without a key', () => {
    const sealed = new JiraTokenCipher(aKey()).seal(TOKEN);
    const other = new JiraTokenCipher(aKey());
    expect(() => other.open(sealed)).toThrow(/neither JIRA_TOKEN_ENCRYPTION_KEY/);
    const owner = new JiraTokenCipher(aKey());
    const tampered = owner.seal(TOKEN);
    tampered.ciphertext[0] ^= 1;
    expect(() => owner.open(tampered)).toThrow(TokenCipherError);
    expect(new JiraTokenCipher(undefined).canSeal).toBe(false);
    expect(() => new JiraTokenCipher(undefined).seal(TOKEN)).toThrow(/not set/);
  });

  it('should fingerprint as the first 12 hex digits of the SHA-256', () => {
    // printf %s abc | sha256sum
    expect(fingerprintOf('abc')).toBe('ba7816bf8f01');
  });
});
