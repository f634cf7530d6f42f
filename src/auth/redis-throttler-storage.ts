import { Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import type { ThrottlerStorage } from '@nestjs/throttler';
import Redis from 'ioredis';

type ThrottlerStorageRecord = Awaited<ReturnType<ThrottlerStorage['increment']>>;

/**
 * One fixed window per key, counted and started in one step: INCRBY the hits taken (one, or a read lease), and
 * PEXPIRE when the key has no expiry yet (its first hit, or a key somehow left without one). The take that crosses the
 * limit stretches the window to the block duration when that is longer. Returns the hits counted so far, the window's
 * milliseconds left, and whether the key is over its limit.
 */
const HIT = `
local taken = tonumber(ARGV[4])
local hits = redis.call('INCRBY', KEYS[1], taken)
local left = redis.call('PTTL', KEYS[1])
if left < 0 then
  redis.call('PEXPIRE', KEYS[1], ARGV[1])
  left = tonumber(ARGV[1])
end
local limit = tonumber(ARGV[2])
if hits > limit and hits - taken <= limit and tonumber(ARGV[3]) > left then
  redis.call('PEXPIRE', KEYS[1], ARGV[3])
  left = tonumber(ARGV[3])
end
return { hits, left, hits > limit and 1 or 0 }
`;

/** The key prefix of an actor's read budget (RequestThrottlerGuard), the only budget whose hits are leased. */
export const READ_BUDGET = 'read:';
/** A lease is at most this share of the limit, so leases left unspent in other processes refuse little early. */
const LEASE_SHARE = 50;
const LEASE_MAX = 20;
/** Leases kept per process before the expired ones are swept. */
const LEASES_BEFORE_SWEEP = 10_000;

/** Hits a process took for a read key and has not spent yet, until the window they were counted in ends. */
interface Lease {
  left: number;
  /** The key's count in Redis when taken, so the count a hit reports is the hits spent, not the hits taken. */
  counted: number;
  endsAt: number;
}

/**
 * The throttler's counters in Redis, so a limit holds across all API processes rather than per process. A small
 * storage of our own: the maintained @nest-lab/throttler-storage-redis does not accept Nest 12 as a peer.
 *
 * When Redis cannot answer within `commandTimeoutMs`, the request passes unthrottled (logged once per outage): the
 * API takes reports without Redis (test/faults restarts it under load), and a missing rate limit for the seconds of an
 * outage costs less than refusing every request for them.
 *
 * Reads are leased: a process takes up to a fiftieth of the limit (at most 20 hits, at least one) in one round trip
 * and spends them locally until its window ends. A read then costs no Redis round trip of its own; at ~500 reads a
 * second that round trip was a tenth of the API's CPU (bench, issue 20). The price: hits a process took and did not
 * spend still count, so with P processes an actor may be refused up to P × (lease − 1) reads before its limit, 2 %
 * of it per process. Small limits (under 100) lease one hit at a time and count exactly. Writes and the per-IP budgets
 * are never leased.
 */
export class RedisThrottlerStorage implements ThrottlerStorage, OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(RedisThrottlerStorage.name);
  private readonly client: Redis;
  private failing = false;
  private readonly leases = new Map<string, Lease>();

  constructor(
    redisUrl: string,
    private readonly prefix: string,
    commandTimeoutMs = 1000,
  ) {
    this.client = new Redis(redisUrl, {
      lazyConnect: true,
      enableOfflineQueue: false,
      maxRetriesPerRequest: 1,
      connectTimeout: 2000,
      commandTimeout: commandTimeoutMs,
    });
    this.client.on('error', () => undefined);
    this.client.defineCommand('throttleHit', { numberOfKeys: 1, lua: HIT });
  }

  /** Boot waits for the connection (a failed one only means unthrottled requests until ioredis reconnects). */
  async onModuleInit(): Promise<void> {
    await this.client.connect().catch(() => this.logger.warn('Redis not reachable at start; requests pass unthrottled until it is'));
  }

  async onModuleDestroy(): Promise<void> {
    this.client.disconnect();
  }

  async increment(key: string, ttl: number, limit: number, blockDuration: number): Promise<ThrottlerStorageRecord> {
    const now = Date.now();
    const leased = key.startsWith(READ_BUDGET);
    const lease = leased ? this.leases.get(key) : undefined;
    if (lease && lease.left > 0 && now < lease.endsAt) {
      lease.left -= 1;
      return {
        totalHits: lease.counted - lease.left,
        timeToExpire: Math.ceil((lease.endsAt - now) / 1000),
        isBlocked: false,
        timeToBlockExpire: 0,
      };
    }
    const taken = leased ? Math.min(LEASE_MAX, Math.max(1, Math.floor(limit / LEASE_SHARE))) : 1;
    try {
      const [hits, leftMs] = await (
        this.client as unknown as { throttleHit(key: string, ...args: number[]): Promise<[number, number, number]> }
      ).throttleHit(`${this.prefix}${key}`, ttl, limit, blockDuration, taken);
      this.failing = false;
      const seconds = Math.ceil(leftMs / 1000);
      // This request spends the first hit taken; the rest within the limit are the lease.
      const first = hits - taken + 1;
      if (first > limit) return { totalHits: hits, timeToExpire: seconds, isBlocked: true, timeToBlockExpire: seconds };
      if (taken > 1) this.lease(key, { left: Math.min(hits, limit) - first, counted: Math.min(hits, limit), endsAt: now + leftMs });
      return { totalHits: first, timeToExpire: seconds, isBlocked: false, timeToBlockExpire: 0 };
    } catch (error) {
      if (!this.failing) this.logger.warn({ err: error }, 'throttle counters unavailable; requests pass unthrottled');
      this.failing = true;
      return { totalHits: 0, timeToExpire: Math.ceil(ttl / 1000), isBlocked: false, timeToBlockExpire: 0 };
    }
  }

  private lease(key: string, lease: Lease): void {
    if (this.leases.size >= LEASES_BEFORE_SWEEP) {
      const now = Date.now();
      for (const [other, { endsAt }] of this.leases) if (endsAt <= now) this.leases.delete(other);
    }
    this.leases.set(key, lease);
  }
}
