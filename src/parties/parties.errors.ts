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

/**
 * `INVITATION_INVALID`: the one answer to every refused acceptance — unknown, expired, used, revoked, for another
 * e-mail, or for a person who may not take it (an SKR person and a party invitation). One code and one text, so the
 * answer says nothing about which invitations or people exist.
 */
export class InvitationInvalidError extends notFoundError(
  'INVITATION_INVALID',
  'No open invitation matches this secret for the person logged in.',
) {}

export class InvitationNotFoundError extends notFoundError('INVITATION_NOT_FOUND', 'No such invitation.') {}

export class RoleNotAssignableError extends DomainError {
  readonly code = 'ROLE_NOT_ASSIGNABLE';
  readonly kind = 'unprocessable';

  constructor() {
    super('A party user can only have a party role (reporter, reader, admin).', [
      { pointer: '/role', detail: 'Not a party role.', code: 'isIn' },
    ]);
  }
}
