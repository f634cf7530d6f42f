import type { MigrationInterface, QueryRunner } from 'typeorm';
import { appRole } from './support/app-role';
// The agreements as shipped on the day of this migration, frozen here; later versions go through the API.
import shipped from './data/agreements-2024.json';

const AGREEMENTS = shipped.agreements;
const DEFAULT_AGREEMENT_CODE = shipped.defaultCode;

/**
 * Service-level agreements as data, each party bound to one (the SSBTEK UC unless SKR says otherwise), and the SLA
 * alerts already raised so the scan warns once. Agreements are service-wide and insert-only: a new version is a new
 * row with its own code, so the clocks of old deviations never change under them. Alerts are party-owned.
 */
export class Sla1763856800000 implements MigrationInterface {
  name = 'Sla1763856800000';

  async up(db: QueryRunner): Promise<void> {
    const role = await appRole(db);
    await db.query(`
      CREATE TABLE agreement (
        code text PRIMARY KEY,
        name text NOT NULL,
        version text NOT NULL,
        definition jsonb NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    for (const agreement of AGREEMENTS) {
      await db.query(`INSERT INTO agreement (code, name, version, definition) VALUES ($1, $2, $3, $4::jsonb)`, [
        agreement.code,
        agreement.name,
        agreement.version,
        JSON.stringify(agreement),
      ]);
    }
    await db.query(`GRANT SELECT, INSERT ON agreement TO ${role}`);

    await db.query(
      `ALTER TABLE party ADD COLUMN agreement_code text NOT NULL DEFAULT '${DEFAULT_AGREEMENT_CODE}' CONSTRAINT fk_party_agreement REFERENCES agreement (code)`,
    );

    await db.query(`
      CREATE TABLE sla_alert (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        deviation_id uuid NOT NULL CONSTRAINT fk_sla_alert_deviation REFERENCES deviation (id),
        party_id uuid NOT NULL,
        kind text NOT NULL,
        clock text NOT NULL,
        raised_at timestamptz NOT NULL,
        CONSTRAINT uq_sla_alert UNIQUE (deviation_id, kind, clock)
      )`);
    await db.query(`ALTER TABLE sla_alert ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY`);
    await db.query(`CREATE POLICY sla_alert_visible ON sla_alert USING (app_can_see(party_id))`);
    await db.query(`GRANT SELECT, INSERT ON sla_alert TO ${role}`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE sla_alert`);
    await db.query(`ALTER TABLE party DROP COLUMN agreement_code`);
    await db.query(`DROP TABLE agreement`);
  }
}
