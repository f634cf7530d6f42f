import { Injectable } from '@nestjs/common';
import { EntityManager, In } from 'typeorm';
import { AppConfig } from '../config/app-config';
import { SYSTEM_SCOPE } from '../database/data-scope';
import { ScopedDb } from '../database/scoped-db';
import { DeliveryChannel, DeliveryStatus, NotificationDelivery } from './notification-delivery.entity';

/**
 * How long a claimed delivery belongs to the worker that claimed it. Longer than any one send (SMTP connect, greeting
 * and socket timeouts, or the webhook timeout, each at most 30 s), so only a dead worker's claim lapses.
 */
const CLAIM_LEASE_SECONDS = 120;

/**
 * How long before its claim would lapse a worker stops trying to record that a message went out. The lease is
 * counted by the database's clock from the claim; the margin covers the two clocks and the record's own round trip.
 */
const RECORD_MARGIN_SECONDS = 20;

/** A delivery this worker claimed, fenced by the attempt number the claim gave it, and when (by this clock). */
export type DeliveryClaim = { id: string; attempt: number; claimedAt: Date };

/** An e-mail the rate limits hold until `until`: left waiting, to be claimed again then. */
export type DeliveryDeferral = { id: string; until: Date };

/** What a claim says of a delivery: which one `claim` returned. */
export const isDeferral = (result: DeliveryClaim | DeliveryDeferral): result is DeliveryDeferral => 'until' in result;

/**
 * The delivery rows' state machine as seen by the senders: claim a row before sending it, record how the attempt
 * ended after. Every write is fenced by the claim, so a retried, replayed or duplicated job never sends a message
 * twice and two workers never send the same one.
 */
@Injectable()
export class DeliveryClaims {
  constructor(
    private readonly db: ScopedDb,
    private readonly config: AppConfig,
  ) {}

  /** The event's deliveries still waiting or being sent, oldest first. */
  async due(eventId: string): Promise<NotificationDelivery[]> {
    return this.db.transaction(SYSTEM_SCOPE, (m) =>
      m.find(NotificationDelivery, {
        where: { eventId, status: In([DeliveryStatus.Väntar, DeliveryStatus.Skickas]) },
        order: { createdAt: 'ASC', id: 'ASC' },
      }),
    );
  }

  /**
   * Claims the delivery when it is waiting, or its previous claimant's lease lapsed. Returns the claim (the attempt
   * number the claim gave the row), a deferral when an e-mail would exceed the mail rate limits, or null when another
   * worker has it or it is done.
   */
  async claim(
    delivery: Pick<NotificationDelivery, 'id' | 'channel' | 'partyId' | 'recipient'>,
  ): Promise<DeliveryClaim | DeliveryDeferral | null> {
    const id = delivery.id;
    return this.db.transaction(SYSTEM_SCOPE, async (m) => {
      if (delivery.channel === DeliveryChannel.Email) {
        const until = await this.mailLimitReached(m, delivery.partyId, delivery.recipient);
        if (until) {
          const [, deferred] = (await m.query(`UPDATE notification_delivery SET deferred_until = $2 WHERE id = $1 AND status = 'väntar'`, [
            id,
            until,
          ])) as [unknown, number];
          return deferred ? { id, until } : null;
        }
      }
      const [rows] = (await m.query(
        `UPDATE notification_delivery
            SET status = 'skickas', claimed_at = now(), attempts = attempts + 1, last_attempt_at = now()
          WHERE id = $1 AND (status = 'väntar' OR (status = 'skickas' AND claimed_at < now() - make_interval(secs => $2)))
          RETURNING attempts`,
        [id, CLAIM_LEASE_SECONDS],
      )) as [{ attempts: number }[], number];
      return rows[0] ? { id, attempt: rows[0].attempts, claimedAt: new Date() } : null;
    });
  }

