import type { MigrationInterface, QueryRunner } from 'typeorm';
import { appRole } from './support/app-role';

/**
 * Erasure of a contact person on request (README "Personal data"). The audit trail stays append-only for everything
 * else: an entry may only have its `changes` rewritten, and only inside an erasure transaction, which sets
 * `avvikelse.erasure` locally. The entry itself — who did what to which record, when — survives; the person's
 * details in it become the pseudonym. The switch guards against mistakes, not against a compromised application: the
 * application role could set it, as it can already insert entries.
 */
export class PersonalDataErasure1765500000000 implements MigrationInterface {
  name = 'PersonalDataErasure1765500000000';

  async up(db: QueryRunner): Promise<void> {
    const role = await appRole(db);
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
    await db.query(`GRANT UPDATE (changes) ON audit_entry TO ${role}`);
    await db.query(
      `CREATE POLICY audit_entry_erasure ON audit_entry FOR UPDATE
         USING (app_is_skr() AND current_setting('avvikelse.erasure', true) = 'on')`,
    );
  }

  async down(db: QueryRunner): Promise<void> {
    const role = await appRole(db);
    await db.query(`DROP POLICY audit_entry_erasure ON audit_entry`);
    await db.query(`REVOKE UPDATE (changes) ON audit_entry FROM ${role}`);
    await db.query(`
      CREATE OR REPLACE FUNCTION audit_entry_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'audit_entry is append-only: % is not allowed', TG_OP USING ERRCODE = 'insufficient_privilege';
      END $$`);
  }
}
