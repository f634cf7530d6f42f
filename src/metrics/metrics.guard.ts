import { CanActivate, ExecutionContext, Injectable, NotFoundException } from '@nestjs/common';
import type { Request } from 'express';
import { AppConfig } from '../config/app-config';
import { mayScrape } from './metrics-access';
import { MetricsAccessError } from './metrics.errors';

/** `/metrics` on the API's own port: absent when METRICS_PORT moves metrics to their own listener, else `mayScrape`. */
@Injectable()
export class MetricsGuard implements CanActivate {
  constructor(private readonly config: AppConfig) {}

  canActivate(context: ExecutionContext): boolean {
    if (this.config.METRICS_PORT) throw new NotFoundException();
    // `ip` honours `trust proxy`, so a request relayed by a proxy on this machine is not taken for a local one.
    const request = context.switchToHttp().getRequest<Request>();
    if (!mayScrape(this.config, request.headers.authorization, request.ip)) throw new MetricsAccessError();
    return true;
  }
}
