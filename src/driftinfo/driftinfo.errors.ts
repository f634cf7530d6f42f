import { DomainError, type FieldError, notFoundError, UnprocessableError } from '../common/domain-error';

export class AnnouncementNotFoundError extends notFoundError('DRIFT_ANNOUNCEMENT_NOT_FOUND', 'No such announcement.') {}

/** The deviation to link does not exist or is not the actor's to see: the same answer either way. */
export class LinkedDeviationNotFoundError extends DomainError {
  readonly code = 'DRIFT_DEVIATION_NOT_FOUND';
  readonly kind = 'not_found';

  constructor() {
    super('No such deviation.', [{ pointer: '/deviationId', detail: 'No deviation you can see has this id.', code: 'notFound' }]);
  }
}

/** The actor may read the announcement (everyone may) but does not own what it would write about. */
export class NotAnnouncementOwnerError extends DomainError {
  readonly code = 'DRIFT_NOT_OWNER';
  readonly kind = 'forbidden';

  constructor(errors: FieldError[] = []) {
    super(
      'You publish only for what you own: SKR for anything, the Driftleverantör for the central component, an Uppgiftslämnare for its own bastjänster.',
      errors,
    );
  }
}

export class AnnouncementVersionMismatchError extends DomainError {
  readonly code = 'DRIFT_VERSION_MISMATCH';
  readonly kind = 'precondition_failed';

  constructor(current: number) {
    super('The announcement has changed since you read it; read it again and reapply your change.', [
      { header: 'If-Match', detail: `The current version is ${current}.`, code: 'stale' },
    ]);
  }
}

export class AnnouncementClosedError extends DomainError {
  readonly code = 'DRIFT_ANNOUNCEMENT_CLOSED';
  readonly kind = 'conflict';

  constructor(status: string) {
    super(`The announcement is ${status} and can no longer change.`);
  }
}

/** Only a planned change that has not begun can be called off; an outage, or work under way, is resolved instead. */
export class AnnouncementNotCancellableError extends DomainError {
  readonly code = 'DRIFT_NOT_CANCELLABLE';
  readonly kind = 'conflict';

  constructor(status: string) {
    super(`Only a planned change that has not begun can be cancelled; this one is ${status}.`);
  }
}

/** UC §4.6.4 / LEFI §3.1: a planned change outside a release needs its notice, or an exception with a reason. */
export class NoticeTooShortError extends UnprocessableError {
  constructor(earliest: Date, weeksOrMonths: string) {
    super(
      'DRIFT_NOTICE_TOO_SHORT',
      `A planned change outside a release must be announced ${weeksOrMonths} ahead; set undantagMotivering to publish it as an exception.`,
      [
        {
          pointer: '/start',
          detail: `Starts before ${earliest.toISOString()}, the earliest start with the notice kept.`,
          code: 'noticeTooShort',
        },
      ],
    );
  }
}

export class AnnouncementFieldError extends UnprocessableError {
  constructor(pointer: string, detail: string) {
    super('DRIFT_ANNOUNCEMENT_INVALID', 'The announcement is not consistent.', [{ pointer, detail, code: 'inconsistent' }]);
  }
}
