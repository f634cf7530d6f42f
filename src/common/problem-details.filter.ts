import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger, Optional } from '@nestjs/common';
import type { Request, Response } from 'express';
import { DomainError, DomainErrorKind, FieldError } from './domain-error';
import { ErrorPages } from './error-pages';
import { preferredLanguage, problemTitle } from './problem-titles';
import { requestIdOf } from './request-id';

/** The one table from domain error kind to HTTP status. */
const STATUS_BY_KIND: Record<DomainErrorKind, number> = {
  invalid: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  timeout: 408,
  conflict: 409,
  gone: 410,
  precondition_failed: 412,
  too_large: 413,
  unsupported_media: 415,
  unprocessable: 422,
  rate_limited: 429,
  precondition_required: 428,
  unavailable: 503,
};

/** Codes for Nest's and Express's own HTTP errors, so every problem carries a stable `code`. */
const CODE_BY_STATUS: Record<number, string> = {
  400: 'BAD_REQUEST',
  401: 'UNAUTHENTICATED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  405: 'METHOD_NOT_ALLOWED',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  429: 'TOO_MANY_REQUESTS',
};

export interface ProblemDocument {
  type: string;
  title: string;
  status: number;
  detail?: string;
  instance: string;
  code: string;
  errors?: FieldError[];
  traceId: string;
  [extension: string]: unknown;
}

/**
 * RFC 9457 problem details for every error the API answers, whoever threw it. A 500 reveals nothing but its
 * `traceId`, which is also the request id found in the logs.
 */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  private readonly logger = new Logger('ProblemDetails');

  constructor(@Optional() private readonly pages?: ErrorPages) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<Request>();
    const response = http.getResponse<Response>();
    const problem = this.toProblem(exception, request);
    if (response.headersSent) {
      response.destroy();
      return;
    }
    if (exception instanceof HttpException && problem.status === 429) {
      const retryAfter = response.getHeader('Retry-After');
      if (retryAfter === undefined) response.setHeader('Retry-After', '60');
    }
    const page = this.pages?.render(request, problem);
    if (page) {
      response.status(page.status).set(page.headers).send(page.body);
      return;
    }
    response.status(problem.status).type('application/problem+json').send(JSON.stringify(problem));
  }

  toProblem(exception: unknown, request: Request): ProblemDocument {
    const language = preferredLanguage(request.headers['accept-language']);
    const traceId = requestIdOf(request);
    const instance = request.originalUrl ?? request.url;
    const base = (status: number, code: string) => ({
      type: `https://avvikelse.ssbtek.se/problems/${code.toLowerCase().replace(/_/g, '-')}`,
      title: problemTitle(status, language),
      status,
      instance,
      code,
      traceId,
    });

    if (exception instanceof DomainError) {
      const status = STATUS_BY_KIND[exception.kind];
      const detail = exception.localizedDetail?.[language] ?? exception.message;
      const errors = exception.localizedDetail ? exception.errors?.map((error) => ({ ...error, detail })) : exception.errors;
      // Extensions come first so they can never override a member RFC 9457 or we define.
      return {
        ...exception.extensions,
        ...base(status, exception.code),
        detail,
        ...(errors?.length ? { errors } : {}),
      };
    }
    const status = httpStatusOf(exception);
    if (status !== undefined && status < 500) {
      return { ...base(status, CODE_BY_STATUS[status] ?? `HTTP_${status}`), detail: clientDetail(exception, status) };
    }
    this.logger.error({ err: exception, traceId }, 'unhandled error');
    const serverStatus = status ?? HttpStatus.INTERNAL_SERVER_ERROR;
    return base(serverStatus, serverStatus === 503 ? 'SERVICE_UNAVAILABLE' : 'INTERNAL_ERROR');
  }
}

/** Status of a Nest HttpException or of an Express/body-parser error (`status`/`statusCode` with `expose`). */
function httpStatusOf(exception: unknown): number | undefined {
  if (exception instanceof HttpException) return exception.getStatus();
  if (typeof exception === 'object' && exception !== null) {
    const candidate = exception as { status?: unknown; statusCode?: unknown; expose?: unknown };
    const status = candidate.status ?? candidate.statusCode;
    if (typeof status === 'number' && status >= 400 && status < 600 && candidate.expose === true) return status;
  }
  return undefined;
}

function clientDetail(exception: unknown, status: number): string {
  if (status === 404) return 'No such resource.';
  if (exception instanceof HttpException) {
    const body = exception.getResponse();
    if (typeof body === 'string') return body;
    const message = (body as { message?: unknown }).message;
    if (typeof message === 'string') return message;
    return exception.message;
  }
  const type = (exception as { type?: string }).type;
  if (type === 'entity.parse.failed') return 'The request body is not valid JSON.';
  if (type === 'entity.too.large') return 'The request body is too large.';
  if (type === 'encoding.unsupported' || type === 'charset.unsupported') return 'The request body encoding is not supported.';
  return 'The request could not be processed.';
}
