import { ExecutionContext, Injectable } from '@nestjs/common';
import { ThrottlerGuard } from '@nestjs/throttler';
import type { Request } from 'express';
import { Actor } from '../actor/actor';

const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * Rate limit on writes, per actor when authenticated and per client IP otherwise (the throttler keeps one counter
 * per tracker). Reads are left to the list endpoints' clamped page sizes.
 */
@Injectable()
export class WriteThrottlerGuard extends ThrottlerGuard {
  protected override async shouldSkip(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<Request>();
    return !WRITES.has(request.method) || request.path.startsWith('/webhooks/');
  }

  protected override async getTracker(request: Record<string, unknown>): Promise<string> {
    const actor = request.actor as Actor | undefined;
    return actor ? `actor:${actor.partyId ?? 'skr'}:${actor.userId}` : `ip:${String(request.ip)}`;
  }
}
