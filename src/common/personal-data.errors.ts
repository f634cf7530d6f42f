import { DomainError, FieldError } from './domain-error';
import { problemDetail } from './problem-titles';

/**
 * Free text carries a personnummer or samordningsnummer (src/common/personal-identity-number.ts). 422: the request
 * is well-formed, but the text must not reach Jira Cloud or e-mail. `errors[]` points at every field concerned.
 */
export class IdentityNumberInTextError extends DomainError {
  readonly code = 'PERSONAL_IDENTITY_NUMBER_IN_TEXT';
  readonly kind = 'unprocessable';

  constructor(errors: FieldError[]) {
    const detail = problemDetail('PERSONAL_IDENTITY_NUMBER_IN_TEXT');
    super(detail.en, errors, undefined, detail);
  }
}
