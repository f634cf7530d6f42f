import { readFile, stat } from 'node:fs/promises';
import { JiraCallError } from './jira.errors';

/** Warn this long before the token expires: time to make a new one and roll it out. */
const EXPIRY_WARNING_MS = 30 * 86_400_000;

export const tokenExpiresSoon = (expiresAt: Date | null, now: Date): boolean =>
  expiresAt !== null && expiresAt.getTime() - now.getTime() < EXPIRY_WARNING_MS;

/**
 * The API token, read before each Jira call. From JIRA_API_TOKEN_FILE when set (a mounted secret SKR rotates): the
 * file is read again whenever its modification time or size changed, so a new token takes effect on the next call
 * without a restart. Otherwise the fixed JIRA_API_TOKEN.
 */
export class JiraTokenSource {
  private cached: { mtimeMs: number; size: number; token: string } | undefined;

  constructor(
    private readonly file: string | undefined,
    private readonly fixed: string,
  ) {}

  async current(): Promise<string> {
    if (!this.file) return this.fixed;
    try {
      const { mtimeMs, size } = await stat(this.file);
      if (this.cached?.mtimeMs !== mtimeMs || this.cached.size !== size) {
        const token = (await readFile(this.file, 'utf8')).trim();
        if (token === '') throw new Error('the file is empty');
        this.cached = { mtimeMs, size, token };
      }
      return this.cached.token;
    } catch (error) {
      // Without a token nothing can be sent: the integration pauses, as for a refused one, until the file is right.
      throw new JiraCallError('auth', null, `JIRA_API_TOKEN_FILE cannot be read: ${(error as Error).message}`, undefined, { cause: error });
    }
  }
}
