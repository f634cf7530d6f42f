import type { NextFunction, Request, Response } from 'express';
import { type BodyRate, watchBodyRate } from './body-rate';
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

export class TooManyLargeBodiesError extends DomainError {
  readonly code = 'TOO_MANY_LARGE_BODIES';
  readonly kind = 'rate_limited';

  constructor(perSender: number) {
    super(`At most ${perSender} large requests of one sender are handled or waiting at once; send it again when one is answered.`);
  }
}

/**
 * Who sends a large body, established before any of it is read: the actor of a valid bearer token, or for the
 * Jira webhook (signed by HMAC over the body itself, so it cannot be checked first) the client IP. It throws (401)
 * when the sender cannot be authenticated.
 */
export interface BodySender {
  budget: 'api' | 'webhook';
  key: string;
}

export interface BodyBudget {
  slots: number;
  webhookSlots: number;
  slotsPerSender: number;
  waitMs: number;
  rate: BodyRate;
  thresholdBytes?: number;
}

/**
 * Parsing a JSON body costs several times its size in heap: the raw buffer (kept for webhook signatures), the
 * string, the parsed object and its validated copy. The API's heap is capped (tools/stack/node-flags.ts), so large
 * bodies take turns: at most `slots` are read and handled at once; the others wait unread (TCP holds the sender back,
 * nothing is buffered here) and are refused with 503 problem+json after `waitMs`. A body without a declared length
 * counts as large. Multipart uploads are streamed, not buffered, and take no slot.
 *
 * A slot is only given to an authenticated sender, at most `slotsPerSender` to one (429 past it), and the Jira
 * webhook has a small budget of its own: before this, eight anonymous connections sending a byte a second held every
 * slot for five minutes. Every body, large or not, is read at the minimum rate or cut (src/common/body-rate.ts).
 * A refused large body closes its connection, so its sender is not read further for nothing.
 */
export function largeBodyTurns(budget: BodyBudget, senderOf: (request: Request) => Promise<BodySender>): LargeBodyTurns {
  const threshold = budget.thresholdBytes ?? LARGE_BODY_BYTES;
  const turns = { api: new Turns(budget.slots), webhook: new Turns(budget.webhookSlots) };
  const bySender = new Map<string, number>();

  /** Resolves true when the body may be read, false when its sender is gone; rejects with the refusal. */
  const admit = async (request: Request, response: Response): Promise<boolean> => {
    const sender = await senderOf(request);
    const held = bySender.get(sender.key) ?? 0;
    if (held >= budget.slotsPerSender) throw new TooManyLargeBodiesError(budget.slotsPerSender);
    bySender.set(sender.key, held + 1);
    whenDone(response, () => {
      const left = bySender.get(sender.key)! - 1;
      if (left === 0) bySender.delete(sender.key);
      else bySender.set(sender.key, left);
    });
    const turn = await turns[sender.budget].take(response, budget.waitMs);
    if (turn === 'busy') throw new ServerBusyError();
    return turn === 'granted';
  };

  const middleware = (request: Request, response: Response, next: NextFunction): void => {
    if (!hasBody(request)) return next();
    if (!isLarge(request, threshold)) {
      watchBodyRate(request, response, budget.rate);
      return next();
    }
    admit(request, response).then(
      (admitted) => {
        if (!admitted) return;
        watchBodyRate(request, response, budget.rate);
        next();
      },
      (error: unknown) => {
        response.setHeader('Connection', 'close');
        if (error instanceof TooManyLargeBodiesError || error instanceof ServerBusyError) response.setHeader('Retry-After', '2');
        next(error);
      },
    );
  };
  const load = () => ({
    api: { inUse: turns.api.inUse, waiting: turns.api.waiting.length },
    webhook: { inUse: turns.webhook.inUse, waiting: turns.webhook.waiting.length },
  });
  return Object.assign(middleware, { load });
}

/** The middleware, and how many large bodies hold a slot or wait for one in each budget (for the metrics gauge). */
export interface LargeBodyTurns {
  (request: Request, response: Response, next: NextFunction): void;
  load(): Record<BodySender['budget'], { inUse: number; waiting: number }>;
}

/** Slots taken in arrival order; a slot is held until the answer is sent or the connection is gone. */
class Turns {
  inUse = 0;
  readonly waiting: Array<() => void> = [];

  constructor(private readonly slots: number) {}

  take(response: Response, waitMs: number): Promise<'granted' | 'busy' | 'gone'> {
    return new Promise((resolve) => {
      const start = () => {
        whenDone(response, () => this.release());
        resolve('granted');
      };
      if (this.inUse < this.slots) {
        this.inUse++;
        return start();
      }
      const timer = setTimeout(() => {
        this.waiting.splice(this.waiting.indexOf(turn), 1);
        resolve('busy');
      }, waitMs);
      const turn = () => {
        clearTimeout(timer);
        if (!response.destroyed) return start();
        this.release();
        resolve('gone');
      };
      this.waiting.push(turn);
    });
  }

  private release(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.inUse--;
  }
}

function whenDone(response: Response, done: () => void): void {
  let called = false;
  const once = () => {
    if (called) return;
    called = true;
    done();
  };
  response.once('finish', once).once('close', once);
}

function hasBody(request: Request): boolean {
  const length = request.headers['content-length'];
  return length === undefined ? request.headers['transfer-encoding'] !== undefined : length !== '0';
}

function isLarge(request: Request, threshold: number): boolean {
  if (request.method === 'GET' || request.method === 'HEAD' || request.method === 'OPTIONS') return false;
  if ((request.headers['content-type'] ?? '').startsWith('multipart/')) return false;
  const length = request.headers['content-length'];
  if (length === undefined) return request.headers['transfer-encoding'] !== undefined;
  return !(Number(length) <= threshold);
}
