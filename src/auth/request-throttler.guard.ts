import { ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import {
  InjectThrottlerOptions,
  InjectThrottlerStorage,
  ThrottlerGuard,
  type ThrottlerModuleOptions,
  type ThrottlerRequest,
  type ThrottlerStorage,
} from '@nestjs/throttler';
import type { Request } from 'express';
import { AppConfig } from '../config/app-config';
import { requestSession, sessionStoreKeyOf } from '../pages/session-cookie';
import { actorClientKey, ipClientKey } from './client-key';
import { READ_BUDGET } from './redis-throttler-storage';
import { TokenVerifier } from './token-verifier';

const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
/** The public driftinformation: its feeds and its status page. */
const PUBLIC_PATHS = /^\/(api\/v1\/public\/|driftinformation(\/|$))/;
/**
 * The public subscribe request, by the API or by the status page's form: each one may send an e-mail, so they share a
 * far smaller per-IP budget of their own.
 */
const SUBSCRIBE_PATHS = new Set(['/api/v1/public/driftinfo/subscriptions', '/driftinformation/prenumeration']);

/**
 * Rate limits per window (THROTTLE_WINDOW_MS), counted in Redis so they hold across API processes: reads and writes
 * per actor (a bearer token's, or a live portal session's), and every other request per client IP, with one budget
 * each. A municipality's office shares a handful of egress addresses: counting its signed-in people's pages per IP
 * would let one busy colleague use up everyone's budget.
 *
 * It runs before AuthGuard so that refused tokens are counted too (a flood of 401s is the cheapest one to send).
 * The actor is read here from the verified token alone, through the same cached TokenVerifier; the key grants
 * nothing, and AuthGuard still decides who may act. The Jira webhook is left out: it is signed, not a user's, and
 * has its own body budget (src/common/body-budget.ts).
 */
@Injectable()
export class RequestThrottlerGuard extends ThrottlerGuard {
  constructor(
    @InjectThrottlerOptions() options: ThrottlerModuleOptions,
    @InjectThrottlerStorage() storage: ThrottlerStorage,
    reflector: Reflector,
    private readonly verifier: TokenVerifier,
    private readonly config: AppConfig,
  ) {
    super(options, storage, reflector);
  }

  protected override async shouldSkip(context: ExecutionContext): Promise<boolean> {
    return context.switchToHttp().getRequest<Request>().path.startsWith('/webhooks/');
  }

  protected override async handleRequest(props: ThrottlerRequest): Promise<boolean> {
    const { key, limit } = await this.budgetOf(props.context.switchToHttp().getRequest<Request>());
    return super.handleRequest({ ...props, limit, getTracker: () => key, generateKey: (_context, tracker) => tracker });
  }

  private async budgetOf(request: Request): Promise<{ key: string; limit: number }> {
    if (request.method === 'POST' && SUBSCRIBE_PATHS.has(request.path))
      return { key: `subscribe:${ipClientKey(request.ip)}`, limit: this.config.THROTTLE_SUBSCRIBE_LIMIT };
    // The public driftinformation has its own per-IP budget, whoever asks: it serves pollers, not people signing in.
    if (PUBLIC_PATHS.test(request.path)) return { key: `public:${ipClientKey(request.ip)}`, limit: this.config.THROTTLE_PUBLIC_LIMIT };
    const header = request.headers.authorization;
    const token = header?.startsWith('Bearer ') ? await this.verifier.verify(header.slice(7)).catch(() => null) : null;
    const actor = token ? actorClientKey(token.partyId, token.subject) : await this.sessionOf(request);
    if (!actor) return { key: `anonymous:${ipClientKey(request.ip)}`, limit: this.config.THROTTLE_ANONYMOUS_LIMIT };
    return WRITES.has(request.method)
      ? { key: `write:${actor}`, limit: this.config.THROTTLE_WRITE_LIMIT }
      : { key: `${READ_BUDGET}${actor}`, limit: this.config.THROTTLE_READ_LIMIT };
  }

  /**
   * A live portal session's key, or null. Only a session that exists counts: a made-up cookie per request would
   * otherwise be a fresh budget per request, and bypass the per-IP limit altogether. The session is the request's one
   * read of it (the portal's guard reuses it); when Redis cannot answer, the request counts against its IP's budget.
   */
  private async sessionOf(request: Request): Promise<string | null> {
    const stored = sessionStoreKeyOf(this.config.QUEUE_PREFIX, request.headers);
    if (!stored) return null;
    const session = await requestSession(request).catch(() => null);
    return session ? `session:${stored.digest}` : null;
  }
}
