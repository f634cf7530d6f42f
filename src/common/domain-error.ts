/**
 * What kind of failure a domain error is. The problem-details filter maps each kind to one HTTP status in one
 * table, so domain code never knows about HTTP.
 */
export type DomainErrorKind =
  | 'invalid' // 400: the request is malformed
  | 'unauthenticated' // 401
  | 'forbidden' // 403: the actor is known to be allowed to see the resource but not to do this
  | 'not_found' // 404: also every foreign party's resource
  | 'timeout' // 408: the client sent its request too slowly
  | 'conflict' // 409: illegal state transition, duplicate
  | 'gone' // 410
  | 'precondition_failed' // 412: stale If-Match
  | 'precondition_required' // 428: If-Match missing
  | 'too_large' // 413
  | 'unsupported_media' // 415
  | 'unprocessable' // 422: well-formed but violates a business rule
  | 'rate_limited' // 429
  | 'unavailable'; // 503

/** One rejected field, as RFC 9457 extension member `errors[]`. */
export interface FieldError {
  /** JSON pointer into the request body (`/kontaktpersoner/0/epost`). */
  pointer?: string;
  /** Name of the rejected query or path parameter, or header. */
  parameter?: string;
  header?: string;
  detail: string;
  /** Stable machine-readable reason, e.g. `isEmail`, `required`. */
  code?: string;
}

/**
 * Base class of every error the domain throws on purpose. `code` is stable (clients and tests match on it);
 * the message is the English detail shown to the caller.
 */
export abstract class DomainError extends Error {
  abstract readonly code: string;
  abstract readonly kind: DomainErrorKind;

  constructor(
    message: string,
    readonly errors?: FieldError[],
    /** Extra members merged into the problem document (e.g. `allowedTransitions`). */
    readonly extensions?: Record<string, unknown>,
    /** The detail in the caller's language, from the catalogue; it also explains each of `errors`. */
    readonly localizedDetail?: { sv: string; en: string },
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** Input that fails field validation (class-validator, or a rule spanning several fields). */
export class RequestValidationError extends DomainError {
  readonly code = 'VALIDATION_FAILED';
  readonly kind = 'invalid';

  constructor(errors: FieldError[], message = 'The request has invalid fields.') {
    super(message, errors);
  }
}

/** A business rule rejects well-formed input; `errors` points at the fields concerned. */
export class UnprocessableError extends DomainError {
  readonly kind = 'unprocessable';

  constructor(
    readonly code: string,
    message: string,
    errors?: FieldError[],
  ) {
    super(message, errors);
  }
}

/**
 * The class of a "no such thing" error with its stable code: `class DeviationNotFoundError extends
 * notFoundError('DEVIATION_NOT_FOUND', 'No such deviation.') {}`. Another party's resource answers the same way.
 */
export function notFoundError(code: string, message: string) {
  return class extends DomainError {
    readonly code = code;
    readonly kind = 'not_found';

    constructor() {
      super(message);
    }
  };
}
