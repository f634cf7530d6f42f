import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import type { Request, Response as ExpressResponse } from 'express';
import { map, Observable } from 'rxjs';
import { AppConfig } from '../config/app-config';
import { pageHeaders } from './page-headers';
import { HtmlPage } from './page-renderer';

/** A cookie a page answer sets or clears (maxAgeMs 0). */
export interface PageCookie {
  readonly name: string;
  readonly value: string;
  readonly maxAgeMs?: number;
  readonly secure: boolean;
}

/**
 * A POST-redirect-GET answer (303), with the cookies it sets. Handlers that return it are decorated `@Redirect()`,
 * which sends the `{ url, statusCode }` this interceptor makes of it.
 */
export class SeeOther {
  constructor(
    readonly location: string,
    readonly cookies: readonly PageCookie[] = [],
  ) {}
}

/**
 * Sends what page handlers return: an HtmlPage with its status and the page headers, or a SeeOther with its cookies.
 * An HtmlPage goes out as a web Response because Nest replies to a handler's plain value with the route's status
 * (`@HttpCode()` or 200/201), over anything set before; a Response's own status wins (Nest's RouterResponseController).
 */
@Injectable()
export class PageInterceptor implements NestInterceptor {
  private readonly formTargets: readonly string[];

  constructor(config: AppConfig) {
    // Logout posts to us and we redirect to the provider's end-session endpoint, which form-action must allow.
    this.formTargets = config.PORTAL_OIDC_ISSUER_URL ? [new URL(config.PORTAL_OIDC_ISSUER_URL).origin] : [];
  }

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const http = context.switchToHttp();
    const response = http.getResponse<ExpressResponse>();
    return next.handle().pipe(
      map((result: unknown) => {
        if (result instanceof SeeOther) {
          for (const cookie of result.cookies) setCookie(response, cookie);
          return { url: result.location, statusCode: 303 };
        }
        if (result instanceof HtmlPage) {
          const headers = { ...pageHeaders(this.formTargets), ...result.headers };
          for (const [name, value] of Object.entries(headers)) response.setHeader(name, value);
          return pageResponse(http.getRequest<Request>(), response, result);
        }
        return result;
      }),
    );
  }
}

/**
 * The page as its status says. Express's send answered a conditional GET with 304 for a string body; a Response is
 * streamed past it, so the check is made here, on the ETag and Last-Modified the page set above (`request.fresh`
 * reads them from the response, and only for a 2xx status).
 */
function pageResponse(request: Request, response: ExpressResponse, page: HtmlPage): Response {
  response.status(page.status);
  if (request.fresh) return new Response(null, { status: 304 });
  const body = Buffer.from(page.html);
  response.setHeader('Content-Length', body.byteLength);
  return new Response(body, { status: page.status });
}

export function setCookie(response: ExpressResponse, cookie: PageCookie): void {
  response.cookie(cookie.name, cookie.value, {
    httpOnly: true,
    sameSite: 'lax',
    secure: cookie.secure,
    path: '/',
    ...(cookie.maxAgeMs !== undefined ? { maxAge: cookie.maxAgeMs } : {}),
  });
}
