import { isUtf8 } from 'node:buffer';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { RequestValidationError } from './domain-error';

/**
 * JSON is UTF-8 (RFC 8259 §8.1), and so is every text body we parse. The body parsers decode invalid bytes to
 * U+FFFD without complaint, which would store a replacement character where the sender meant something else; the
 * raw bytes the parsers keep (`rawBody`) are checked here instead, before any handler sees the parsed body.
 */
export function requireUtf8Bodies() {
  return (request: IncomingMessage & { rawBody?: Buffer }, _response: ServerResponse, next: (error?: unknown) => void): void => {
    if (request.rawBody && !isUtf8(request.rawBody)) {
      return next(new RequestValidationError([{ pointer: '', detail: 'The request body is not valid UTF-8.', code: 'utf8' }]));
    }
    next();
  };
}
