import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import type { Request, Response } from 'express';
import { Observable } from 'rxjs';
import { MetricsService } from './metrics.service';

/**
 * Times every routed request. The route label is the route pattern (`/api/v1/deviations/:id`), never the raw URL,
 * so ids do not explode the label set; the status is read when the response is finished, errors included.
 */
@Injectable()
export class HttpMetricsInterceptor implements NestInterceptor {
  constructor(private readonly metrics: MetricsService) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const http = context.switchToHttp();
    const request = http.getRequest<Request>();
    const response = http.getResponse<Response>();
    const stop = this.metrics.httpDuration.startTimer({ method: request.method });
    const route = (request.route as { path?: string } | undefined)?.path ?? 'unmatched';
    response.once('finish', () => stop({ route, status: String(response.statusCode) }));
    return next.handle();
  }
}
