import type { IncomingMessage, ServerResponse } from 'node:http';
import { DomainError } from './domain-error';

/** Bodies up to this size (every ordinary report or answer) are parsed without waiting their turn. */
export const LARGE_BODY_BYTES = 64 * 1024;
/** How many large bodies are read and handled at once. */
export const LARGE_BODY_SLOTS = 8;
/** How long a large body waits for a slot before it is refused with 503 and Retry-After. */
export const LARGE_BODY_WAIT_MS = 10_000;

export class ServerBusyError extends DomainError {
  readonly code = 'SERVER_BUSY';
  readonly kind = 'unavailable';

  constructor() {
    super('Too many large requests are being handled right now; send it again in a moment.');
  }
}

/**
 * Parsing a JSON body costs several times its size in heap: the raw buffer (kept for webhook signatures), the
 * string, the parsed object and its validated copy. The API's heap is capped (tools/stack/node-flags.ts), and bodies
 * are parsed before authentication, so anyone sending fifty maximum-size bodies at once could exhaust it and take
 * the API down for everyone. Large bodies therefore take turns: at most `slots` are read and handled at once; the
 * others wait unread (TCP holds the sender back, nothing is buffered here) and are refused with 503 problem+json
 * after `waitMs`. A body without a declared length counts as large. Multipart uploads are streamed, not buffered,
 * and do not take part.
 */
export function largeBodyTurns(options: { slots?: number; waitMs?: number; thresholdBytes?: number } = {}) {
  const slots = options.slots ?? LARGE_BODY_SLOTS;
  const waitMs = options.waitMs ?? LARGE_BODY_WAIT_MS;
  const threshold = options.thresholdBytes ?? LARGE_BODY_BYTES;
  let inUse = 0;
  const waiting: Array<() => void> = [];

  const release = () => {
    const next = waiting.shift();
    if (next) next();
    else inUse--;
  };

  return (request: IncomingMessage, response: ServerResponse, next: (error?: unknown) => void): void => {
    if (!isLarge(request, threshold)) return next();
    let released = false;
    const start = () => {
      // The slot is held until the answer is sent or the connection is gone, whichever comes first.
      const done = () => {
        if (released) return;
        released = true;
        release();
      };
      response.once('finish', done).once('close', done);
      next();
    };
    if (inUse < slots) {
      inUse++;
      return start();
    }
    const timer = setTimeout(() => {
      waiting.splice(waiting.indexOf(turn), 1);
      response.setHeader('Retry-After', '2');
      next(new ServerBusyError());
    }, waitMs);
    const turn = () => {
      clearTimeout(timer);
      if (response.destroyed) return release();
      start();
    };
    waiting.push(turn);
  };
}

function isLarge(request: IncomingMessage, threshold: number): boolean {
  if (request.method === 'GET' || request.method === 'HEAD' || request.method === 'OPTIONS') return false;
  if ((request.headers['content-type'] ?? '').startsWith('multipart/')) return false;
  const length = request.headers['content-length'];
  if (length === undefined) return request.headers['transfer-encoding'] !== undefined;
  return !(Number(length) <= threshold);
}
