import { DomainError, notFoundError } from '../common/domain-error';

export class PartyNotFoundError extends notFoundError('PARTY_NOT_FOUND', 'No such party.') {}

export class UserNotFoundError extends notFoundError('USER_NOT_FOUND', 'No such user.') {}

export class OrganisationNumberTakenError extends DomainError {
  readonly code = 'ORGANISATION_NUMBER_TAKEN';
  readonly kind = 'conflict';

  constructor() {
    super('A party with this organisation number already exists.', [
      { pointer: '/organisationNumber', detail: 'Already registered.', code: 'unique' },
    ]);
  }
}

export class SubjectTakenError extends DomainError {
  readonly code = 'USER_SUBJECT_TAKEN';
  readonly kind = 'conflict';

  constructor() {
    super('A user with this subject already exists.', [{ pointer: '/subject', detail: 'Already registered.', code: 'unique' }]);
  }
}

export class RoleNotAssignableError extends DomainError {
  readonly code = 'ROLE_NOT_ASSIGNABLE';
  readonly kind = 'unprocessable';

  constructor() {
    super('A party user can only have a party role (reporter, reader, admin).', [
      { pointer: '/role', detail: 'Not a party role.', code: 'isIn' },
    ]);
  }
}
