import { Injectable } from '@nestjs/common';
import { Actor, scopeOf } from '../actor/actor';
import { ScopedDb } from '../database/scoped-db';

/** What SKR should look at in one party's e-mail (see {@link MailFlagsService.list}). */
export interface PartyMailFlags {
  partyId: string;
  partyName: string;
  emailDomains: string[];
  /** Active members with an e-mail address: the addresses the party has confirmed besides its domains. */
  membersWithEmail: number;
  /** Nobody can be e-mailed for this party: its notices count as reported back when they reach its feed. */
  noConfirmedRecipient: boolean;
  /** Contact deliveries held back as `ej_bekräftad` in the last 30 days. */
  heldBack: number;
  /** E-mails deferred by the mail rate limits in the last 24 hours. */
  deferred: number;
}

/** SKR's view of the mail policy's effects per party: who cannot be mailed, who is held back, who hits the limits. */
@Injectable()
export class MailFlagsService {
  constructor(private readonly db: ScopedDb) {}

  /** Active parties with something flagged, the most held back first. */
  async list(actor: Actor): Promise<PartyMailFlags[]> {
    return this.db.transaction(scopeOf(actor), async (m) => {
      const rows = (await m.query(
        `SELECT p.id, p.name, p.email_domains, f.members, f.held_back, f.deferred
           FROM party p
           CROSS JOIN LATERAL (
             SELECT (SELECT count(*)::int FROM app_user u WHERE u.party_id = p.id AND u.active AND u.email IS NOT NULL) AS members,
                    (SELECT count(*)::int FROM notification_delivery d
                      WHERE d.party_id = p.id AND d.status = 'ej_bekräftad' AND d.created_at > now() - interval '30 days') AS held_back,
                    (SELECT count(*)::int FROM notification_delivery d
                      WHERE d.party_id = p.id AND d.channel = 'email' AND d.deferred_until > now() - interval '1 day') AS deferred
           ) f
          WHERE p.active AND ((f.members = 0 AND cardinality(p.email_domains) = 0) OR f.held_back > 0 OR f.deferred > 0)
          ORDER BY f.held_back DESC, f.deferred DESC, p.name, p.id`,
      )) as { id: string; name: string; email_domains: string[]; members: number; held_back: number; deferred: number }[];
      return rows.map((r) => ({
        partyId: r.id,
        partyName: r.name,
        emailDomains: r.email_domains,
        membersWithEmail: r.members,
        noConfirmedRecipient: r.members === 0 && r.email_domains.length === 0,
        heldBack: r.held_back,
        deferred: r.deferred,
      }));
    });
  }
}
