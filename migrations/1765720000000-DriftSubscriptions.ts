import type { MigrationInterface, QueryRunner } from 'typeorm';
import { appRole } from './support/app-role';

/**
 * Driftinformation reaches people (issue 23): subscriptions of parties' users and of external addresses (double
 * opt-in), the subscribe requests the worker turns into them, and announcement events in the notification tables.
 *
 * An announcement event belongs to no party (it goes to subscribers of every party and to external addresses), so its
 * `party_id` is null and only SKR's scope (the worker's) reads it; the announcer's transaction may write it for an
 * announcement it may write. Its deliveries carry the subscriber's party (null for an external address) for the mail
 * rate limits, and the subscription, whose one-click unsubscribe link the e-mail carries.
 *
 * Only hashes of the confirmation and unsubscribe tokens are stored. A subscribe request holds an address nobody has
 * confirmed yet: the worker deletes it once handled, and the retention job what is left of it after a day.
 */
export class DriftSubscriptions1765720000000 implements MigrationInterface {
  name = 'DriftSubscriptions1765720000000';

  async up(db: QueryRunner): Promise<void> {
    const role = await appRole(db);
    await db.query(`
      CREATE TABLE drift_subscription (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        party_id uuid CONSTRAINT fk_drift_subscription_party REFERENCES party (id),
        user_subject text,
        email text,
        language varchar(2) NOT NULL DEFAULT 'sv',
        outages boolean NOT NULL DEFAULT true,
        planned boolean NOT NULL DEFAULT true,
        bastjanster text[] NOT NULL DEFAULT '{}',
        status text NOT NULL CONSTRAINT ck_drift_subscription_status CHECK (status IN ('vantar', 'aktiv', 'avslutad')),
        confirm_token_hash text,
        confirm_expires_at timestamptz,
        unsubscribe_token_hash text,
        confirmed_at timestamptz,
        unsubscribed_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT ck_drift_subscription_owner CHECK ((party_id IS NULL) = (user_subject IS NULL) AND (email IS NULL) <> (user_subject IS NULL))
      )`);
    await db.query(
      `CREATE UNIQUE INDEX uq_drift_subscription_user ON drift_subscription (party_id, user_subject) WHERE user_subject IS NOT NULL`,
    );
    await db.query(`CREATE UNIQUE INDEX uq_drift_subscription_email ON drift_subscription (email) WHERE email IS NOT NULL`);
    await db.query(`CREATE UNIQUE INDEX uq_drift_subscription_confirm ON drift_subscription (confirm_token_hash)`);
    await db.query(`CREATE UNIQUE INDEX uq_drift_subscription_unsubscribe ON drift_subscription (unsubscribe_token_hash)`);
    await db.query(`ALTER TABLE drift_subscription ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY`);
    // A party's users manage their own rows; external addresses are the public endpoints' and the worker's (SKR scope).
    await db.query(`CREATE POLICY drift_subscription_visible ON drift_subscription USING (app_is_skr() OR app_owns(party_id))`);
    await db.query(`GRANT SELECT, INSERT, UPDATE, DELETE ON drift_subscription TO ${role}`);

    await db.query(`
      CREATE TABLE drift_subscribe_request (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        email text NOT NULL,
        language varchar(2) NOT NULL,
        outages boolean NOT NULL,
        planned boolean NOT NULL,
        bastjanster text[] NOT NULL DEFAULT '{}',
        handled_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`CREATE INDEX ix_drift_subscribe_request_email ON drift_subscribe_request (email, created_at)`);
    await db.query(`ALTER TABLE drift_subscribe_request ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY`);
    await db.query(`CREATE POLICY drift_subscribe_request_system ON drift_subscribe_request USING (app_is_skr())`);
    await db.query(`GRANT SELECT, INSERT, UPDATE, DELETE ON drift_subscribe_request TO ${role}`);

    await db.query(`ALTER TABLE drift_announcement ADD COLUMN reminded_at timestamptz`);

    await db.query(`ALTER TABLE notification_event ALTER COLUMN party_id DROP NOT NULL`);
    await db.query(`ALTER TABLE notification_event DROP CONSTRAINT ck_notification_event_subject_kind`);
    await db.query(
      `ALTER TABLE notification_event ADD CONSTRAINT ck_notification_event_subject_kind CHECK (subject_kind IN ('deviation', 'declaration', 'announcement'))`,
    );
    await db.query(
      `ALTER TABLE notification_event ADD CONSTRAINT ck_notification_event_party CHECK ((party_id IS NULL) = (subject_kind = 'announcement'))`,
    );
    await db.query(`DROP POLICY notification_event_visible ON notification_event`);
    await db.query(`
      CREATE POLICY notification_event_visible ON notification_event USING (
        app_is_skr() OR (app_owns(party_id) AND (subject_kind <> 'deviation' OR NOT app_left_deviation(subject_id))))
      WITH CHECK (app_is_skr() OR app_owns(party_id) OR (subject_kind = 'deviation' AND app_sees_deviation(subject_id))
        OR (subject_kind = 'announcement' AND EXISTS (
          SELECT 1 FROM drift_announcement a WHERE a.id = subject_id AND app_can_see(a.owner_party_id))))`);
    await db.query(`ALTER TABLE notification_delivery ALTER COLUMN party_id DROP NOT NULL`);
    await db.query(
      `ALTER TABLE notification_delivery ADD COLUMN subscription_id uuid CONSTRAINT fk_notification_delivery_subscription REFERENCES drift_subscription (id) ON DELETE SET NULL`,
    );
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DELETE FROM notification_event WHERE subject_kind = 'announcement'`);
    await db.query(`ALTER TABLE notification_delivery DROP COLUMN subscription_id`);
    await db.query(`ALTER TABLE notification_delivery ALTER COLUMN party_id SET NOT NULL`);
    await db.query(`DROP POLICY notification_event_visible ON notification_event`);
    await db.query(`
      CREATE POLICY notification_event_visible ON notification_event USING (
        app_is_skr() OR (app_owns(party_id) AND (subject_kind <> 'deviation' OR NOT app_left_deviation(subject_id))))
      WITH CHECK (app_is_skr() OR app_owns(party_id) OR (subject_kind = 'deviation' AND app_sees_deviation(subject_id)))`);
    await db.query(`ALTER TABLE notification_event DROP CONSTRAINT ck_notification_event_party`);
    await db.query(`ALTER TABLE notification_event DROP CONSTRAINT ck_notification_event_subject_kind`);
    await db.query(
      `ALTER TABLE notification_event ADD CONSTRAINT ck_notification_event_subject_kind CHECK (subject_kind IN ('deviation', 'declaration'))`,
    );
    await db.query(`ALTER TABLE notification_event ALTER COLUMN party_id SET NOT NULL`);
    await db.query(`ALTER TABLE drift_announcement DROP COLUMN reminded_at`);
    await db.query(`DROP TABLE drift_subscribe_request`);
    await db.query(`DROP TABLE drift_subscription`);
  }
}
