// Fault injection and rate limiting. Every random choice comes from one seeded generator, so a failing test replays
// the same faults on the same requests.
import { badRequestMessage } from './errors';

/** Restricts request faults to matching requests, e.g. `{ method: 'POST', path: '/transitions' }`. */
export interface FaultMatch {
  method?: string;
  /** A substring of the request path. */
  path?: string;
}

export interface CountOrRate {
  /** Probability in [0, 1] for each delivery. */
  rate?: number;
  /** The next n deliveries. */
  next?: number;
}

export interface Faults {
  /** Reseeds the generator; defaults to the simulator's seed. */
  seed?: number;
  /** Delay before each matching request is handled. */
  latencyMs?: number;
  /** Probability in [0, 1] that a matching request answers 5xx without being applied. */
  error5xxRate?: number;
  /** The next n matching requests answer 5xx without being applied. */
  fail5xxNext?: number;
  /** Status for injected 5xx answers; default 500. 503 answers carry Retry-After as Jira's do. */
  error5xxStatus?: 500 | 502 | 503 | 504;
  /**
   * The next n matching writes are applied (state, changelog, webhooks) and then never answered: 'hang' keeps the
   * socket open until the client gives up, 'destroy' (default) resets it.
   */
  timeoutAfterApply?: number | { count: number; mode?: 'hang' | 'destroy' };
  /**
   * The next `count` matching writes are held `afterMs` once their body is read, then applied and answered, whether or
   * not the client still waits: Jira goes on with a request whose caller gave up, so an add that timed out on our side
   * may appear in Jira only after the caller has looked for it. `paths` narrows it further than `match` (writes
   * whose path contains one of them), so a suite can hold only its adds while other faults hit everything.
   */
  applyLate?: { count: number; afterMs: number; paths?: string[] };
  /**
   * The next `count` matching reads are answered with what they read when they arrived, but only once the test calls
   * admin.releaseHeldAnswers(): a caller whose answer is slow acts on a state Jira has left meanwhile. `paths` narrows
   * it as for applyLate.
   */
  holdAnswers?: { count: number; paths?: string[] };
  /** The next n matching requests answer 429. */
  rateLimitStorm?: number | { count: number; retryAfterSeconds?: number; reason?: string };
  /** Only request faults honour this; webhook faults apply to every delivery. */
  match?: FaultMatch;
  webhooks?: {
    /** Dropped deliveries are never sent, not even retried: Jira lost them. */
    drop?: CountOrRate;
    /** Duplicated deliveries are sent twice, with the same identifier. */
    duplicate?: CountOrRate;
    /** Holds deliveries until this many are waiting, then sends them newest first. */
    reorder?: number;
  };
}

const FAULT_KEYS = new Set([
  'seed',
  'latencyMs',
  'error5xxRate',
  'fail5xxNext',
  'error5xxStatus',
  'timeoutAfterApply',
  'applyLate',
  'holdAnswers',
  'rateLimitStorm',
  'match',
  'webhooks',
]);
const WEBHOOK_FAULT_KEYS = new Set(['drop', 'duplicate', 'reorder']);

export interface FaultStats {
  latency: number;
  error5xx: number;
  timeoutAfterApply: number;
  applyLate: number;
  heldAnswers: number;
  rateLimitStorm: number;
  rateLimited: number;
}

