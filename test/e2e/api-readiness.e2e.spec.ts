import type { AddressInfo } from 'node:net';
import { Client } from 'pg';
import type { RedisHandle } from '../../tools/stack/redis';
import { startTestApp, type TestApp } from '../support/app';
import { eventually } from '../support/eventually';
import { startScratchRedis } from '../support/scratch-redis';

// Each step waits for a server to go away or come back (Redis reconnects, the pool reopens): generous on a loaded run.
jest.setTimeout(120_000);

/**
 * The API's public readiness probe (the load balancer's) with the servers it needs taken away one at a time: its own
 * Redis (a dedicated server, so no other suite loses its Redis) and its PostgreSQL database (closed to connections
 * for a moment, which only this jest worker's database feels). The worker's probes: worker-health.e2e.spec.ts.
 */
describe('API readiness', () => {
  let redis: RedisHandle;
  let t: TestApp;
  let base: string;
  const saved = { ...process.env };
  const database = new URL(process.env.DATABASE_URL!).pathname.slice(1);
  const setConnections = async (allow: boolean) => {
    const url = new URL(process.env.DATABASE_URL!);
    url.pathname = '/postgres';
    const client = new Client({ connectionString: url.toString() });
    await client.connect();
    try {
      await client.query(`ALTER DATABASE "${database}" ALLOW_CONNECTIONS ${allow}`);
      if (!allow) await client.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1`, [database]);
    } finally {
      await client.end();
    }
  };
  const ready = async () => {
    const response = await fetch(`${base}/health/ready`);
    return { status: response.status, body: (await response.json()) as { code?: string } };
  };
  /** Live while not ready: the 503 comes from the readiness check, not from a request path that needs the server. */
  const expectOnlyNotReady = async () => {
    const down = await eventually(async () => {
      const answer = await ready();
      expect(answer.status).toBe(503);
      return answer.body;
    });
    // A public probe says that it is not ready, not what is down (the worker's token-guarded probe names it).
    expect(down).toMatchObject({ code: 'SERVICE_UNAVAILABLE' });
    expect((await fetch(`${base}/health/live`)).status).toBe(200);
  };

  beforeAll(async () => {
    redis = await startScratchRedis('api-readiness');
    process.env.REDIS_URL = redis.url;
    t = await startTestApp();
    await t.app.listen(0, '127.0.0.1');
    base = `http://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    await setConnections(true);
    await t?.close();
    await redis?.stop();
    process.env = saved;
  });

  it('should answer 503 while Redis is down, and recover when it is back', async () => {
    expect((await ready()).status).toBe(200);
    await redis.halt('SIGKILL');
    await expectOnlyNotReady();
    await redis.resume();
    await eventually(async () => expect((await ready()).status).toBe(200), 60_000, 250);
  });

  it('should answer 503 while its PostgreSQL database refuses connections, and recover after', async () => {
    await setConnections(false);
    try {
      await expectOnlyNotReady();
    } finally {
      await setConnections(true);
    }
    await eventually(async () => expect((await ready()).status).toBe(200), 60_000, 250);
  });
});
