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
    super(
      'The file is not of an allowed type (png, jpeg, gif, webp, pdf, plain text/csv/log, json, har, zip and office documents); ' +
        'its content decides. Executables, HTML, SVG and scripts are refused.',
      [{ pointer: '/file', detail: 'Type not allowed.', code: 'fileType' }],
    );
  }
}

/** A file name whose extension no evidence type carries, or that disagrees with the content (a PNG named `tool.exe`). */
export class AttachmentExtensionError extends DomainError {
  readonly code = 'ATTACHMENT_EXTENSION_NOT_ALLOWED';
  readonly kind = 'unsupported_media';

  constructor(detail: string) {
    super(detail, [{ pointer: '/file/filename', detail, code: 'fileExtension' }]);
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
