import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { EntityManager } from 'typeorm';
import { Actor, scopeOf } from '../actor/actor';
import { AuditService } from '../audit/audit.service';
import { AppConfig } from '../config/app-config';
import { SYSTEM_SCOPE } from '../database/data-scope';
import { ScopedDb } from '../database/scoped-db';
import { OutboxService } from '../outbox/outbox.service';
import { AppUser } from '../parties/app-user.entity';
import {
  ConfirmSubscriptionPayload,
  confirmSubscriptionJobKey,
  NotificationsJob,
  NOTIFICATIONS_QUEUE,
} from '../queues/notifications.queue';
import { DriftSubscription } from './drift-subscription.entity';
import { DriftSubscriptionResponseDto, PublicSubscribeDto, UpdateDriftSubscriptionDto } from './dto/drift-subscription.dto';
import { DriftSubscriptionFieldError, DriftSubscriptionUserOnlyError, SubscribeLimitReachedError } from './notifications.errors';
import { tokenHash, unsubscribeToken } from './subscription-tokens';

/**
 * What a token link does: `done` the first time, `expired` for a confirmation link past its time (the request is still
 * pending: only its owner holds the link), `unknown` for a token that is used up or never was.
 */
export type TokenOutcome = 'done' | 'expired' | 'unknown';

/**
 * Driftinformation subscriptions (issue 23): a party user's own, and external addresses with double opt-in. The public
 * request only records what was asked and queues the worker, so the answer and its timing reveal nothing of the
 * address; confirm and unsubscribe are by token, whose hash alone is stored.
 */
@Injectable()
export class DriftSubscriptionsService {
  constructor(
    private readonly db: ScopedDb,
    private readonly outbox: OutboxService,
    private readonly audit: AuditService,
    private readonly config: AppConfig,
  ) {}

  async mine(actor: Actor): Promise<DriftSubscriptionResponseDto> {
    return this.db.transaction(scopeOf(actor), async (m) => toDto(await this.findMine(m, actor)));
  }

  async setMine(actor: Actor, dto: UpdateDriftSubscriptionDto): Promise<DriftSubscriptionResponseDto> {
    if (dto.aktiv && !dto.driftstörningar && !dto.planeradeÄndringar)
      throw new DriftSubscriptionFieldError('/driftstörningar', 'Choose outages, planned changes or both.');
    return this.db.transaction(scopeOf(actor), async (m) => {
      if (!actor.partyId || !(await m.existsBy(AppUser, { subject: actor.userId, partyId: actor.partyId, active: true })))
        throw new DriftSubscriptionUserOnlyError();
      const bastjänster = dto.bastjänster ?? [];
      await assertBastjänsterExist(m, bastjänster, '/bastjänster');
      const existing = await this.findMine(m, actor);
      const id = existing?.id ?? randomUUID();
      const status = dto.aktiv ? 'aktiv' : 'avslutad';
      await m.query(
        `INSERT INTO drift_subscription (id, party_id, user_subject, outages, planned, bastjanster, status, unsubscribe_token_hash, confirmed_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, now())
         ON CONFLICT (party_id, user_subject) WHERE user_subject IS NOT NULL DO UPDATE
            SET outages = EXCLUDED.outages, planned = EXCLUDED.planned, bastjanster = EXCLUDED.bastjanster, status = EXCLUDED.status,
                unsubscribed_at = CASE WHEN EXCLUDED.status = 'avslutad' THEN now() END, updated_at = now()`,
        [id, actor.partyId, actor.userId, dto.driftstörningar, dto.planeradeÄndringar, bastjänster, status, this.unsubscribeHash(id)],
      );
      await this.audit.record(m, actor, {
        action: 'drift_subscription.updated',
        entityType: 'drift_subscription',
        entityId: id,
        partyId: actor.partyId,
        changes: { status: { from: existing?.status ?? null, to: status } },
      });
      return toDto(await this.findMine(m, actor));
    });
  }

