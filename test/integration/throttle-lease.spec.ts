import { randomUUID } from 'node:crypto';
import { RedisThrottlerStorage } from '../../src/auth/redis-throttler-storage';

const WINDOW_MS = 60_000;

/**
 * Two API processes sharing one Redis: a read budget is leased to each in batches (a fiftieth of the limit), so most
 * reads cost no Redis round trip; every other budget is counted hit by hit.
 */
describe('RedisThrottlerStorage leases', () => {
  const storages: RedisThrottlerStorage[] = [];
  const roundTrips = new Map<RedisThrottlerStorage, number>();

  async function processes(count: number): Promise<RedisThrottlerStorage[]> {
    const prefix = `lease-test-${randomUUID()}:`;
    const made = Array.from({ length: count }, () => new RedisThrottlerStorage(process.env.REDIS_URL!, prefix));
    for (const storage of made) {
      await storage.onModuleInit();
      const client = (storage as unknown as { client: { throttleHit: (...args: unknown[]) => Promise<unknown> } }).client;
      const hit = client.throttleHit.bind(client);
      roundTrips.set(storage, 0);
      client.throttleHit = (...args: unknown[]) => {
        roundTrips.set(storage, roundTrips.get(storage)! + 1);
        return hit(...args);
      };
    }
    storages.push(...made);
    return made;
  }
  afterAll(() => Promise.all(storages.map((storage) => storage.onModuleDestroy())));

  async function admitted(budget: RedisThrottlerStorage[], key: string, limit: number, requests: number): Promise<boolean[]> {
    const answers: boolean[] = [];
    for (let i = 0; i < requests; i++) {
      const record = await budget[i % budget.length].increment(key, WINDOW_MS, limit, WINDOW_MS);
      answers.push(!record.isBlocked);
    }
    return answers;
  }

  it("should admit an actor's reads up to its limit, less at most each process's unspent lease, with a round trip per lease", async () => {
    const [a, b] = await processes(2);
    const answers = await admitted([a, b], 'read:party:anna', 200, 300);
    const admittedCount = answers.filter(Boolean).length;
    // Lease 200 / 50 = 4: each process may hold 3 unspent hits when the count reaches the limit.
    expect(admittedCount).toBeLessThanOrEqual(200);
    expect(admittedCount).toBeGreaterThanOrEqual(200 - 2 * 3);
    // Nothing admitted after the first refusal: a refused actor stays refused for its window.
    expect(answers.slice(answers.indexOf(false)).every((ok) => !ok)).toBe(true);
    // A round trip per lease while admitting (50 each), then one per refused request.
    expect(roundTrips.get(a)! + roundTrips.get(b)!).toBeLessThanOrEqual(200 / 4 + 2 + (300 - admittedCount));
  });

  it('should report the hits spent, one by one, within a lease', async () => {
    const [a] = await processes(1);
    const counts = [];
    for (let i = 0; i < 6; i++) counts.push((await a.increment('read:party:bo', WINDOW_MS, 200, WINDOW_MS)).totalHits);
    expect(counts).toEqual([1, 2, 3, 4, 5, 6]);
    expect(roundTrips.get(a)).toBe(2);
  });

  it('should count small read limits, writes and per-IP budgets hit by hit, exactly', async () => {
    const [a, b] = await processes(2);
    expect(await admitted([a, b], 'read:party:cia', 5, 7)).toEqual([true, true, true, true, true, false, false]);
    expect((await admitted([a, b], 'write:party:cia', 200, 201)).filter(Boolean)).toHaveLength(200);
    expect((await admitted([a, b], 'anonymous:127.0.0.1', 200, 201)).filter(Boolean)).toHaveLength(200);
    expect(roundTrips.get(a)! + roundTrips.get(b)!).toBe(7 + 201 + 201);
  });
});
