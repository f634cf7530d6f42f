import type { Request } from 'express';
import type { BodySender } from '../common/body-budget';
import { AuthGuard } from './auth.guard';
import { actorClientKey, ipClientKey } from './client-key';

/**
 * Who sends a large body, before a slot is given to it: the actor AuthGuard authenticates from the bearer token
 * (the one authentication path; it throws 401 problem+json for anyone else), or the client IP for the Jira webhook,
 * whose HMAC signature covers the body and so can only be checked once the body is read.
 */
export function largeBodySenderOf(guard: AuthGuard): (request: Request) => Promise<BodySender> {
  return async (request) => {
    if (request.path.startsWith('/webhooks/')) return { budget: 'webhook', key: ipClientKey(request.ip) };
    const actor = await guard.authenticate(request.headers.authorization);
    return { budget: 'api', key: actorClientKey(actor.partyId, actor.userId) };
  };
}
