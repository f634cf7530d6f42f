import { Injectable } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { SYSTEM_SCOPE } from '../database/data-scope';
import { ScopedDb } from '../database/scoped-db';
import { NotificationEvent } from './notification-event.entity';
import { NotificationType } from './notification-type';

type Recipient = { email: string; partyId: string | null; name: string | null; language: 'sv' | 'en'; subscriptionId: string | null };

/**
 * Decides once who receives an announcement's event: every active subscription whose kind and bastjänster match (a
 * party user at the address the user has now; an external address only once confirmed), or for a reminder SKR's
 * address. One delivery row per address, so two subscriptions of one address still make one e-mail.
 */
@Injectable()
export class AnnouncementRecipientsService {
  constructor(
    private readonly db: ScopedDb,
    private readonly config: AppConfig,
  ) {}

  async resolve(event: NotificationEvent): Promise<void> {
    await this.db.transaction(SYSTEM_SCOPE, async (m) => {
      const [row] = (await m.query(`SELECT recipients_resolved_at FROM notification_event WHERE id = $1 FOR UPDATE`, [event.id])) as {
        recipients_resolved_at: Date | null;
      }[];
      if (!row || row.recipients_resolved_at) return;
      const recipients: Recipient[] =
        event.type === NotificationType.DriftPåminnelse
          ? this.skr()
          : ((await m.query(
              `SELECT lower(coalesce(s.email, u.email)) AS email, s.party_id AS "partyId", u.name,
                      coalesce(u.language, s.language) AS language, s.id AS "subscriptionId"
                 FROM drift_subscription s
                 LEFT JOIN app_user u ON u.subject = s.user_subject AND u.party_id = s.party_id AND u.active
                WHERE s.status = 'aktiv'
                  AND CASE WHEN $1 = 'driftstorning' THEN s.outages ELSE s.planned END
                  AND ($2 OR cardinality(s.bastjanster) = 0 OR s.bastjanster && $3::text[])
                  AND coalesce(s.email, u.email) IS NOT NULL
                ORDER BY s.created_at, s.id`,
              [
                event.data.kind,
                event.data.central === 'ja',
                String(event.data.bastjanster ?? '')
                  .split(',')
                  .filter(Boolean),
              ],
            )) as Recipient[]);
      if (recipients.length) {
        await m.query(
          `INSERT INTO notification_delivery (event_id, party_id, channel, recipient, recipient_name, language, status, subscription_id)
           SELECT $1, r.party_id, 'email', r.email, r.name, r.language, 'väntar', r.subscription_id
             FROM unnest($2::uuid[], $3::text[], $4::text[], $5::varchar[], $6::uuid[]) AS r(party_id, email, name, language, subscription_id)
           ON CONFLICT (event_id, channel, recipient) DO NOTHING`,
          [
            event.id,
            recipients.map((r) => r.partyId),
            recipients.map((r) => r.email),
            recipients.map((r) => r.name),
            recipients.map((r) => r.language),
            recipients.map((r) => r.subscriptionId),
          ],
        );
      }
      await m.query(`UPDATE notification_event SET recipients_resolved_at = now() WHERE id = $1`, [event.id]);
    });
  }

  private skr(): Recipient[] {
    const email = this.config.DRIFTINFO_SKR_EMAIL.trim().toLowerCase();
    return email ? [{ email, partyId: null, name: null, language: 'sv', subscriptionId: null }] : [];
  }
}
