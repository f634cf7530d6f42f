import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { PageContext } from '../pages/page-renderer';
import { languageOf, samePath } from '../pages/page-request';
import type { PortalSession } from './portal-session';
import type { PortalRequest } from './portal.guard';

/** What a page handler knows of its request, set by PortalGuard: the page context and the session. */
export interface PortalPage {
  readonly context: PageContext;
  readonly sessionId?: string;
  readonly session: PortalSession | null;
  readonly query: Record<string, unknown>;
}

export const Page = createParamDecorator((_data: unknown, context: ExecutionContext): PortalPage => {
  const request = context.switchToHttp().getRequest<PortalRequest>();
  const session = request.portal?.session ?? null;
  return {
    context: {
      language: languageOf(request.headers),
      path: samePath(request.originalUrl),
      signedIn: Boolean(session?.person),
      partyName: session?.party?.name,
      mayChooseParty: session?.manyParties,
      csrfToken: session?.csrfToken,
      roles: request.actor?.roles,
      mayAnnounce: request.portal?.mayAnnounce,
    },
    sessionId: request.portal?.sessionId,
    session,
    query: request.query as Record<string, unknown>,
  };
});
