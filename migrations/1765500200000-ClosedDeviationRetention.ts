import type { MigrationInterface, QueryRunner } from 'typeorm';
import { appRole } from './support/app-role';

/**
 * The retention rule for closed deviations (src/privacy/closed-deviations.service.ts, off by default) deletes a
 * deviation with what hangs on it, its audit entries included. The audit trail stays append-only otherwise: an entry
 * may be deleted only inside a retention transaction (`avvikelse.retention` set locally) by the service scope, and
 * updated only by an erasure (migration PersonalDataErasure).
 */
export class ClosedDeviationRetention1765500200000 implements MigrationInterface {
  name = 'ClosedDeviationRetention1765500200000';

  async up(db: QueryRunner): Promise<void> {
    const role = await appRole(db);
    await db.query(`
      CREATE OR REPLACE FUNCTION audit_entry_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'DELETE' AND current_setting('avvikelse.retention', true) = 'on' THEN
          RETURN OLD;
        END IF;
        IF TG_OP = 'UPDATE' AND current_setting('avvikelse.erasure', true) = 'on'
           AND (NEW.id, NEW.occurred_at, NEW.actor_user_id, NEW.actor_party_id, NEW.request_id, NEW.action,
                NEW.entity_type, NEW.entity_id, NEW.party_id, NEW.internal, NEW.public_id)
               IS NOT DISTINCT FROM
               (OLD.id, OLD.occurred_at, OLD.actor_user_id, OLD.actor_party_id, OLD.request_id, OLD.action,
                OLD.entity_type, OLD.entity_id, OLD.party_id, OLD.internal, OLD.public_id) THEN
          RETURN NEW;
        END IF;
        RAISE EXCEPTION 'audit_entry is append-only: % is not allowed', TG_OP USING ERRCODE = 'insufficient_privilege';
      END $$`);
    await db.query(
      `CREATE POLICY audit_entry_retention ON audit_entry FOR DELETE
         USING (app_is_skr() AND current_setting('avvikelse.retention', true) = 'on')`,
    );
    await db.query(`CREATE POLICY deviation_retention ON deviation FOR DELETE USING (app_is_skr())`);
    await db.query(
      `GRANT DELETE ON deviation, deviation_comment, deviation_attachment, jira_link, jira_comment_link, jira_attachment_link,
         sla_alert, notification_event, audit_entry TO ${role}`,
    );
  }

  async down(db: QueryRunner): Promise<void> {
    const role = await appRole(db);
    await db.query(
      `REVOKE DELETE ON deviation, deviation_comment, deviation_attachment, jira_link, jira_comment_link, jira_attachment_link,
         sla_alert, notification_event, audit_entry FROM ${role}`,
    );
    await db.query(`DROP POLICY deviation_retention ON deviation`);
    await db.query(`DROP POLICY audit_entry_retention ON audit_entry`);
    await db.query(`
      CREATE OR REPLACE FUNCTION audit_entry_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'UPDATE' AND current_setting('avvikelse.erasure', true) = 'on'
           AND (NEW.id, NEW.occurred_at, NEW.actor_user_id, NEW.actor_party_id, NEW.request_id, NEW.action,
                NEW.entity_type, NEW.entity_id, NEW.party_id, NEW.internal, NEW.public_id)
               IS NOT DISTINCT FROM
               (OLD.id, OLD.occurred_at, OLD.actor_user_id, OLD.actor_party_id, OLD.request_id, OLD.action,
                OLD.entity_type, OLD.entity_id, OLD.party_id, OLD.internal, OLD.public_id) THEN
          RETURN NEW;
        END IF;
        RAISE EXCEPTION 'audit_entry is append-only: % is not allowed', TG_OP USING ERRCODE = 'insufficient_privilege';
      END $$`);
  }
}
