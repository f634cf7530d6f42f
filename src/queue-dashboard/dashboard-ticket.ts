import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/** What a dashboard ticket is for: the link an SKR admin opens once, or the session cookie it is exchanged for. */
export type TicketPurpose = 'link' | 'session';

/** How long each kind of ticket is good for: a link is opened at once; a session outlives a look at a failure. */
export const TICKET_LIFETIME_S: Record<TicketPurpose, number> = { link: 120, session: 1800 };

/**
 * Short-lived HMAC-signed tickets for the queue dashboard, a browser page whose own requests carry no bearer token.
 * `<base64url(json)>.<base64url(hmac)>` over the SKR admin's user id, the purpose and the expiry. Without a
 * configured secret each API process makes its own, and a link works only on the process that issued it.
 */
export class DashboardTickets {
  private readonly key: Buffer;

  constructor(secret: string | undefined) {
    this.key = secret ? Buffer.from(secret, 'utf8') : randomBytes(32);
  }

  issue(userId: string, purpose: TicketPurpose, now = Date.now()): { ticket: string; expiresAt: Date } {
    const expiresAt = new Date(now + TICKET_LIFETIME_S[purpose] * 1000);
    const body = Buffer.from(JSON.stringify({ sub: userId, purpose, exp: expiresAt.getTime() })).toString('base64url');
    return { ticket: `${body}.${this.sign(body)}`, expiresAt };
  }

  /** The user id of a genuine, unexpired ticket of this purpose; null for anything else. */
  verify(ticket: string | undefined, purpose: TicketPurpose, now = Date.now()): string | null {
    const [body, signature, ...rest] = (ticket ?? '').split('.');
    if (!body || !signature || rest.length > 0) return null;
    const expected = Buffer.from(this.sign(body));
    const given = Buffer.from(signature);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) return null;
    const claims = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as { sub?: unknown; purpose?: unknown; exp?: unknown };
    if (claims.purpose !== purpose || typeof claims.exp !== 'number' || claims.exp <= now || typeof claims.sub !== 'string') return null;
    return claims.sub;
  }

  private sign(body: string): string {
    return createHmac('sha256', this.key).update(body).digest('base64url');
  }
}
