import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import type { Response } from 'express';
import { map, Observable } from 'rxjs';
import { responseHeaders } from './response-headers';

/** Sets the headers a handler declares (@ETag, @Location) or returns (WithHeaders), and sends the plain body. */
@Injectable()
export class ResponseHeadersInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'http') return next.handle();
    const handler = context.getHandler();
    return next.handle().pipe(
      map((result: unknown) => {
        const { body, headers } = responseHeaders(handler, result);
        const response = context.switchToHttp().getResponse<Response>();
        for (const [name, value] of Object.entries(headers)) response.setHeader(name, value);
        return body;
      }),
    );
  }
}
