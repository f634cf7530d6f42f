import { DomainError, FieldError } from './domain-error';
import { PROBLEM_DETAILS } from './problem-titles';

/**
 * Free text carries a personnummer or samordningsnummer (src/common/personal-identity-number.ts). 422: the request
 * is well-formed, but the text must not reach Jira Cloud or e-mail. `errors[]` points at every field concerned.
 */
export class IdentityNumberInTextError extends DomainError {
  readonly code = 'PERSONAL_IDENTITY_NUMBER_IN_TEXT';
  readonly kind = 'unprocessable';

  constructor(errors: FieldError[]) {
    super(PROBLEM_DETAILS.PERSONAL_IDENTITY_NUMBER_IN_TEXT.en, errors, undefined, PROBLEM_DETAILS.PERSONAL_IDENTITY_NUMBER_IN_TEXT);
  }
}
