import { applyDecorators, createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { ApiHeader } from '@nestjs/swagger';
import type { Request } from 'express';
import { ApiProblems } from './api-responses';
import { DomainError } from './domain-error';

/** A weak or strong ETag of a version, as our ETag headers write it (`W/"3"`) or a client shortens it (`"3"`, `3`). */
const VERSION_ETAG = /^(?:W\/)?"?(\d{1,9})"?$/;

export class IfMatchRequiredError extends DomainError {
  readonly code = 'IF_MATCH_REQUIRED';
  readonly kind = 'precondition_required';

  constructor() {
    super('Send the ETag you read in an If-Match header, so concurrent changes are not lost.', [
      { header: 'If-Match', detail: 'Required.', code: 'required' },
    ]);
  }
}

/** The request's If-Match header, as the version of the resource the client last read. */
export class IfMatch {
  constructor(private readonly header: string | undefined) {}

  /**
   * The version to compare with the stored one. A missing header is refused (428 IF_MATCH_REQUIRED); a malformed
   * ETag matches no version, so the caller gets the 412 that names the current one.
   */
  expectedVersion(): number {
    if (!this.header) throw new IfMatchRequiredError();
    const match = VERSION_ETAG.exec(this.header.trim());
    return match ? Number(match[1]) : Number.NaN;
  }
}

/**
 * The If-Match header of a conditional write. The handler asks for the version when it calls the service rather than
 * while Nest resolves parameters, so the errors keep their order: a bad id or body is a 400 first, a missing
 * If-Match a 428 before the row is read, a stale one a 412 after.
 */
export const IfMatchHeader = createParamDecorator(
  (_data: unknown, context: ExecutionContext): IfMatch => new IfMatch(context.switchToHttp().getRequest<Request>().headers['if-match']),
);

/** OpenAPI for an operation that requires If-Match. */
/** The header, and the answers to a missing (428) or stale (412) one. */
export const ApiIfMatch = () =>
  applyDecorators(ApiHeader({ name: 'If-Match', required: true, description: 'ETag från senaste läsningen.' }), ApiProblems(412, 428));
