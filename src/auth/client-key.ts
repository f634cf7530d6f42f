import { normalizeIp } from '@nestjs/throttler';

/**
 * The key a client's budgets (request throttles, large-body slots) are counted under: the actor of a verified token,
 * or the client IP without one. An IPv6 client counts by its /64, which one subscriber usually holds whole.
 */
export function actorClientKey(partyId: string | null, subject: string): string {
  return `actor:${partyId ?? 'skr'}:${subject}`;
}

export function ipClientKey(ip: string | undefined): string {
  return `ip:${normalizeIp(ip ?? 'unknown')}`;
}