  /**
   * Records how the claimed attempt ended. The update only applies while the claim is still this attempt's, so it
   * can run again without harm: a COMMIT cut by a database crash (its outcome unknown) is simply repeated once the
   * database is back, and a message that went out is recorded as sent instead of being sent again when the claim
   * lapses. Nor can a late finish overwrite the row of a worker that took over a lapsed claim.
   *
   * A message that went out (`sent`) keeps trying for as long as its claim holds, not the usual outage wait: only a
   * database away for longer than the lease makes another worker send it again.
   */
  async finish(claim: DeliveryClaim, changes: Partial<NotificationDelivery>, options: { sent?: boolean } = {}): Promise<void> {
    const leaseEnds = claim.claimedAt.getTime() + (CLAIM_LEASE_SECONDS - RECORD_MARGIN_SECONDS) * 1000;
    await this.db.transaction(
      SYSTEM_SCOPE,
      (m) =>
        m.update(
          NotificationDelivery,
          { id: claim.id, status: DeliveryStatus.Skickas, attempts: claim.attempt },
          { ...changes, claimedAt: null },
        ),
      { idempotent: true, ...(options.sent ? { waitUntil: new Date(Math.max(leaseEnds, Date.now())) } : {}) },
    );
  }

  /** Whether another worker holds a claim on one of the event's deliveries. */
  async inFlight(eventId: string): Promise<boolean> {
    return this.db.transaction(SYSTEM_SCOPE, (m) => m.existsBy(NotificationDelivery, { eventId, status: DeliveryStatus.Skickas }));
  }

  /**
   * Marks whatever of the event is still unsent (waiting, or claimed by a worker whose lease lapsed) as failed for
   * good, keeping an earlier attempt's error over `reason`. Returns the channel of each row it failed.
   */
  async failUnsent(eventId: string, reason: string): Promise<DeliveryChannel[]> {
    const [rows] = (await this.db.transaction(SYSTEM_SCOPE, (m) =>
      m.query(
        `UPDATE notification_delivery
            SET status = 'misslyckad', failed_at = now(), claimed_at = NULL, last_error = COALESCE(last_error, $2)
          WHERE event_id = $1 AND (status = 'väntar' OR (status = 'skickas' AND claimed_at < now() - make_interval(secs => $3)))
          RETURNING channel`,
        [eventId, reason.slice(0, 1000), CLAIM_LEASE_SECONDS],
      ),
    )) as [{ channel: DeliveryChannel }[], number];
    return rows.map((row) => row.channel);
  }

  /**
   * When the next e-mail of this party to this address may go, or null when it may go now. Counted from the rows
   * themselves (claimed or sent in the window), under transaction-scoped advisory locks on the party and the address,
   * so workers claiming side by side cannot both take the last slot; the claim that follows counts for the next.
   * Locks are taken party first, address second, everywhere: no two claims wait on each other in a circle.
   */
  private async mailLimitReached(m: EntityManager, partyId: string | null, recipient: string): Promise<Date | null> {
    const window = this.config.MAIL_RATE_WINDOW_S;
    // An external subscriber's or SKR's e-mail is no party's: only the address's own limit applies.
    const limits = [
      ...(partyId ? [{ column: 'party_id', key: partyId, limit: this.config.MAIL_RATE_PER_PARTY }] : []),
      { column: 'recipient', key: recipient, limit: this.config.MAIL_RATE_PER_RECIPIENT },
    ] as const;
    let until: Date | null = null;
    for (const { column, key, limit } of limits) {
      await m.query(`SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`, [`mail-rate:${column}:${key}`]);
      const [row] = (await m.query(
        `SELECT count(*)::int AS sent, min(last_attempt_at) AS oldest
           FROM notification_delivery
          WHERE channel = 'email' AND ${column} = $1 AND status IN ('skickas', 'skickad')
            AND last_attempt_at > now() - make_interval(secs => $2)`,
        [key, window],
      )) as { sent: number; oldest: Date | null }[];
      if (row.sent < limit || !row.oldest) continue;
      const free = new Date(row.oldest.getTime() + window * 1000);
      if (!until || free > until) until = free;
    }
    return until;
  }
}
