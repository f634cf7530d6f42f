import type { Request } from 'express';

/** What an error page needs of the problem: its status, code and the trace id the reader may quote. */
export interface PageProblem {
  readonly status: number;
  readonly code: string;
  readonly traceId: string;
}

/** An error answered as a page (or a redirect to the login) instead of a problem document. */
export interface ErrorPage {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

/**
 * The page stack's error pages, for a browser that asked for a page: the problem-details filter offers every error
 * to it first and answers problem+json when it declines (the API, machine clients, the worker which has no pages).
 * A port because the pages live above this module, not because anything swaps it.
 */
export abstract class ErrorPages {
  abstract render(request: Request, problem: PageProblem): ErrorPage | null;
}
