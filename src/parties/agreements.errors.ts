import { DomainError, FieldError, notFoundError } from '../common/domain-error';

export class BastjänstNotFoundError extends notFoundError('BASTJANST_NOT_FOUND', 'No such bastjänst.') {}

export class AgreementInvalidError extends DomainError {
  readonly code = 'AGREEMENT_INVALID';
  readonly kind = 'unprocessable';

  constructor(errors: FieldError[]) {
    super('The agreement breaks a rule the SLA clocks rely on.', errors);
  }
}

export class AgreementCodeTakenError extends DomainError {
  readonly code = 'AGREEMENT_CODE_TAKEN';
  readonly kind = 'conflict';

  constructor() {
    super('An agreement with this code already exists; a new version needs a new code.', [
      { pointer: '/definition/code', detail: 'Already registered.', code: 'unique' },
    ]);
  }
}

export class AgreementUnknownError extends DomainError {
  readonly code = 'AGREEMENT_UNKNOWN';
  readonly kind = 'unprocessable';

  constructor() {
    super('No agreement has this code.', [{ pointer: '/agreementCode', detail: 'Unknown agreement.', code: 'isIn' }]);
  }
}
