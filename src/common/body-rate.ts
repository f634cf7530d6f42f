import { Logger } from '@nestjs/common';
import type { Request, Response } from 'express';
import { DomainError } from './domain-error';
import { ProblemDetailsFilter } from './problem-details.filter';
import { requestIdOf } from './request-id';

/**
 * The slowest request body the API waits for, averaged over a window. 8 KiB/s is 64 kbit/s: a 25 MB attachment
 * (ATTACHMENT_MAX_BYTES) still arrives in 53 minutes, slower than any municipal office line or rural 4G uplink we
 * know of (0.5 Mbit/s and up, 8 times the floor), so only a broken link or a deliberate trickle falls below it.
 * Holding a connection open therefore costs a sender at least 8 KiB/s instead of 1 byte/s.
 */
export const BODY_MIN_BYTES_PER_SECOND = 8 * 1024;
/**
 * 30 s rides out what a working link does: a TCP retransmission back-off of a few seconds, a mobile handover, a
 * paused laptop lid for a moment. The first window is the grace period (TCP slow start, the client's own start).
 */
export const BODY_RATE_WINDOW_MS = 30_000;

export interface BodyRate {
  minBytesPerSecond: number;
  windowMs: number;
}

export class BodyTooSlowError extends DomainError {
  readonly code = 'BODY_TOO_SLOW';
  readonly kind = 'timeout';

  constructor(rate: BodyRate) {
    super(
      `The request body arrived slower than ${rate.minBytesPerSecond} bytes per second over ${rate.windowMs / 1000} s; nothing was kept.`,
      undefined,
      { minBytesPerSecond: rate.minBytesPerSecond, windowSeconds: rate.windowMs / 1000 },
    );
  }
}

/** The same mapping of an error to a problem document as every other answer, for the one answer written here. */
const problems = new ProblemDetailsFilter();
const logger = new Logger('BodyRate');

/**
 * Cuts a sender whose body arrives below the minimum rate: at the end of each window, bytes received on the socket
 * in it are compared with the floor. It answers 408 problem+json when no answer has started, and closes the
 * connection either way; whatever was reading the body then sees it aborted and keeps nothing. A window in which the
 * API itself held the body back (data waiting unread, e.g. behind a slow file store) is not held against the
 * sender; Node's requestTimeout (src/common/server-timeouts.ts) bounds that case.
 */
export function watchBodyRate(request: Request, response: Response, rate: BodyRate): void {
  const socket = request.socket;
  const floor = (rate.minBytesPerSecond * rate.windowMs) / 1000;
  let mark = socket.bytesRead;
  const timer = setInterval(() => {
    if (request.complete || socket.destroyed) return clearInterval(timer);
    const received = socket.bytesRead - mark;
    mark = socket.bytesRead;
    if (received >= floor || request.readableLength > 0) return;
    clearInterval(timer);
    logger.warn({ traceId: requestIdOf(request), received, windowMs: rate.windowMs }, 'request body below the minimum rate; cut');
    cut(request, response, rate);
  }, rate.windowMs);
  timer.unref();
  request.once('close', () => clearInterval(timer));
}

function cut(request: Request, response: Response, rate: BodyRate): void {
  if (response.headersSent) {
    request.socket.destroy();
    return;
  }
  const body = JSON.stringify(problems.toProblem(new BodyTooSlowError(rate), request));
  response.writeHead(408, {
    'Content-Type': 'application/problem+json',
    'Content-Length': Buffer.byteLength(body),
    Connection: 'close',
  });
  response.end(body, () => request.socket.destroy());
}
