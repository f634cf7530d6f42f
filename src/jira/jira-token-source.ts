import { readFile, stat } from 'node:fs/promises';
import { SYSTEM_SCOPE } from '../database/data-scope';
import { ScopedDb } from '../database/scoped-db';
import { JiraApiToken } from './jira-api-token.entity';
import { JiraTokenCipher, TokenCipherError } from './jira-token-cipher';
import { JiraTokenUnavailableError } from './jira.errors';

/** Warn this long before the token expires: time to make a new one and roll it out. */
const EXPIRY_WARNING_MS = 30 * 86_400_000;

export const tokenExpiresSoon = (expiresAt: Date | null, now: Date): boolean =>
  expiresAt !== null && expiresAt.getTime() - now.getTime() < EXPIRY_WARNING_MS;

/** Where the token comes from, in this order: a mounted file, the one an SKR admin set, the environment. */
export type TokenSourceName = 'file' | 'stored' | 'environment';

/** The token the next Jira call uses and where it comes from; without a token, why (the calls fail with that). */
export type TokenInUse = { source: TokenSourceName; expiresAt: Date | null } & (
  { token: string; problem: null } | { token: null; problem: string }
);

export interface TokenSourceOptions {
  /** The token SKR admins set (jira_api_token): left out where no database is at hand (the jira:setup CLI). */
  stored?: { db: ScopedDb; cipher: JiraTokenCipher };
  /** JIRA_TOKEN_EXPIRES_AT: the expiry of the file's or the environment's token (a stored token carries its own). */
  expiresAt?: Date | null;
}

/**
 * The API token, read before each Jira call, so a new one takes effect on the next call without a restart:
 * - JIRA_API_TOKEN_FILE when set (a mounted secret SKR rotates): read again whenever its modification time or size
 *   changed;
 * - else the token an SKR admin set (PUT /api/v1/jira/token), when there is one: its row is read on every call (one
 *   primary-key lookup) and decrypted again only when it was written anew;
 * - else the fixed JIRA_API_TOKEN.
 * A chosen source whose token cannot be had (an unreadable file, a row no configured key opens) never falls back to
 * the next one: the calls fail as unauthenticated, and the integration pauses with the reason.
 */
export class JiraTokenSource {
  private cachedFile: { mtimeMs: number; size: number; token: string } | undefined;
  private cachedStored: { iv: Buffer; opened: { token: string; problem: null } | { token: null; problem: string } } | undefined;

  constructor(
    private readonly file: string | undefined,
    private readonly fixed: string,
    private readonly options: TokenSourceOptions = {},
  ) {}

  async current(): Promise<string> {
    const inUse = await this.inUse();
    if (inUse.token === null) throw new JiraTokenUnavailableError(inUse.problem);
    return inUse.token;
  }

  async inUse(): Promise<TokenInUse> {
    const expiresAt = this.options.expiresAt ?? null;
    if (this.file) return { source: 'file', expiresAt, ...(await this.fromFile(this.file)) };
    const stored = await this.fromDatabase();
    if (stored) return stored;
    return { source: 'environment', expiresAt, token: this.fixed, problem: null };
  }

  private async fromFile(file: string): Promise<{ token: string; problem: null } | { token: null; problem: string }> {
    try {
      const { mtimeMs, size } = await stat(file);
      if (this.cachedFile?.mtimeMs !== mtimeMs || this.cachedFile.size !== size) {
        const token = (await readFile(file, 'utf8')).trim();
        if (token === '') throw new Error('the file is empty');
        this.cachedFile = { mtimeMs, size, token };
      }
      return { token: this.cachedFile.token, problem: null };
    } catch (error) {
      return { token: null, problem: `JIRA_API_TOKEN_FILE cannot be read: ${(error as Error).message}` };
    }
  }

  private async fromDatabase(): Promise<TokenInUse | null> {
    const { stored } = this.options;
    if (!stored) return null;
    return stored.db.transaction(SYSTEM_SCOPE, async (manager) => {
      const row = await manager.findOneBy(JiraApiToken, { id: 1 });
      if (!row) return null;
      if (!this.cachedStored?.iv.equals(row.iv)) {
        const sealed = await manager.findOneOrFail(JiraApiToken, {
          where: { id: 1 },
          select: { id: true, keyId: true, iv: true, ciphertext: true, authTag: true },
        });
        this.cachedStored = { iv: sealed.iv, opened: open(stored.cipher, sealed) };
      }
      return { source: 'stored', expiresAt: row.expiresAt, ...this.cachedStored.opened };
    });
  }
}

function open(cipher: JiraTokenCipher, sealed: JiraApiToken): { token: string; problem: null } | { token: null; problem: string } {
  try {
    return { token: cipher.open(sealed), problem: null };
  } catch (error) {
    if (!(error instanceof TokenCipherError)) throw error;
    return { token: null, problem: error.message };
  }
}
