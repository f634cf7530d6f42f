import { Injectable, OnModuleDestroy } from '@nestjs/common';
import Redis from 'ioredis';
import { randomBytes } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { Clock } from '../common/clock';
import { AppConfig } from '../config/app-config';
import type { PageCookie } from '../pages/page.interceptor';
import { cookiesOf } from '../pages/page-request';
import { provideRequestSession, requestSession, SESSION_COOKIE, sessionStoreKey } from '../pages/session-cookie';
import type { PortalSession } from './portal-session';

/**
 * Server-side portal sessions in Redis. The cookie carries a random id; Redis holds the session under the id's
 * SHA-256 (sessionStoreKey), so a copy of Redis holds no cookie that works. Each read renews the idle timeout (the key's TTL); the
 * absolute timeout counts from login and is checked on read.
 */
@Injectable()
export class PortalSessionsService implements OnModuleDestroy {
  private readonly redis: Redis;

  constructor(
    private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {
    this.redis = new Redis(config.REDIS_URL, { maxRetriesPerRequest: 2, connectTimeout: 2000, commandTimeout: 2000 });
    this.redis.on('error', () => undefined);
  }

  onModuleDestroy(): void {
    this.redis.disconnect();
  }

  /** A new session; the id is returned once, for the cookie. */
  async create(fields: Omit<PortalSession, 'createdAt' | 'csrfToken'> = {}): Promise<{ id: string; session: PortalSession }> {
    const id = randomBytes(32).toString('base64url');
    const session: PortalSession = { ...fields, createdAt: this.clock.now().getTime(), csrfToken: randomBytes(32).toString('base64url') };
    await this.save(id, session);
    return { id, session };
  }

  /** The live session of a cookie's id, renewing its idle timeout; null when unknown, idle too long or too old. */
  async load(id: string | undefined): Promise<PortalSession | null> {
    const key = sessionStoreKey(this.config.QUEUE_PREFIX, id)?.key;
    if (!key) return null;
    const text = await this.redis.getex(key, 'EX', this.config.PORTAL_SESSION_IDLE_S);
    if (!text) return null;
    const session = JSON.parse(text) as PortalSession;
    if (this.clock.now().getTime() - session.createdAt > this.config.PORTAL_SESSION_ABSOLUTE_S * 1000) {
      await this.redis.del(key);
      return null;
    }
    return session;
  }

  /**
   * Gives the request its one session read, done when first asked (PortalSessionMiddleware, before the guards, so the
   * rate limiter and the portal's guard share it): each read is a round trip and renews the idle timeout.
   */
  attach(request: IncomingMessage): void {
    provideRequestSession(request, () => this.load(cookiesOf(request.headers)[SESSION_COOKIE]));
  }

  /** The live session of a request's cookie, read at most once per request however many ask. */
  ofRequest(request: IncomingMessage): Promise<PortalSession | null> {
    this.attach(request);
    // Only this service provides the loader, and its loader answers a PortalSession or null.
    return requestSession(request) as Promise<PortalSession | null>;
  }

  async save(id: string, session: PortalSession): Promise<void> {
    await this.redis.set(this.keyOf(id), JSON.stringify(session), 'EX', this.config.PORTAL_SESSION_IDLE_S);
  }

  async destroy(id: string | undefined): Promise<void> {
    // The id comes from a cookie: one no session can have was never stored.
    const key = sessionStoreKey(this.config.QUEUE_PREFIX, id)?.key;
    if (key) await this.redis.del(key);
  }

  /** The cookie that carries a session id to the browser (a browser-session cookie: Redis decides when it ends). */
  cookie(id: string): PageCookie {
    return { name: SESSION_COOKIE, value: id, secure: this.secure() };
  }

  clearingCookie(): PageCookie {
    return { name: SESSION_COOKIE, value: '', maxAgeMs: 0, secure: this.secure() };
  }

  private secure(): boolean {
    return this.config.PUBLIC_BASE_URL.startsWith('https:');
  }

  /** The store key of an id this service made or loaded (so always well-formed). */
  private keyOf(id: string): string {
    const stored = sessionStoreKey(this.config.QUEUE_PREFIX, id);
    if (!stored) throw new Error('a portal session id is 43 base64url characters');
    return stored.key;
  }
}
