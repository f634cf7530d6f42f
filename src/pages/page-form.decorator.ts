import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';

/**
 * A page form's fields, for the portal's forms and the public ones alike. Only urlencoded forms are parsed for pages:
 * any other body (multipart to a form of fields, text/plain) leaves none, and a handler must then see an empty form,
 * not read a field of undefined (a 500).
 */
export const Form = createParamDecorator((_data: unknown, context: ExecutionContext): Record<string, unknown> => {
  const body: unknown = context.switchToHttp().getRequest<Request>().body;
  return typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};
});
