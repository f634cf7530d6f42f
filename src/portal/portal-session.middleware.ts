import { Injectable, NestMiddleware } from '@nestjs/common';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { PortalSessionsService } from './portal-sessions.service';

/**
 * Leaves the request's session loader on every request before the guards run: the rate limiter (a lower layer, which
 * cannot reach this module) asks for the session first, the portal's guard next, and Redis is read once for both.
 */
@Injectable()
export class PortalSessionMiddleware implements NestMiddleware {
  constructor(private readonly sessions: PortalSessionsService) {}

  use(request: IncomingMessage, _response: ServerResponse, next: () => void): void {
    this.sessions.attach(request);
    next();
  }
}
