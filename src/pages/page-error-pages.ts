import { Injectable } from '@nestjs/common';
import type { Request } from 'express';
import { ErrorPage, ErrorPages, PageProblem } from '../common/error-pages';
import { pageHeaders } from './page-headers';
import { PageRenderer } from './page-renderer';
import { languageOf, samePath, wantsPage } from './page-request';

/** Paths that are never pages: their errors stay problem documents whatever the Accept header says. */
const MACHINE_PATHS = /^\/(api|webhooks|docs|docs-json|health|metrics|dev-issuer)(\/|$)/;
const PAGE_STATUSES = [400, 403, 404, 429];

/** The code a page guard throws when a page needs a signed-in person: the answer is a redirect to the login. */
export const LOGIN_REQUIRED = 'LOGIN_REQUIRED';

/** 404/403/500 and friends as pages of the portal for a browser; a page needing login redirects to it. */
@Injectable()
export class PageErrorPages extends ErrorPages {
  constructor(private readonly renderer: PageRenderer) {
    super();
  }

  render(request: Request, problem: PageProblem): ErrorPage | null {
    const path = request.originalUrl ?? request.url;
    if (MACHINE_PATHS.test(path) || !wantsPage(request.headers)) return null;
    if (problem.code === LOGIN_REQUIRED) {
      const returnTo = request.method === 'GET' ? samePath(path) : '/';
      return {
        status: 303,
        headers: { Location: `/login?returnTo=${encodeURIComponent(returnTo)}`, 'Cache-Control': 'no-store' },
        body: '',
      };
    }
    const status = PAGE_STATUSES.includes(problem.status) ? problem.status : problem.status >= 500 ? 500 : 400;
    const page = this.renderer.render(
      '/pages/views/error',
      { status, traceId: problem.traceId },
      { language: languageOf(request.headers), path: samePath(path) },
      problem.status,
    );
    return { status: page.status, headers: pageHeaders(), body: page.html };
  }
}
