import { CanActivate, ExecutionContext, Injectable, NotFoundException } from '@nestjs/common';
import type { Request } from 'express';
import { AppConfig } from '../config/app-config';
import { isRelayed, mayScrape } from './metrics-access';
import { MetricsAccessError } from './metrics.errors';

/** `/metrics` on the API's own port: absent when METRICS_PORT moves metrics to their own listener, else `mayScrape`. */
@Injectable()
export class MetricsGuard implements CanActivate {
  constructor(private readonly config: AppConfig) {}

  canActivate(context: ExecutionContext): boolean {
    if (this.config.METRICS_PORT) throw new NotFoundException();
    const request = context.switchToHttp().getRequest<Request>();
    if (!mayScrape(this.config, request.headers.authorization, request.ip, isRelayed(request.headers))) throw new MetricsAccessError();
    return true;
  }
}
