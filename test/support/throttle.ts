import Redis from 'ioredis';

/**
 * Empties this jest worker's throttle counters (they live in Redis and outlast an app), so each test app starts with
 * full budgets as a fresh API process would have with counters of its own.
 */
export async function resetThrottleCounters(): Promise<void> {
  const redis = new Redis(process.env.REDIS_URL!, { lazyConnect: true, maxRetriesPerRequest: 1 });
  try {
    await redis.connect();
    const keys = await redis.keys(`${process.env.QUEUE_PREFIX}:throttle:*`);
    if (keys.length > 0) await redis.del(...keys);
  } finally {
    redis.disconnect();
  }
}
