import { DomainError, notFoundError } from '../common/domain-error';

/** What a multipart upload can be refused for, wherever evidence is uploaded (deviations, declarations). */
export class AttachmentTooLargeError extends DomainError {
  readonly code = 'ATTACHMENT_TOO_LARGE';
  readonly kind = 'too_large';

  constructor(limit: number) {
    super(`The file is larger than the limit of ${limit} bytes.`, [
      { pointer: '/file', detail: `At most ${limit} bytes.`, code: 'maxSize' },
    ]);
  }
}

export class AttachmentTypeError extends DomainError {
  readonly code = 'ATTACHMENT_TYPE_NOT_ALLOWED';
  readonly kind = 'unsupported_media';

  constructor() {
    super('The file is not of an allowed type (png, jpeg, gif, webp, pdf, text/log, json, zip, har); its content decides.', [
      { pointer: '/file', detail: 'Type not allowed.', code: 'fileType' },
    ]);
  }
}

export class InvalidUploadError extends DomainError {
  readonly code = 'UPLOAD_INVALID';
  readonly kind = 'invalid';

  constructor(detail: string) {
    super(detail, [{ pointer: '/file', detail, code: 'multipart' }]);
  }
}

export class AttachmentNotFoundError extends notFoundError('ATTACHMENT_NOT_FOUND', 'No such attachment.') {}
