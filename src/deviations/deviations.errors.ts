import { DomainError, FieldError, notFoundError } from '../common/domain-error';

export class DeviationNotFoundError extends notFoundError('DEVIATION_NOT_FOUND', 'No such deviation.') {}

export class ReporterOnlyError extends DomainError {
  readonly code = 'DEVIATION_REPORTER_ONLY';
  readonly kind = 'forbidden';

  constructor() {
    super('Only the reporting party changes what it reported; the responsible party comments and adds evidence.');
  }
}

export class IllegalTransitionError extends DomainError {
  readonly code = 'DEVIATION_TRANSITION_NOT_ALLOWED';
  readonly kind = 'conflict';

  constructor(from: string, to: string, allowed: readonly string[]) {
    super(`A deviation with status ${from} cannot become ${to}.`, undefined, { currentStatus: from, allowedTransitions: allowed });
  }
}

export class DeviationIncompleteError extends DomainError {
  readonly code = 'DEVIATION_INCOMPLETE';
  readonly kind = 'unprocessable';

  constructor(errors: FieldError[]) {
    super('The deviation lacks what seed 000 requires before it can be submitted.', errors);
  }
}

export class VersionMismatchError extends DomainError {
  readonly code = 'DEVIATION_VERSION_MISMATCH';
  readonly kind = 'precondition_failed';

  constructor(current: number) {
    super('The deviation has changed since you read it; read it again and reapply your change.', [
      { header: 'If-Match', detail: `The current version is ${current}.`, code: 'stale' },
    ]);
  }
}

export class DeviationNotEditableError extends DomainError {
  readonly code = 'DEVIATION_NOT_EDITABLE';
  readonly kind = 'conflict';

  constructor(status: string) {
    super(`A deviation with status ${status} can no longer be changed.`, undefined, { currentStatus: status });
  }
}

export class ReopenWindowClosedError extends DomainError {
  readonly code = 'REOPEN_WINDOW_CLOSED';
  readonly kind = 'conflict';

  constructor(days: number) {
    super(`A solved deviation can be reopened within ${days} days; report a new deviation instead.`);
  }
}

export class InternalNoteNotAllowedError extends DomainError {
  readonly code = 'INTERNAL_NOTE_SKR_ONLY';
  readonly kind = 'forbidden';

  constructor() {
    super('Only SKR writes internal notes; send the comment without "internal" to share it with SKR.', [
      { pointer: '/internal', detail: 'Only SKR may set this.', code: 'skrOnly' },
    ]);
  }
}

// Upload errors live with the upload receiver; re-exported for the deviation code that names them.
export { AttachmentNotFoundError, AttachmentTooLargeError, AttachmentTypeError, InvalidUploadError } from '../storage/upload.errors';
