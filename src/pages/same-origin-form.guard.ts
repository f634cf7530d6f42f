import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import type { Request } from 'express';
import { CrossSiteFormError } from './pages.errors';

/**
 * The CSRF rule of a public form, which has no session and so no synchroniser token: a post is refused when the
 * browser says another site sent it. `Sec-Fetch-Site` (sent by every current browser, and not settable by a page)
 * must be `same-origin`; a browser without it sends `Origin` on a cross-site POST, whose host must be ours. A client
 * that sends neither is no browser another site can drive: it could as well post to the public API, and the per-IP
 * limit and what the form leads to (e.g. double opt-in) are what hold it.
 */
@Injectable()
export class SameOriginFormGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<Request>();
    const site = request.headers['sec-fetch-site'];
    const origin = request.headers.origin;
    if (site !== undefined ? site !== 'same-origin' : origin !== undefined && hostOf(origin) !== request.headers.host) {
      throw new CrossSiteFormError();
    }
    return true;
  }
}

/** The host of an Origin header; null for `null` (a sandboxed or privacy-sensitive context) and anything unparsable. */
function hostOf(origin: string): string | null {
  try {
    return new URL(origin).host || null;
  } catch {
    return null;
  }
}
