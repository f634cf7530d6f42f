import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import type { Response } from 'express';
import { map, Observable } from 'rxjs';
import { JsonText } from './json-text';
import { responseHeaders } from './response-headers';

/**
 * Sets the headers a handler declares (@ETag, @Location) or returns (WithHeaders), and sends the plain body; a body that
 * is already JSON text (JsonText) as JSON.
 */
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
        if (!(body instanceof JsonText)) return body;
        // Express's res.json would set the same; a string is otherwise sent as text/html.
        response.setHeader('Content-Type', 'application/json; charset=utf-8');
        return body.text;
      }),
    );
  }
}
