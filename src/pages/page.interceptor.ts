import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import type { Response } from 'express';
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

/** Sends what page handlers return: an HtmlPage with the page headers, or a SeeOther with its cookies. */
@Injectable()
export class PageInterceptor implements NestInterceptor {
  private readonly formTargets: readonly string[];

  constructor(config: AppConfig) {
    // Logout posts to us and we redirect to the provider's end-session endpoint, which form-action must allow.
    this.formTargets = config.PORTAL_OIDC_ISSUER_URL ? [new URL(config.PORTAL_OIDC_ISSUER_URL).origin] : [];
  }

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const response = context.switchToHttp().getResponse<Response>();
    return next.handle().pipe(
      map((result: unknown) => {
        if (result instanceof SeeOther) {
          for (const cookie of result.cookies) setCookie(response, cookie);
          return { url: result.location, statusCode: 303 };
        }
        if (result instanceof HtmlPage) {
          const headers = { ...pageHeaders(this.formTargets), ...result.headers };
          for (const [name, value] of Object.entries(headers)) response.setHeader(name, value);
          return result.html;
        }
        return result;
      }),
    );
  }
}

export function setCookie(response: Response, cookie: PageCookie): void {
  response.cookie(cookie.name, cookie.value, {
    httpOnly: true,
    sameSite: 'lax',
    secure: cookie.secure,
    path: '/',
    ...(cookie.maxAgeMs !== undefined ? { maxAge: cookie.maxAgeMs } : {}),
  });
}
