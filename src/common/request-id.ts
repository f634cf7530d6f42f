import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

const SAFE_REQUEST_ID = /^[A-Za-z0-9._:-]{1,100}$/;

/**
 * The id of a request: the caller's `x-request-id` when it is safe to echo and log, else a new UUID. Used by
 * pino-http as `genReqId`, echoed in the response header and returned as `traceId` in problem documents.
 */
export function assignRequestId(request: IncomingMessage, response: ServerResponse): string {
  const existing = (request as { id?: unknown }).id;
  if (typeof existing === 'string') return existing;
  const header = request.headers['x-request-id'];
  const id = typeof header === 'string' && SAFE_REQUEST_ID.test(header) ? header : randomUUID();
  (request as { id?: string }).id = id;
  response.setHeader('x-request-id', id);
  return id;
}

export function requestIdOf(request: IncomingMessage): string {
  const id = (request as { id?: unknown }).id;
  return typeof id === 'string' ? id : 'unknown';
}
