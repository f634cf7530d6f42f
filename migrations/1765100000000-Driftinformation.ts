import type { MigrationInterface, QueryRunner } from 'typeorm';
import { appRole } from './support/app-role';

/**
 * Driftinformation (issue 23): outages and planned service windows, every version of each kept as history, and the
 * links from an outage to the deviations it caused or that report it.
 *
 * Announcements are public information, so everyone reads them; who may write one is the service's rule (SKR, the
 * Driftleverantör for the central component, an Uppgiftslämnare for its own bastjänster) and the policy repeats its
 * simplest half: a party writes only rows it owns. A link is visible exactly when its deviation is.
 */
export class Driftinformation1765100000000 implements MigrationInterface {
  name = 'Driftinformation1765100000000';

  async up(db: QueryRunner): Promise<void> {
    const role = await appRole(db);
    await db.query(`
      CREATE TABLE drift_announcement (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        kind text NOT NULL CONSTRAINT ck_drift_announcement_kind CHECK (kind IN ('driftstorning', 'planerad_andring')),
        status text NOT NULL CONSTRAINT ck_drift_announcement_status CHECK (status IN ('pagaende', 'planerad', 'avslutad', 'installd')),
        owner_party_id uuid CONSTRAINT fk_drift_announcement_owner REFERENCES party (id),
        central_component boolean NOT NULL DEFAULT false,
        bastjanster text[] NOT NULL DEFAULT '{}',
        title_sv text NOT NULL,
        title_en text,
        impact_sv text NOT NULL,
        impact_en text,
        severity text CONSTRAINT ck_drift_announcement_severity CHECK (severity IN ('lag', 'medel', 'hog', 'allvarlig')),
        answering_agencies smallint,
        starts_at timestamptz NOT NULL,
        expected_end_at timestamptz,
        announced_end_at timestamptz,
        ended_at timestamptz,
        release boolean NOT NULL DEFAULT false,
        content_change boolean NOT NULL DEFAULT false,
        notice_exception_reason text,
        cause text,
        action_plan text,
        published_at timestamptz NOT NULL DEFAULT now(),
        last_update_at timestamptz NOT NULL DEFAULT now(),
        version integer NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT ck_drift_announcement_affects CHECK (central_component OR cardinality(bastjanster) > 0)
      )`);
    await db.query(`CREATE INDEX ix_drift_announcement_starts ON drift_announcement (starts_at)`);
    await db.query(`
      CREATE TABLE drift_announcement_version (
        announcement_id uuid NOT NULL CONSTRAINT fk_drift_announcement_version_announcement REFERENCES drift_announcement (id),
        version integer NOT NULL,
        message_sv text,
        message_en text,
        snapshot jsonb NOT NULL,
        actor_user_id text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (announcement_id, version)
      )`);
    await db.query(`
      CREATE TABLE drift_outage_deviation (
        announcement_id uuid NOT NULL CONSTRAINT fk_drift_outage_deviation_announcement REFERENCES drift_announcement (id),
        deviation_id uuid NOT NULL CONSTRAINT fk_drift_outage_deviation_deviation REFERENCES deviation (id),
        linked_by_party_id uuid,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (announcement_id, deviation_id)
      )`);
    await db.query(`CREATE INDEX ix_drift_outage_deviation_deviation ON drift_outage_deviation (deviation_id)`);

    await db.query(`ALTER TABLE drift_announcement ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY`);
    await db.query(`CREATE POLICY drift_announcement_read ON drift_announcement FOR SELECT USING (true)`);
    await db.query(`CREATE POLICY drift_announcement_insert ON drift_announcement FOR INSERT WITH CHECK (app_can_see(owner_party_id))`);
    await db.query(
      `CREATE POLICY drift_announcement_update ON drift_announcement FOR UPDATE USING (app_can_see(owner_party_id)) WITH CHECK (app_can_see(owner_party_id))`,
    );
    await db.query(`ALTER TABLE drift_announcement_version ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY`);
    await db.query(`CREATE POLICY drift_announcement_version_read ON drift_announcement_version FOR SELECT USING (true)`);
    await db.query(`
      CREATE POLICY drift_announcement_version_insert ON drift_announcement_version FOR INSERT WITH CHECK (
        EXISTS (SELECT 1 FROM drift_announcement a WHERE a.id = announcement_id AND app_can_see(a.owner_party_id)))`);
    await db.query(`ALTER TABLE drift_outage_deviation ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY`);
    await db.query(`CREATE POLICY drift_outage_deviation_visible ON drift_outage_deviation USING (app_sees_deviation(deviation_id))`);
    await db.query(`GRANT SELECT, INSERT, UPDATE ON drift_announcement TO ${role}`);
    await db.query(`GRANT SELECT, INSERT ON drift_announcement_version TO ${role}`);
    await db.query(`GRANT SELECT, INSERT, DELETE ON drift_outage_deviation TO ${role}`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE drift_outage_deviation`);
    await db.query(`DROP TABLE drift_announcement_version`);
    await db.query(`DROP TABLE drift_announcement`);
  }
}
