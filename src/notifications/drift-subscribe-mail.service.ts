import { Injectable, Logger } from '@nestjs/common';
import { UnrecoverableError } from 'bullmq';
import { AppConfig } from '../config/app-config';
import { SYSTEM_SCOPE } from '../database/data-scope';
import { ScopedDb } from '../database/scoped-db';
import { DriftSubscribeRequest } from './drift-subscribe-request.entity';
import { DRIFT_CONFIRM_PATH } from './drift-subscription-paths';
import { renderSubscribeConfirmEmail } from './notification-email';
import { Mailer, MailRejectedError } from './mailer';
import { newConfirmToken, tokenHash } from './subscription-tokens';

/**
 * Handles a public subscribe request (worker): a new address gets a pending subscription and a confirmation e-mail,
 * a pending one a fresh link (the choices of the latest request), a subscribed one nothing. Done here, not in the
 * request, so the API's answer and its timing are the same for every address.
 */
@Injectable()
export class DriftSubscribeMailService {
  private readonly logger = new Logger(DriftSubscribeMailService.name);

  constructor(
    private readonly db: ScopedDb,
    private readonly mailer: Mailer,
    private readonly config: AppConfig,
  ) {}

  async handle(requestId: string): Promise<'mailed' | 'nothing to send'> {
    const token = newConfirmToken();
    const letter = await this.db.transaction(SYSTEM_SCOPE, async (m) => {
      const request = await m.findOne(DriftSubscribeRequest, { where: { id: requestId }, lock: { mode: 'pessimistic_write' } });
      if (!request || request.handledAt) return null;
      await m.query(`UPDATE drift_subscribe_request SET handled_at = now() WHERE id = $1`, [requestId]);
      const expiresAt = new Date(Date.now() + this.config.DRIFTINFO_CONFIRM_HOURS * 3_600_000);
      const rows = (await m.query(
        `INSERT INTO drift_subscription (email, language, outages, planned, bastjanster, status, confirm_token_hash, confirm_expires_at)
         VALUES ($1, $2, $3, $4, $5, 'vantar', $6, $7)
         ON CONFLICT (email) WHERE email IS NOT NULL DO UPDATE
            SET language = EXCLUDED.language, outages = EXCLUDED.outages, planned = EXCLUDED.planned,
                bastjanster = EXCLUDED.bastjanster, confirm_token_hash = EXCLUDED.confirm_token_hash,
                confirm_expires_at = EXCLUDED.confirm_expires_at, updated_at = now()
          WHERE drift_subscription.status = 'vantar'
         RETURNING id`,
        [request.email, request.language, request.outages, request.planned, request.bastjänster, tokenHash(token), expiresAt],
      )) as { id: string }[];
      // An address already subscribed is left as it is, and told nothing: the request looked the same as any other.
      return rows[0] ? { email: request.email, language: request.language, expiresAt } : null;
    });
    if (!letter) return 'nothing to send';
    const mail = renderSubscribeConfirmEmail(letter, `${this.config.PUBLIC_BASE_URL}${DRIFT_CONFIRM_PATH}?token=${token}`);
    try {
      await this.mailer.send({ to: letter.email, ...mail, messageId: `<drift-subscribe-${requestId}@avvikelse>` });
    } catch (error) {
      if (error instanceof MailRejectedError) throw new UnrecoverableError(`subscription confirmation refused: ${error.message}`);
      // Send again on retry: the request is handled, but its link never left; let the retry make a new one.
      await this.db.transaction(SYSTEM_SCOPE, (m) =>
        m.query(`UPDATE drift_subscribe_request SET handled_at = NULL WHERE id = $1`, [requestId]),
      );
      throw error;
    }
    this.logger.log({ requestId }, 'subscription confirmation mailed');
    return 'mailed';
  }
}
