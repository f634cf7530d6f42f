import { DomainError } from '../common/domain-error';
import { LOGIN_REQUIRED } from '../pages/page-error-pages';

/** The page needs a signed-in person acting for a party; the answer is a redirect to the login. */
export class LoginRequiredError extends DomainError {
  readonly code = LOGIN_REQUIRED;
  readonly kind = 'unauthenticated' as const;

  constructor() {
    super('Log in to see this page.');
  }
}

/** A login callback that does not match the login we started, or that the provider refused. */
export class LoginFailedError extends DomainError {
  readonly code = 'LOGIN_FAILED';
  readonly kind = 'invalid' as const;

  constructor(reason: string) {
    super(`The login could not be completed: ${reason}`);
  }
}

/** The ID token's authentication context is not one PORTAL_REQUIRED_ACR accepts (e.g. no MFA). */
export class LoginAssuranceError extends DomainError {
  readonly code = 'LOGIN_ASSURANCE_TOO_LOW';
  readonly kind = 'forbidden' as const;

  constructor() {
    super('The login does not have the required assurance level.');
  }
}

/** A form posted without the session's synchroniser token. */
export class CsrfTokenError extends DomainError {
  readonly code = 'CSRF_TOKEN_INVALID';
  readonly kind = 'forbidden' as const;

  constructor() {
    super('The form is out of date or was not sent from this site.');
  }
}

/** The portal has no OpenID Connect provider configured (PORTAL_OIDC_ISSUER_URL). */
export class LoginUnavailableError extends DomainError {
  readonly code = 'LOGIN_UNAVAILABLE';
  readonly kind = 'unavailable' as const;

  constructor() {
    super('Login is not configured.');
  }
}

/** The person already has a saved filter of that name (in the party they act for). */
export class SavedFilterNameTakenError extends DomainError {
  readonly code = 'SAVED_FILTER_NAME_TAKEN';
  readonly kind = 'conflict' as const;

  constructor() {
    super('You already have a saved filter with that name.');
  }
}

/** The person has as many saved filters as one may keep. */
export class SavedFilterLimitError extends DomainError {
  readonly code = 'SAVED_FILTER_LIMIT_REACHED';
  readonly kind = 'conflict' as const;

  constructor(limit: number) {
    super(`At most ${limit} saved filters; delete one first.`);
  }
}

/** No saved filter of the person's has that id: deleted already, or someone else's. */
export class SavedFilterNotFoundError extends DomainError {
  readonly code = 'SAVED_FILTER_NOT_FOUND';
  readonly kind = 'not_found' as const;

  constructor() {
    super('The saved filter does not exist.');
  }
}
