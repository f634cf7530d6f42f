import { createHash } from 'node:crypto';
import type { IncomingHttpHeaders, IncomingMessage } from 'node:http';
import { cookiesOf } from './page-request';

/** The cookie that carries a portal session's random id (43 base64url characters, 32 bytes). */
export const SESSION_COOKIE = 'avvikelse_session';

const SESSION_ID = /^[A-Za-z0-9_-]{43}$/;

/**
 * Where a session id's session lives in Redis: under the id's SHA-256, so a copy of Redis holds no cookie that works.
 * Read by the portal's session store and by the rate limiter, which counts a signed-in person's pages as theirs
 * rather than against the per-IP budget their whole office shares. Null for an id no session can have.
 */
export function sessionStoreKey(queuePrefix: string, id: string | undefined): { key: string; digest: string } | null {
  if (!id || !SESSION_ID.test(id)) return null;
  const digest = createHash('sha256').update(id).digest('base64url');
  return { key: `${queuePrefix}:portal-session:${digest}`, digest };
}

/** The session key of a request's session cookie, if it carries a well-formed one. */
export function sessionStoreKeyOf(queuePrefix: string, headers: IncomingHttpHeaders): { key: string; digest: string } | null {
  return sessionStoreKey(queuePrefix, cookiesOf(headers)[SESSION_COOKIE]);
}

const LOAD_SESSION = Symbol('avvikelse:load-session');
type WithSessionLoader = IncomingMessage & { [LOAD_SESSION]?: () => Promise<unknown> };

/**
 * Makes `load` the request's one read of its session. The rate limiter asks first (does a live session count this
 * request as a person's?), then the portal's guard; only the first ask reaches Redis, and the later ones share its
 * answer, a failure included. A request that has a loader keeps it.
 */
export function provideRequestSession(request: IncomingMessage, load: () => Promise<unknown>): void {
  const carrier = request as WithSessionLoader;
  if (carrier[LOAD_SESSION]) return;
  let loaded: Promise<unknown> | undefined;
  carrier[LOAD_SESSION] = () => (loaded ??= load());
}

/** The request's session as its loader answers it; null when nothing provided one (an app without the portal). */
export function requestSession(request: IncomingMessage): Promise<unknown> {
  return (request as WithSessionLoader)[LOAD_SESSION]?.() ?? Promise.resolve(null);
}
