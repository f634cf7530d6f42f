import { Injectable } from '@nestjs/common';
import { type DataScope } from '../database/data-scope';
import { ScopedDb } from '../database/scoped-db';
import { AppUser } from '../parties/app-user.entity';
import { isWithinDomains } from '../parties/email-domains';
import { Party } from '../parties/party.entity';
import { DeliveryChannel, DeliveryStatus } from './notification-delivery.entity';
import { NotificationEvent } from './notification-event.entity';
import { NotificationPreference } from './notification-preference.entity';
import { MANDATORY_NOTIFICATION_TYPES } from './notification-type';
import { PartyWebhook } from './party-webhook.entity';

/** Why a contact's delivery is held back; SKR reads it on the row, the party sees the status. */
export const UNCONFIRMED_ADDRESS_REASON =
  "held back: the address is neither an active member's of the party nor in the party's registered e-mail domains";

type EmailRecipient = { name: string | null; language: 'sv' | 'en'; confirmed: boolean };

/** Decides once who receives an event: one delivery row per e-mail address and per webhook. */
@Injectable()
export class NotificationRecipientsService {
  constructor(private readonly db: ScopedDb) {}

  /**
   * One delivery row per recipient, decided once, in the party's own row-level-security scope: the reporter
   * contacts of the event and the party's active users with an address who have not turned the type off (a
   * mandatory type ignores that), plus the party's active webhooks subscribed to the type. A contact address the
   * party has not confirmed (no active member has it, and it is outside the party's registered e-mail domains) gets
   * a row too, held back as `ej_bekräftad` and never sent: anyone may type any address as a contact, and the mail
   * would go out from the service carrying the reporter's rubrik.
   */
  async resolve(event: NotificationEvent & { partyId: string }): Promise<void> {
    const scope: DataScope = { partyId: event.partyId, skr: false };
    await this.db.transaction(scope, async (m) => {
      const [row] = (await m.query(`SELECT recipients_resolved_at FROM notification_event WHERE id = $1 FOR UPDATE`, [event.id])) as {
        recipients_resolved_at: Date | null;
      }[];
      if (!row || row.recipients_resolved_at) return;
      const users = await m.find(AppUser, { where: { partyId: event.partyId, active: true } });
      const domains = (await m.findOneBy(Party, { id: event.partyId }))?.emailDomains ?? [];
      const optedOut = new Set(
        (await m.find(NotificationPreference, { where: { partyId: event.partyId, type: event.type, email: false } })).map(
          (p) => p.userSubject,
        ),
      );
      const mandatory = MANDATORY_NOTIFICATION_TYPES.includes(event.type);
      const userByEmail = new Map(users.filter((u) => u.email).map((u) => [u.email!.toLowerCase(), u]));
      const emails = new Map<string, EmailRecipient>();
      for (const contact of event.contacts) {
        const email = contact.email.toLowerCase();
        const user = userByEmail.get(email);
        const confirmed = user !== undefined || isWithinDomains(email, domains);
        emails.set(email, { name: contact.name || user?.name || null, language: user?.language ?? 'sv', confirmed });
      }
      for (const [email, user] of userByEmail) {
        if (!mandatory && optedOut.has(user.subject)) continue;
        if (!emails.has(email)) emails.set(email, { name: user.name, language: user.language, confirmed: true });
      }
      const webhooks = await m
        .createQueryBuilder(PartyWebhook, 'w')
        .where('w.party_id = :partyId AND w.active AND :type = ANY(w.event_types)', { partyId: event.partyId, type: event.type })
        .getMany();
      const rows = [
        ...[...emails].map(([email, r]) => ({
          channel: DeliveryChannel.Email,
          recipient: email,
          name: r.name,
          webhookId: null,
          language: r.language,
          status: r.confirmed ? DeliveryStatus.Väntar : DeliveryStatus.EjBekräftad,
          reason: r.confirmed ? null : UNCONFIRMED_ADDRESS_REASON,
        })),
        ...webhooks.map((w) => ({
          channel: DeliveryChannel.Webhook,
          recipient: w.id,
          name: null,
          webhookId: w.id,
          language: null,
          status: DeliveryStatus.Väntar,
          reason: null,
        })),
      ];
      if (rows.length) {
        await m.query(
          `INSERT INTO notification_delivery (event_id, party_id, channel, recipient, recipient_name, webhook_id, language, status, last_error)
           SELECT $1, $2, * FROM unnest($3::text[], $4::text[], $5::text[], $6::uuid[], $7::varchar[], $8::text[], $9::text[])
           ON CONFLICT (event_id, channel, recipient) DO NOTHING`,
          [
            event.id,
            event.partyId,
            rows.map((r) => r.channel),
            rows.map((r) => r.recipient),
            rows.map((r) => r.name),
            rows.map((r) => r.webhookId),
            rows.map((r) => r.language),
            rows.map((r) => r.status),
            rows.map((r) => r.reason),
          ],
        );
      }
      await m.query(`UPDATE notification_event SET recipients_resolved_at = now() WHERE id = $1`, [event.id]);
    });
  }
}
