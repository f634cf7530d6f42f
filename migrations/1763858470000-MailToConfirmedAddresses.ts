import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Mail only to addresses a party has confirmed, and not too much of it (issue 17, "Mail to any address"):
 * - `party.email_domains`: the domains SKR registered for the party; a contact address in one of them (or a
 *   subdomain) is the party's own, like its members' addresses.
 * - `ej_bekräftad`: a delivery held back because its address is neither; it is never sent.
 * - `deferred_until`: when a delivery over the mail rate limits may next be tried (kept after it is sent, so SKR
 *   sees which parties hit the limits).
 * - Two partial indexes for the limits' counts: mail claimed or sent per party, and per recipient, in a window.
 */
export class MailToConfirmedAddresses1763858470000 implements MigrationInterface {
  name = 'MailToConfirmedAddresses1763858470000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE party ADD COLUMN email_domains text[] NOT NULL DEFAULT '{}'`);
    await db.query(`ALTER TABLE notification_delivery DROP CONSTRAINT ck_notification_delivery_status`);
    await db.query(
      `ALTER TABLE notification_delivery ADD CONSTRAINT ck_notification_delivery_status
         CHECK (status IN ('väntar', 'skickas', 'skickad', 'misslyckad', 'ej_bekräftad'))`,
    );
    await db.query(`ALTER TABLE notification_delivery ADD COLUMN deferred_until timestamptz`);
    await db.query(
      `CREATE INDEX ix_notification_delivery_party_mail ON notification_delivery (party_id, last_attempt_at) WHERE channel = 'email'`,
    );
    await db.query(
      `CREATE INDEX ix_notification_delivery_recipient_mail ON notification_delivery (recipient, last_attempt_at) WHERE channel = 'email'`,
    );
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP INDEX ix_notification_delivery_recipient_mail`);
    await db.query(`DROP INDEX ix_notification_delivery_party_mail`);
    await db.query(`ALTER TABLE notification_delivery DROP COLUMN deferred_until`);
    // The older schema cannot say "never send this": a held-back row kept as `misslyckad` could be replayed to the
    // unconfirmed address. It was never sent, so nothing the party was told is lost by removing it.
    await db.query(`DELETE FROM notification_delivery WHERE status = 'ej_bekräftad'`);
    await db.query(`ALTER TABLE notification_delivery DROP CONSTRAINT ck_notification_delivery_status`);
    await db.query(
      `ALTER TABLE notification_delivery ADD CONSTRAINT ck_notification_delivery_status
         CHECK (status IN ('väntar', 'skickas', 'skickad', 'misslyckad'))`,
    );
    await db.query(`ALTER TABLE party DROP COLUMN email_domains`);
  }
}
