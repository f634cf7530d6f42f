import { CanActivate, ExecutionContext, Injectable, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { timingSafeEqual } from 'node:crypto';
import type { Actor } from '../actor/actor';
import { ROLES_KEY } from '../actor/actor.decorators';
import { Role, SKR_ROLES } from '../actor/role';
import { RoleRequiredError } from '../auth/auth.errors';
import { cookiesOf } from '../pages/page-request';
import { AnnouncementQueriesService } from '../driftinfo/announcement-queries.service';
import { PartiesService } from '../parties/parties.service';
import { CsrfTokenError, LoginRequiredError } from './portal.errors';
import type { PortalSession } from './portal-session';
import { SESSION_COOKIE } from '../pages/session-cookie';
import { PortalSessionsService } from './portal-sessions.service';
import { SKR_PARTY_ID } from './portal-skr';

/** Who may see a page: anyone, a signed-in person (before choosing a party), or a person acting for a party. */
export type PageAudience = 'anyone' | 'person' | 'party';
/** Exported for the suites that discover the pages (test/support/pages.ts). */
export const PAGE_AUDIENCE_KEY = 'avvikelse:page-audience';
export const PageFor = (audience: PageAudience) => SetMetadata(PAGE_AUDIENCE_KEY, audience);
const STREAMED_FORM_KEY = 'avvikelse:streamed-form';
/** A multipart form its handler streams itself (evidence): no parser reads its token, so it comes in the query. */
export const StreamedForm = () => SetMetadata(STREAMED_FORM_KEY, true);

/** What the guard leaves on a page request: the session (if any) and, on party pages, the acting Actor. */
export interface PortalRequest extends Request {
  portal?: { sessionId?: string; session: PortalSession | null; mayAnnounce?: boolean };
  actor?: Actor;
}

/**
 * The portal's authentication: the session cookie instead of a bearer token, then the same membership rules as
 * AuthGuard (PartiesService.identify: the membership's role decides; an inactive membership or party is out; @Roles
 * as on the API), so a page acts with exactly the Actor the API would. Forms must carry the session's synchroniser token.
 */
@Injectable()
export class PortalGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly sessions: PortalSessionsService,
    private readonly parties: PartiesService,
    private readonly announcements: AnnouncementQueriesService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const audience =
      this.reflector.getAllAndOverride<PageAudience>(PAGE_AUDIENCE_KEY, [context.getHandler(), context.getClass()]) ?? 'party';
    const request = context.switchToHttp().getRequest<PortalRequest>();
    const sessionId = cookiesOf(request.headers)[SESSION_COOKIE];
    const session = await this.sessions.ofRequest(request);
    request.portal = { sessionId, session };
    if (audience === 'anyone') return true;
    if (!session?.person) throw new LoginRequiredError();
    // Only a streamed form takes its token from the query: a multipart body sent to any other form has none.
    const streamed = this.reflector.get<boolean | undefined>(STREAMED_FORM_KEY, context.getHandler());
    const sent = streamed ? request.query._csrf : (request.body as { _csrf?: unknown } | undefined)?._csrf;
    if (request.method !== 'GET' && !sameToken(sent, session.csrfToken)) {
      throw new CsrfTokenError();
    }
    if (audience === 'person') return true;
    if (!session.party) throw new LoginRequiredError();
    const { person, party } = session;
    const partyId = party.id === SKR_PARTY_ID ? null : party.id;
    const { user, party: found } = await this.parties.identify(person.issuer, person.subject, partyId);
    if (!user?.active || (partyId !== null && !found?.active)) throw new LoginRequiredError();
    if (partyId === null && !SKR_ROLES.includes(user.role)) throw new LoginRequiredError();
    request.actor = { userId: person.subject, partyId, roles: [user.role] };
    const required = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, [context.getHandler(), context.getClass()]);
    if (required?.length && !required.includes(user.role)) throw new RoleRequiredError(required);
    // Asked on every party page, since the menu is on every page and ownership (agreement bindings) can change.
    request.portal.mayAnnounce = await this.announcements.mayAnnounce(request.actor);
    return true;
  }
}

function sameToken(sent: unknown, expected: string): boolean {
  if (typeof sent !== 'string' || sent.length !== expected.length) return false;
  return timingSafeEqual(Buffer.from(sent), Buffer.from(expected));
}