/** mulberry32: small, fast, and good enough to decide which request fails. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export class FaultState {
  private faults: Faults = {};
  private random: () => number;
  private fail5xxLeft = 0;
  private timeoutsLeft = 0;
  private lateLeft = 0;
  private holdLeft = 0;
  private held: (() => void)[] = [];
  private stormLeft = 0;
  private dropLeft = 0;
  private duplicateLeft = 0;
  stats: FaultStats = emptyStats();

  constructor(private readonly defaultSeed: number) {
    this.random = seededRandom(defaultSeed);
  }

  /** Replaces every fault (an empty object clears them) and restarts the generator. */
  set(faults: Faults): void {
    // A misspelt fault would otherwise silently test nothing.
    const unknown = Object.keys(faults).filter((key) => !FAULT_KEYS.has(key));
    const unknownWebhook = Object.keys(faults.webhooks ?? {}).filter((key) => !WEBHOOK_FAULT_KEYS.has(key));
    if (unknown.length > 0 || unknownWebhook.length > 0) {
      throw badRequestMessage(`Unknown fault(s): ${[...unknown, ...unknownWebhook.map((key) => `webhooks.${key}`)].join(', ')}`);
    }
    this.faults = structuredClone(faults);
    this.random = seededRandom(faults.seed ?? this.defaultSeed);
    this.fail5xxLeft = faults.fail5xxNext ?? 0;
    this.timeoutsLeft = typeof faults.timeoutAfterApply === 'number' ? faults.timeoutAfterApply : (faults.timeoutAfterApply?.count ?? 0);
    this.lateLeft = faults.applyLate?.count ?? 0;
    this.holdLeft = faults.holdAnswers?.count ?? 0;
    this.stormLeft = typeof faults.rateLimitStorm === 'number' ? faults.rateLimitStorm : (faults.rateLimitStorm?.count ?? 0);
    this.dropLeft = faults.webhooks?.drop?.next ?? 0;
    this.duplicateLeft = faults.webhooks?.duplicate?.next ?? 0;
  }

  /** The faults in force, with the "next n" counts that remain. */
  get(): Faults {
    const current = structuredClone(this.faults);
    if (current.fail5xxNext !== undefined) current.fail5xxNext = this.fail5xxLeft;
    if (typeof current.timeoutAfterApply === 'number') current.timeoutAfterApply = this.timeoutsLeft;
    else if (current.timeoutAfterApply) current.timeoutAfterApply.count = this.timeoutsLeft;
    if (current.applyLate) current.applyLate.count = this.lateLeft;
    if (current.holdAnswers) current.holdAnswers.count = this.holdLeft;
    if (typeof current.rateLimitStorm === 'number') current.rateLimitStorm = this.stormLeft;
    else if (current.rateLimitStorm) current.rateLimitStorm.count = this.stormLeft;
    if (current.webhooks?.drop?.next !== undefined) current.webhooks.drop.next = this.dropLeft;
    if (current.webhooks?.duplicate?.next !== undefined) current.webhooks.duplicate.next = this.duplicateLeft;
    return current;
  }

  reset(): void {
    this.releaseHeld();
    this.set({});
    this.stats = emptyStats();
  }

  matches(method: string, path: string): boolean {
    const match = this.faults.match;
    if (!match) return true;
    if (match.method && match.method.toUpperCase() !== method.toUpperCase()) return false;
    return !match.path || path.includes(match.path);
  }

  latencyMs(): number {
    const latency = this.faults.latencyMs ?? 0;
    if (latency > 0) this.stats.latency++;
    return latency;
  }

  /** The 5xx status to answer instead of handling the request, if one is due. */
  take5xx(): number | undefined {
    let due = false;
    if (this.fail5xxLeft > 0) {
      this.fail5xxLeft--;
      due = true;
    } else if ((this.faults.error5xxRate ?? 0) > 0) {
      due = this.random() < this.faults.error5xxRate!;
    }
    if (!due) return undefined;
    this.stats.error5xx++;
    return this.faults.error5xxStatus ?? 500;
  }

  takeStorm(): { retryAfterSeconds: number; reason: string } | undefined {
    if (this.stormLeft <= 0) return undefined;
    this.stormLeft--;
    this.stats.rateLimitStorm++;
    const storm: { retryAfterSeconds?: number; reason?: string } =
      typeof this.faults.rateLimitStorm === 'object' ? this.faults.rateLimitStorm : {};
    return { retryAfterSeconds: storm.retryAfterSeconds ?? 1, reason: storm.reason ?? 'jira-burst-based' };
  }

  /** Called once a matching write has been applied: whether to swallow its answer, and how. */
  takeTimeout(): 'hang' | 'destroy' | undefined {
    if (this.timeoutsLeft <= 0) return undefined;
    this.timeoutsLeft--;
    this.stats.timeoutAfterApply++;
    const option = this.faults.timeoutAfterApply;
    return typeof option === 'object' ? (option.mode ?? 'destroy') : 'destroy';
  }

  /** How long to hold a matching write before applying it, if one is due (see Faults.applyLate). */
  takeLateApply(path: string): number | undefined {
    if (this.lateLeft <= 0) return undefined;
    const paths = this.faults.applyLate!.paths;
    if (paths && !paths.some((p) => path.includes(p))) return undefined;
    this.lateLeft--;
    this.stats.applyLate++;
    return this.faults.applyLate!.afterMs;
  }

  /** Keeps a matching read's answer (made by `freeze` only then) until releaseHeld(), if one is due (see Faults.holdAnswers). */
  holdAnswer(path: string, freeze: () => () => void): boolean {
    if (this.holdLeft <= 0) return false;
    const paths = this.faults.holdAnswers!.paths;
    if (paths && !paths.some((p) => path.includes(p))) return false;
    this.holdLeft--;
    this.stats.heldAnswers++;
    this.held.push(freeze());
    return true;
  }

  /** Sends the held answers; says how many. */
  releaseHeld(): number {
    const answers = this.held;
    this.held = [];
    for (const answer of answers) answer();
    return answers.length;
  }

  takeDrop(): boolean {
    if (this.dropLeft > 0) {
      this.dropLeft--;
      return true;
    }
    return this.roll(this.faults.webhooks?.drop?.rate);
  }

  takeDuplicate(): boolean {
    if (this.duplicateLeft > 0) {
      this.duplicateLeft--;
      return true;
    }
    return this.roll(this.faults.webhooks?.duplicate?.rate);
  }

  reorderBatch(): number {
    return this.faults.webhooks?.reorder ?? 0;
  }

  /** Jitter for webhook retry backoff, from the same generator. */
  jitter(): number {
    return this.random();
  }

  private roll(rate: number | undefined): boolean {
    return (rate ?? 0) > 0 && this.random() < rate!;
  }
}

function emptyStats(): FaultStats {
  return { latency: 0, error5xx: 0, timeoutAfterApply: 0, applyLate: 0, heldAnswers: 0, rateLimitStorm: 0, rateLimited: 0 };
}

export interface WindowVerdict {
  allowed: boolean;
  limit: number;
  remaining: number;
  /** When the oldest counted request leaves the window. */
  resetAt: number;
}

/** Sliding-window counters keyed by scope (an endpoint, an issue). */
export class SlidingWindowLimiter {
  private readonly hits = new Map<string, number[]>();

  hit(key: string, limit: number, windowMs: number, now: number): WindowVerdict {
    const recent = (this.hits.get(key) ?? []).filter((at) => at > now - windowMs);
    const allowed = recent.length < limit;
    if (allowed) recent.push(now);
    this.hits.set(key, recent);
    const resetAt = (recent[0] ?? now) + windowMs;
    return { allowed, limit, remaining: Math.max(0, limit - recent.length), resetAt };
  }

  reset(): void {
    this.hits.clear();
  }
}
