import type { Request } from 'express';
import type { IncomingHttpHeaders } from 'node:http';
import type { BodySender } from '../common/body-budget';
import { actorClientKey } from '../auth/client-key';
import { cookiesOf } from '../pages/page-request';
import { LoginRequiredError } from './portal.errors';
import { SESSION_COOKIE } from '../pages/session-cookie';
import { PortalSessionsService } from './portal-sessions.service';

/**
 * Who sends a large page body (evidence from the deviation page), before a slot is given to it: the signed-in person
 * of the session cookie, counted per party and person like an API actor. No session, no slot.
 */
export function portalBodySenderOf(sessions: PortalSessionsService): (request: Request) => Promise<BodySender> {
  return async (request) => {
    const session = await sessions.ofRequest(request);
    if (!session?.person || !session.party) throw new LoginRequiredError();
    return { budget: 'api', key: actorClientKey(session.party.id, session.person.subject) };
  };
}

export function hasSessionCookie(headers: IncomingHttpHeaders): boolean {
  return SESSION_COOKIE in cookiesOf(headers);
}
