import { HealthIndicatorService } from '@nestjs/terminus';
import { createServer } from 'node:net';
import { type AppConfig } from '../../src/config/app-config';
import { RedisHealthIndicator } from '../../src/health/redis.health';

/** A port nothing listens on: taken from the kernel, then let go. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

// The readiness probe is what takes an instance out of the load balancer; "up" with Redis away would keep sending it
// requests whose jobs can only fail. The e2e suite sees Redis up; this one takes it away.
describe(RedisHealthIndicator.name, () => {
  const indicators: RedisHealthIndicator[] = [];
  const indicatorFor = (url: string) => {
    const indicator = new RedisHealthIndicator({ REDIS_URL: url } as AppConfig, new HealthIndicatorService());
    indicators.push(indicator);
    return indicator;
  };

  afterAll(() => Promise.all(indicators.map((indicator) => indicator.onModuleDestroy())));

  it('should report Redis down when nothing answers on its port', async () => {
    const result = await indicatorFor(`redis://127.0.0.1:${await closedPort()}`).isHealthy('redis');
    expect(result).toEqual({ redis: { status: 'down', message: expect.stringMatching(/ECONNREFUSED|connect|Connection/i) } });
  });

  it('should report Redis up when it answers PONG', async () => {
    const url = process.env.REDIS_URL;
    if (!url) throw new Error('REDIS_URL is unset: this suite needs the Redis server that jest’s global setup starts.');
    expect(await indicatorFor(url).isHealthy('redis')).toEqual({ redis: { status: 'up' } });
  });
});
