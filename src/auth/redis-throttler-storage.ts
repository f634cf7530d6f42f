import { Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import type { ThrottlerStorage } from '@nestjs/throttler';
import Redis from 'ioredis';

type ThrottlerStorageRecord = Awaited<ReturnType<ThrottlerStorage['increment']>>;

/**
 * One fixed window per key, counted and started in one step: INCR, and PEXPIRE when the key has no expiry yet (its
 * first hit, or a key somehow left without one). The hit that crosses the limit stretches the window to the block
 * duration when that is longer. Returns hits, the window's milliseconds left, and whether the key is over its limit.
 */
const HIT = `
local hits = redis.call('INCR', KEYS[1])
local left = redis.call('PTTL', KEYS[1])
if left < 0 then
  redis.call('PEXPIRE', KEYS[1], ARGV[1])
  left = tonumber(ARGV[1])
end
local limit = tonumber(ARGV[2])
if hits == limit + 1 and tonumber(ARGV[3]) > left then
  redis.call('PEXPIRE', KEYS[1], ARGV[3])
  left = tonumber(ARGV[3])
end
return { hits, left, hits > limit and 1 or 0 }
`;

/**
 * The throttler's counters in Redis, so a limit holds across all API processes rather than per process. A small
 * storage of our own: the maintained @nest-lab/throttler-storage-redis does not accept Nest 12 as a peer.
 *
 * When Redis cannot answer within `commandTimeoutMs`, the request passes unthrottled (logged once per outage): the
 * API takes reports without Redis (test/faults restarts it under load), and a missing rate limit for the seconds of an
 * outage costs less than refusing every request for them.
 */
export class RedisThrottlerStorage implements ThrottlerStorage, OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(RedisThrottlerStorage.name);
  private readonly client: Redis;
  private failing = false;

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
    try {
      const [hits, leftMs, blocked] = await (
        this.client as unknown as { throttleHit(key: string, ...args: number[]): Promise<[number, number, number]> }
      ).throttleHit(`${this.prefix}${key}`, ttl, limit, blockDuration);
      this.failing = false;
      const seconds = Math.ceil(leftMs / 1000);
      return { totalHits: hits, timeToExpire: seconds, isBlocked: blocked === 1, timeToBlockExpire: blocked === 1 ? seconds : 0 };
    } catch (error) {
      if (!this.failing) this.logger.warn({ err: error }, 'throttle counters unavailable; requests pass unthrottled');
      this.failing = true;
      return { totalHits: 0, timeToExpire: Math.ceil(ttl / 1000), isBlocked: false, timeToBlockExpire: 0 };
    }
  }
}