  /**
   * Records the request and queues its handling; answers the same for every address. Only the request count per
   * address is read here (a limit on requests, not a look at subscriptions).
   */
  async request(dto: PublicSubscribeDto): Promise<void> {
    await this.db.transaction(SYSTEM_SCOPE, async (m) => {
      await assertBastjänsterExist(m, dto.bastjänster ?? [], '/bastjänster');
      if ((dto.driftstörningar ?? true) === false && (dto.planeradeÄndringar ?? true) === false)
        throw new DriftSubscriptionFieldError('/driftstörningar', 'Choose outages, planned changes or both.');
      await m.query(`SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`, [`drift-subscribe:${dto.epost}`]);
      const [{ recent }] = (await m.query(
        `SELECT count(*)::int AS recent FROM drift_subscribe_request WHERE email = $1 AND created_at > now() - interval '1 hour'`,
        [dto.epost],
      )) as { recent: number }[];
      if (recent >= this.config.DRIFTINFO_SUBSCRIBE_PER_ADDRESS) throw new SubscribeLimitReachedError();
      const id = randomUUID();
      await m.query(
        `INSERT INTO drift_subscribe_request (id, email, language, outages, planned, bastjanster) VALUES ($1, $2, $3, $4, $5, $6)`,
        [id, dto.epost, dto.språk ?? 'sv', dto.driftstörningar ?? true, dto.planeradeÄndringar ?? true, dto.bastjänster ?? []],
      );
      await this.outbox.add(m, {
        queue: NOTIFICATIONS_QUEUE,
        jobName: NotificationsJob.ConfirmSubscription,
        jobKey: confirmSubscriptionJobKey(id),
        payload: { requestId: id } satisfies ConfirmSubscriptionPayload,
        partyId: null,
      });
    });
  }

  /** The double opt-in: a pending subscription whose link has not expired becomes active; the token is used up. */
  async confirm(token: string): Promise<TokenOutcome> {
    return this.db.transaction(SYSTEM_SCOPE, async (m) => {
      const [rows] = (await m.query(
        `UPDATE drift_subscription SET status = 'aktiv', confirmed_at = now(), confirm_token_hash = NULL, confirm_expires_at = NULL,
                unsubscribe_token_hash = NULL, updated_at = now()
          WHERE confirm_token_hash = $1 AND status = 'vantar' AND confirm_expires_at > now()
          RETURNING id`,
        [tokenHash(token)],
      )) as [{ id: string }[], number];
      if (!rows[0])
        return (await m.existsBy(DriftSubscription, { confirmTokenHash: tokenHash(token), status: 'vantar' })) ? 'expired' : 'unknown';
      await m.query(`UPDATE drift_subscription SET unsubscribe_token_hash = $2 WHERE id = $1`, [
        rows[0].id,
        this.unsubscribeHash(rows[0].id),
      ]);
      return 'done';
    });
  }

  /**
   * One-click unsubscribe (RFC 8058), by the token in the e-mail's link: an external address is deleted at once (it is
   * personal data with no other use), a user's subscription is turned off.
   */
  async unsubscribe(token: string): Promise<TokenOutcome> {
    return this.db.transaction(SYSTEM_SCOPE, async (m) => {
      const hash = tokenHash(token);
      const [, deleted] = (await m.query(`DELETE FROM drift_subscription WHERE unsubscribe_token_hash = $1 AND email IS NOT NULL`, [
        hash,
      ])) as [unknown, number];
      const [, ended] = (await m.query(
        `UPDATE drift_subscription SET status = 'avslutad', unsubscribed_at = now(), updated_at = now()
          WHERE unsubscribe_token_hash = $1 AND status = 'aktiv'`,
        [hash],
      )) as [unknown, number];
      return deleted + ended > 0 ? 'done' : 'unknown';
    });
  }

  /** Whether a token names a subscription that can still be unsubscribed: the confirm page asks before it acts. */
  async unsubscribable(token: string): Promise<boolean> {
    return this.db.transaction(SYSTEM_SCOPE, async (m) => {
      const rows = (await m.query(`SELECT 1 FROM drift_subscription WHERE unsubscribe_token_hash = $1 AND status = 'aktiv'`, [
        tokenHash(token),
      ])) as unknown[];
      return rows.length > 0;
    });
  }

  private unsubscribeHash(subscriptionId: string): string {
    return tokenHash(unsubscribeToken(this.config.DRIFTINFO_UNSUBSCRIBE_SECRET, subscriptionId));
  }

  private findMine(m: EntityManager, actor: Actor): Promise<DriftSubscription | null> {
    if (!actor.partyId) return Promise.resolve(null);
    return m.findOneBy(DriftSubscription, { partyId: actor.partyId, userSubject: actor.userId });
  }
}

function toDto(subscription: DriftSubscription | null): DriftSubscriptionResponseDto {
  return {
    aktiv: subscription?.status === 'aktiv',
    driftstörningar: subscription?.outages ?? true,
    planeradeÄndringar: subscription?.planned ?? true,
    bastjänster: subscription?.bastjänster ?? [],
  };
}

async function assertBastjänsterExist(m: EntityManager, codes: readonly string[], pointer: string): Promise<void> {
  if (codes.length === 0) return;
  const rows = (await m.query(`SELECT code FROM bastjanst WHERE code = ANY($1)`, [codes])) as { code: string }[];
  const known = new Set(rows.map((row) => row.code));
  const unknown = codes.findIndex((code) => !known.has(code));
  if (unknown >= 0) throw new DriftSubscriptionFieldError(`${pointer}/${unknown}`, 'No such bastjänst.');
}
