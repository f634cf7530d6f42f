import type { MigrationInterface, QueryRunner } from 'typeorm';
import { appRole } from './support/app-role';

/**
 * A warning is for whoever can still act in time: the responsible party once there is one (issue 20). Keyed only by
 * deviation, kind and clock, a warning sent to the reporter before triage, or to a responsible party SKR then
 * replaced, was never sent to the party that now has to act. The row remembers whom it warned; the scan warns again
 * when the responsible party is another one. Existing warnings are taken as sent to today's responsible party, so
 * nothing is sent twice on deploy.
 */
export class SlaWarningPerResponsibleParty1765802100000 implements MigrationInterface {
  name = 'SlaWarningPerResponsibleParty1765802100000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE sla_alert ADD COLUMN responsible_party_id uuid`);
    await db.query(`
      UPDATE sla_alert a SET responsible_party_id = d.responsible_party_id
        FROM deviation d
       WHERE d.id = a.deviation_id AND a.kind = 'varning'`);
    // The scan moves a warning on to the new responsible party in place (one row per deviation, kind and clock).
    await db.query(`GRANT UPDATE (responsible_party_id, raised_at) ON sla_alert TO ${await appRole(db)}`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`REVOKE UPDATE (responsible_party_id, raised_at) ON sla_alert FROM ${await appRole(db)}`);
    await db.query(`ALTER TABLE sla_alert DROP COLUMN responsible_party_id`);
  }
}
