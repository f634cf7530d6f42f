import { DomainError, FieldError } from '../common/domain-error';

export class TemplateNotFoundError extends DomainError {
  readonly code = 'TEMPLATE_NOT_FOUND';
  readonly kind = 'not_found';

  constructor() {
    super('No such declaration template.');
  }
}

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
