import { applyDecorators, createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { ApiHeader } from '@nestjs/swagger';
import type { Request } from 'express';
import { createHash } from 'node:crypto';
import { ApiProblems } from './api-responses';
import { DomainError, RequestValidationError } from './domain-error';
import { WithHeaders } from './response-headers';

const KEY = /^[A-Za-z0-9._:-]{8,200}$/;

/**
 * The request's `Idempotency-Key` header, checked (8–200 characters: letters, digits, . _ : -), or undefined when
 * the client sent none. A retry with the same key and body gets the first answer; the same key with another body
 * is refused (IDEMPOTENCY_KEY_REUSED).
 */
export const IdempotencyKey = createParamDecorator((_data: unknown, context: ExecutionContext): string | undefined => {
  const key = context.switchToHttp().getRequest<Request>().headers['idempotency-key'];
  if (key === undefined) return undefined;
  if (typeof key !== 'string' || !KEY.test(key)) {
    throw new RequestValidationError([
      { header: 'Idempotency-Key', detail: '8–200 characters: letters, digits, . _ : -', code: 'pattern' },
    ]);
  }
  return key;
});

/** OpenAPI for an operation that honours Idempotency-Key. */
/** The header, and the answer to a key reused for another request (422). */
export const ApiIdempotencyKey = (what: string) =>
  applyDecorators(
    ApiHeader({ name: 'Idempotency-Key', required: false, description: `Ett omförsök med samma nyckel ger samma svar, aldrig ${what}.` }),
    ApiProblems(422),
  );

export class IdempotencyKeyReusedError extends DomainError {
  readonly code = 'IDEMPOTENCY_KEY_REUSED';
  readonly kind = 'unprocessable';

  constructor() {
    super('This Idempotency-Key was used for a different request.', [
      { header: 'Idempotency-Key', detail: 'Already used with another body.', code: 'reused' },
    ]);
  }
}

/** What a replay must match: the same body (its canonical JSON) under the same key. */
export function requestHash(body: unknown): string {
  return createHash('sha256').update(JSON.stringify(body)).digest('hex');
}

/** The row an earlier request with the same key made, when its body hashed the same; another body is refused. */
export function replayOf<T extends { idempotencyHash: string | null }>(earlier: T | null, hash: string): T | null {
  if (earlier && earlier.idempotencyHash !== hash) throw new IdempotencyKeyReusedError();
  return earlier;
}

/** An answer given from an earlier request with the same key carries `Idempotent-Replayed: true`. */
export function replayable<T>(body: T, replayed: boolean): WithHeaders<T> {
  return new WithHeaders(body, replayed ? { 'Idempotent-Replayed': 'true' } : {});
}
