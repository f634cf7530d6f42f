import { DomainError, FieldError, notFoundError } from '../common/domain-error';

export class TemplateNotFoundError extends notFoundError('TEMPLATE_NOT_FOUND', 'No such declaration template.') {}

export class InvalidTemplateDocumentError extends DomainError {
  readonly code = 'TEMPLATE_DOCUMENT_INVALID';
  readonly kind = 'unprocessable';

  constructor(errors: FieldError[]) {
    super('The template document does not follow the template schema.', errors);
  }
}

export class TemplateVersionConflictError extends DomainError {
  readonly code = 'TEMPLATE_VERSION_CONFLICT';
  readonly kind = 'conflict';

  constructor(latest: number) {
    super(`The version must be greater than the latest version ${latest} of this template.`, [
      { pointer: '/version', detail: `Must be greater than ${latest}.`, code: 'min' },
    ]);
  }
}

export class TemplateStateError extends DomainError {
  readonly code = 'TEMPLATE_STATE_CONFLICT';
  readonly kind = 'conflict';

  constructor(status: string, action: string) {
    super(`A template with status ${status} cannot be ${action}.`, undefined, { currentStatus: status });
  }
}

export class DeclarationNotFoundError extends notFoundError('DECLARATION_NOT_FOUND', 'No such declaration.') {}

/** The declaration is submitted or decided: the party may not change it until a review reopens it. */
export class DeclarationLockedError extends DomainError {
  readonly code = 'DECLARATION_LOCKED';
  readonly kind = 'conflict';

  constructor(status: string) {
    super(`A declaration with status ${status} cannot be changed.`, undefined, { currentStatus: status });
  }
}

export class DeclarationStateError extends DomainError {
  readonly code = 'DECLARATION_STATE_CONFLICT';
  readonly kind = 'conflict';

  constructor(status: string, action: string) {
    super(`A declaration with status ${status} cannot be ${action}.`, undefined, { currentStatus: status });
  }
}

export class DeclarationVersionMismatchError extends DomainError {
  readonly code = 'DECLARATION_VERSION_MISMATCH';
  readonly kind = 'precondition_failed';

  constructor(current: number) {
    super('The declaration has changed since you read it; read it again and reapply your change.', [
      { header: 'If-Match', detail: `The current version is ${current}.`, code: 'stale' },
    ]);
  }
}

/** Answers, citations or evidence that break the template's rules; nothing of the request is written. */
export class InvalidAnswersError extends DomainError {
  readonly code = 'DECLARATION_ANSWERS_INVALID';
  readonly kind = 'unprocessable';

  constructor(errors: FieldError[]) {
    super('Some answers do not follow the rules of the template.', errors);
  }
}

export class DeclarationIncompleteError extends DomainError {
  readonly code = 'DECLARATION_INCOMPLETE';
  readonly kind = 'unprocessable';

  constructor(errors: FieldError[]) {
    super('The declaration lacks what must be there before it can be submitted.', errors);
  }
}

export class InvalidReviewError extends DomainError {
  readonly code = 'DECLARATION_REVIEW_INVALID';
  readonly kind = 'unprocessable';

  constructor(errors: FieldError[]) {
    super('The review lacks what its outcome requires.', errors);
  }
}

/** The template is meant for other kinds of party (the SSBTEK template is the Driftleverantör's, seed 000). */
export class TemplateNotForPartyKindError extends DomainError {
  readonly code = 'TEMPLATE_NOT_FOR_PARTY_KIND';
  readonly kind = 'unprocessable';

  constructor(partyKinds: readonly string[]) {
    super(`This template is filled in by another kind of party: ${partyKinds.join(', ')}.`, [
      { pointer: '/templateId', detail: `Filled in by: ${partyKinds.join(', ')}.`, code: 'partyKind' },
    ]);
  }
}

export class TemplateNotPublishedError extends DomainError {
  readonly code = 'TEMPLATE_NOT_PUBLISHED';
  readonly kind = 'unprocessable';

  constructor() {
    super('Declarations can only be started on a published template version.', [
      { pointer: '/templateId', detail: 'Not a published template version.', code: 'published' },
    ]);
  }
}

export class DeclarationAttachmentInUseError extends DomainError {
  readonly code = 'DECLARATION_ATTACHMENT_IN_USE';
  readonly kind = 'conflict';

  constructor(pointers: string[]) {
    super(
      'Answers cite this attachment as evidence; change those answers first.',
      pointers.map((pointer) => ({ pointer, detail: 'Cites the attachment.', code: 'inUse' })),
    );
  }
}
