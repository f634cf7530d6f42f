import type { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Client } from 'pg';
import { freePort } from '../../tools/stack/ports';
import type { RedisHandle } from '../../tools/stack/redis';
import { JiraSyncProcessor } from '../../src/jira/jira-sync.processor';
import { QUEUE_NAMES } from '../../src/queues/queue-names';
import { WorkerModule } from '../../src/worker.module';
import { eventually } from '../support/eventually';
import { startScratchRedis } from '../support/scratch-redis';

// Each step waits for a server to go away or come back (Redis reconnects, the pool reopens): generous on a loaded run.
jest.setTimeout(120_000);

interface Readiness {
  status: string;
  checks: Record<string, { status: string; message?: string }>;
}

/**
 * The worker's probes on its operator listener (METRICS_PORT), with the servers it needs taken away one at a time:
 * its own Redis (a dedicated server, so no other suite loses its Redis) and its PostgreSQL database (closed to
 * connections for a moment, which only this jest worker's database feels).
 */
describe('worker liveness and readiness', () => {
  let redis: RedisHandle;
  let worker: INestApplicationContext;
  let base: string;
  const saved = { ...process.env };
  const database = new URL(process.env.DATABASE_URL!).pathname.slice(1);
  const admin = () => {
    const url = new URL(process.env.DATABASE_URL!);
    url.pathname = '/postgres';
    return url.toString();
  };
  const setConnections = async (allow: boolean) => {
    const client = new Client({ connectionString: admin() });
    await client.connect();
    try {
      await client.query(`ALTER DATABASE "${database}" ALLOW_CONNECTIONS ${allow}`);
      if (!allow) await client.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1`, [database]);
    } finally {
      await client.end();
    }
  };

  beforeAll(async () => {
    redis = await startScratchRedis('worker-health');
    process.env.REDIS_URL = redis.url;
    process.env.METRICS_PORT = String(await freePort());
    delete process.env.METRICS_TOKEN;
    base = `http://127.0.0.1:${process.env.METRICS_PORT}`;
    worker = await NestFactory.createApplicationContext(WorkerModule, { logger: false });
    await worker.init();
  });

  afterAll(async () => {
    await setConnections(true);
    await worker?.close();
    await redis?.stop();
    process.env = saved;
  });

  const ready = async (): Promise<{ status: number; body: Readiness }> => {
    const response = await fetch(`${base}/health/ready`);
    return { status: response.status, body: (await response.json()) as Readiness };
  };

  it('should be live and ready with PostgreSQL, Redis and every queue consumer up', async () => {
    const live = await fetch(`${base}/health/live`);
    expect(live.status).toBe(200);
    expect(await live.json()).toEqual({ status: 'ok' });
    const { status, body } = await ready();
    expect(status).toBe(200);
    const queues = Object.values(QUEUE_NAMES)
      .filter((name) => body.checks[`queue:${name}`])
      .sort();
    expect(queues.length).toBeGreaterThanOrEqual(4);
    expect(body).toEqual({
      status: 'ok',
      checks: {
        postgres: { status: 'up' },
        redis: { status: 'up' },
        ...Object.fromEntries(queues.map((q) => [`queue:${q}`, { status: 'up' }])),
      },
    });
  });

  it('should answer 503 naming the paused consumer, and be ready again when it resumes', async () => {
    const consumer = worker.get(JiraSyncProcessor).worker;
    await consumer.pause(true);
    try {
      const paused = await ready();
      expect(paused.status).toBe(503);
      expect(paused.body.checks[`queue:${consumer.name}`]).toEqual({ status: 'down', message: 'paused' });
    } finally {
      await consumer.resume();
    }
    await eventually(async () => expect((await ready()).status).toBe(200));
  });

  it('should answer 503 naming Redis while it is down, and recover when it is back', async () => {
    await redis.halt('SIGKILL');
    const down = await eventually(async () => {
      const answer = await ready();
      expect(answer.status).toBe(503);
      return answer.body;
    });
    expect(down.checks.redis.status).toBe('down');
    expect(down.checks.postgres).toEqual({ status: 'up' });
    await redis.resume();
    await eventually(async () => expect((await ready()).status).toBe(200), 60_000, 250);
  });

  it('should answer 503 naming PostgreSQL while its database refuses connections, and recover after', async () => {
    await setConnections(false);
    try {
      const down = await eventually(async () => {
        const answer = await ready();
        expect(answer.status).toBe(503);
        return answer.body;
      });
      expect(down.checks.postgres.status).toBe('down');
      expect(down.checks.redis).toEqual({ status: 'up' });
    } finally {
      await setConnections(true);
    }
    await eventually(async () => expect((await ready()).status).toBe(200), 60_000, 250);
  });

  it('should keep the probes under the metrics access rule', async () => {
    const relayed = await fetch(`${base}/health/ready`, { headers: { 'X-Forwarded-For': '203.0.113.9' } });
    expect(relayed.status).toBe(401);
    expect(relayed.headers.get('content-type')).toContain('application/problem+json');
  });
});
