import { Injectable, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import { WorkerHost } from '@nestjs/bullmq';
import { DataSource } from 'typeorm';
import Redis from 'ioredis';
import { AppConfig } from '../config/app-config';
import { MetricsServer } from '../metrics/metrics-server';

const PROBE_TIMEOUT_MS = 2000;

export interface CheckResult {
  status: 'up' | 'down';
  message?: string;
}

export interface Readiness {
  status: 'ok' | 'error';
  checks: Record<string, CheckResult>;
}

/**
 * Whether this process can do its work: PostgreSQL and Redis answer, and — in a process with queue consumers (the
 * worker) — every consumer is running and not paused. Served at `/health/live` and `/health/ready` on the operator's
 * listener (METRICS_PORT), which is the worker's only HTTP surface; an orchestrator restarts or drains on it.
 */
@Injectable()
export class ProcessReadiness implements OnApplicationBootstrap, OnModuleDestroy {
  // A connection of its own that fails fast instead of queueing commands while Redis is away.
  private readonly redis: Redis;

  constructor(
    config: AppConfig,
    private readonly dataSource: DataSource,
    private readonly discovery: DiscoveryService,
    private readonly server: MetricsServer,
  ) {
    this.redis = new Redis(config.REDIS_URL, {
      lazyConnect: true,
      maxRetriesPerRequest: 1,
      enableOfflineQueue: false,
      connectTimeout: PROBE_TIMEOUT_MS,
    });
    this.redis.on('error', () => undefined);
  }

  onApplicationBootstrap(): void {
    this.server.route('/health/live', async () => ({ status: 200, body: { status: 'ok' } }));
    this.server.route('/health/ready', async () => {
      const readiness = await this.check();
      return { status: readiness.status === 'ok' ? 200 : 503, body: readiness };
    });
  }

  async check(): Promise<Readiness> {
    const checks: Record<string, CheckResult> = {
      postgres: await probe(() => this.dataSource.query('SELECT 1')),
      redis: await probe(async () => {
        if (this.redis.status === 'wait' || this.redis.status === 'end') await this.redis.connect();
        if ((await this.redis.ping()) !== 'PONG') throw new Error('unexpected answer to PING');
      }),
    };
    for (const host of this.consumers()) {
      const worker = host.worker;
      // Paused first: a paused worker's main loop ends, so it is also not running, and "paused" says why.
      checks[`queue:${worker.name}`] = worker.isPaused()
        ? { status: 'down', message: 'paused' }
        : !worker.isRunning()
          ? { status: 'down', message: 'not consuming' }
          : { status: 'up' };
    }
    return { status: Object.values(checks).every((c) => c.status === 'up') ? 'ok' : 'error', checks };
  }

  onModuleDestroy(): void {
    this.redis.disconnect();
  }

  private consumers(): WorkerHost[] {
    return this.discovery
      .getProviders()
      .map((wrapper) => wrapper.instance as unknown)
      .filter((instance): instance is WorkerHost => instance instanceof WorkerHost);
  }
}

async function probe(call: () => Promise<unknown>): Promise<CheckResult> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${PROBE_TIMEOUT_MS} ms`)), PROBE_TIMEOUT_MS);
  });
  try {
    await Promise.race([call(), timeout]);
    return { status: 'up' };
  } catch (error) {
    return { status: 'down', message: (error as Error).message };
  } finally {
    clearTimeout(timer);
  }
}
