import { Injectable } from '@nestjs/common';
import { In } from 'typeorm';
import { SYSTEM_SCOPE } from '../database/data-scope';
import { ScopedDb } from '../database/scoped-db';
import { DeliveryChannel, DeliveryStatus, NotificationDelivery } from './notification-delivery.entity';

/**
 * How long a claimed delivery belongs to the worker that claimed it. Longer than any one send (SMTP connect, greeting
 * and socket timeouts, or the webhook timeout, each at most 30 s), so only a dead worker's claim lapses.
 */
const CLAIM_LEASE_SECONDS = 120;

/** A delivery this worker claimed, fenced by the attempt number the claim gave it. */
export type DeliveryClaim = { id: string; attempt: number };

/**
 * The delivery rows' state machine as seen by the senders: claim a row before sending it, record how the attempt
 * ended after. Every write is fenced by the claim, so a retried, replayed or duplicated job never sends a message
 * twice and two workers never send the same one.
 */
@Injectable()
export class DeliveryClaims {
  constructor(private readonly db: ScopedDb) {}

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
   * number the claim gave the row), or null when another worker has it or it is done.
   */
  async claim(id: string): Promise<DeliveryClaim | null> {
    const [rows] = (await this.db.transaction(SYSTEM_SCOPE, (m) =>
      m.query(
        `UPDATE notification_delivery
            SET status = 'skickas', claimed_at = now(), attempts = attempts + 1, last_attempt_at = now()
          WHERE id = $1 AND (status = 'väntar' OR (status = 'skickas' AND claimed_at < now() - make_interval(secs => $2)))
          RETURNING attempts`,
        [id, CLAIM_LEASE_SECONDS],
      ),
    )) as [{ attempts: number }[], number];
    return rows[0] ? { id, attempt: rows[0].attempts } : null;
  }

  /**
   * Records how the claimed attempt ended. The update only applies while the claim is still this attempt's, so it
   * can run again without harm: a COMMIT cut by a database crash (its outcome unknown) is simply repeated once the
   * database is back, and a message that went out is recorded as sent instead of being sent again when the claim
   * lapses. Nor can a late finish overwrite the row of a worker that took over a lapsed claim.
   */
  async finish(claim: DeliveryClaim, changes: Partial<NotificationDelivery>): Promise<void> {
    await this.db.transaction(
      SYSTEM_SCOPE,
      (m) =>
        m.update(
          NotificationDelivery,
          { id: claim.id, status: DeliveryStatus.Skickas, attempts: claim.attempt },
          { ...changes, claimedAt: null },
        ),
      { idempotent: true },
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
}
