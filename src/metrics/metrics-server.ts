import { Injectable, Logger, NotFoundException, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import type { Request } from 'express';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { ProblemDetailsFilter } from '../common/problem-details.filter';
import { assignRequestId } from '../common/request-id';
import { AppConfig } from '../config/app-config';
import { isRelayed, mayScrape } from './metrics-access';
import { MetricsAccessError } from './metrics.errors';
import { MetricsService } from './metrics.service';

/** What a route of the operator's listener answers: a status and a JSON body. */
export interface OperatorAnswer {
  status: number;
  body: unknown;
}

/**
 * With METRICS_PORT set, every process (API and worker: both are built from CORE_MODULES) serves `GET /metrics` on
 * its own listener at METRICS_HOST:METRICS_PORT, under the same `mayScrape` rule, and the routes other modules add
 * with `route()` (the health probes). The worker has no other HTTP server, so this is the only way its metrics and
 * probes (Jira, notifications, queues) can be reached; for the API it keeps metrics off the public port altogether.
 */
@Injectable()
export class MetricsServer implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(MetricsServer.name);
  private readonly problems = new ProblemDetailsFilter();
  private server?: Server;
  private readonly routes = new Map<string, () => Promise<OperatorAnswer>>();

  constructor(
    private readonly config: AppConfig,
    private readonly metrics: MetricsService,
  ) {}

  /** Adds `GET path` to the listener, under the same access rule as /metrics. */
  route(path: string, answer: () => Promise<OperatorAnswer>): void {
    this.routes.set(path, answer);
  }

  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.METRICS_PORT) return;
    const server = createServer((request, response) => void this.answer(request, response));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.config.METRICS_PORT, this.config.METRICS_HOST, resolve);
    });
    this.server = server;
    this.logger.log({ host: this.config.METRICS_HOST, port: this.config.METRICS_PORT }, 'metrics listening');
  }

  async onModuleDestroy(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private async answer(request: IncomingMessage, response: ServerResponse): Promise<void> {
    assignRequestId(request, response);
    const path = (request.url ?? '').split('?')[0];
    const route = this.routes.get(path);
    if (request.method !== 'GET' || (path !== '/metrics' && !route)) return this.refuse(request, response, new NotFoundException());
    if (!mayScrape(this.config, request.headers.authorization, request.socket.remoteAddress, isRelayed(request.headers))) {
      return this.refuse(request, response, new MetricsAccessError());
    }
    if (route) {
      const { status, body } = await route();
      response.writeHead(status, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' }).end(JSON.stringify(body));
      return;
    }
    const text = await this.metrics.registry.metrics();
    response.writeHead(200, { 'Content-Type': this.metrics.registry.contentType }).end(text);
  }

  private refuse(request: IncomingMessage, response: ServerResponse, error: Error): void {
    const problem = this.problems.toProblem(error, request as Request);
    response.writeHead(problem.status, { 'Content-Type': 'application/problem+json' }).end(JSON.stringify(problem));
  }
}
