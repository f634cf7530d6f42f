import { DomainError } from '../common/domain-error';

/** The bearer token is missing, malformed, forged, expired, too long-lived, for another audience, or names no active party. */
export class UnauthenticatedError extends DomainError {
  readonly kind = 'unauthenticated';

  constructor(
    readonly code:
      | 'TOKEN_MISSING'
      | 'TOKEN_INVALID'
      | 'TOKEN_EXPIRED'
      /** No `exp` or `iat`, or `exp` further after `iat` than TOKEN_MAX_LIFETIME_S. */
      | 'TOKEN_LIFETIME_INVALID'
      /** `iat` or `nbf` later than now plus TOKEN_CLOCK_SKEW_S. */
      | 'TOKEN_NOT_YET_VALID'
      | 'PARTY_UNKNOWN'
      | 'PARTY_INACTIVE'
      | 'USER_INACTIVE'
      | 'MEMBERSHIP_MISSING'
      | 'ROLES_MISSING',
    message: string,
  ) {
    super(message);
  }
}

/** The actor is authenticated but its role does not allow the operation. */
export class RoleRequiredError extends DomainError {
  readonly code = 'ROLE_REQUIRED';
  readonly kind = 'forbidden';

  constructor(required: readonly string[]) {
    super(`This operation requires one of the roles: ${required.join(', ')}.`, undefined, { requiredRoles: required });
  }
}
