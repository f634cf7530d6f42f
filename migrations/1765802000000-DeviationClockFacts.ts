import type { MigrationInterface, QueryRunner } from 'typeorm';
import { appRole } from './support/app-role';

/**
 * The facts the SLA clocks are read from, the same for everyone who sees a deviation (issue 20). Read through each
 * caller's row-level security they were not: the responsible party cannot read the "lösning satt" notice to the
 * reporter, nor its e-mails, so its resolution clock stopped at its *own* notice (or at `resolved_at`) while the
 * reporter's and SKR's stopped at the reporter's — three clocks for one case. Like `app_deviation_agreements`
 * (migration 1764500000000) these run with definer's rights, first check that the caller sees the deviation, and
 * return only instants and statuses: no row, id, recipient or text of the other side.
 */
export class DeviationClockFacts1765802000000 implements MigrationInterface {
  name = 'DeviationClockFacts1765802000000';

  async up(db: QueryRunner): Promise<void> {
    const role = await appRole(db);
    // Every status change, SKR-internal lines included: the clock is one clock, whoever reads it. `seq` is the trail's
    // order within this answer (ties at one instant), not the audit id, which counts every party's entries.
    await db.query(`
      CREATE FUNCTION app_deviation_status_changes(ids uuid[])
      RETURNS TABLE (deviation_id uuid, seq bigint, occurred_at timestamptz, status text)
      LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
        SELECT d.id, row_number() OVER (PARTITION BY d.id ORDER BY a.occurred_at, a.id), a.occurred_at, a.changes->'status'->>'to'
          FROM deviation d
          JOIN audit_entry a ON a.entity_type = 'deviation' AND a.entity_id = d.id::text AND a.changes ? 'status'
         WHERE d.id = ANY(ids) AND app_can_see_deviation(d.party_id, d.responsible_party_id)
      $$`);
    // "Solved and reported back" (UC ch. 5) means reported back to the reporter: only its notices count, not the
    // responsible party's own, which tells the one who fixed it. A deviation SKR registered has no reporter to tell
    // (SKR sets the status itself), so it has none. Per notice: when it was raised, how many of its e-mails go to a
    // confirmed address, and when the first of those went out.
    await db.query(`
      CREATE FUNCTION app_deviation_solved_reports(ids uuid[])
      RETURNS TABLE (deviation_id uuid, raised_at timestamptz, deliveries integer, first_sent timestamptz)
      LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
        SELECT d.id, e.created_at, count(x.id)::int, min(x.sent_at)
          FROM deviation d
          JOIN notification_event e ON e.subject_id = d.id AND e.type = 'lösning_satt' AND e.subject_kind = 'deviation'
                                   AND e.party_id = d.party_id
          LEFT JOIN notification_delivery x ON x.event_id = e.id AND x.channel = 'email' AND x.status <> 'ej_bekräftad'
         WHERE d.id = ANY(ids) AND app_can_see_deviation(d.party_id, d.responsible_party_id)
         GROUP BY d.id, e.id
      $$`);
    for (const fn of ['app_deviation_status_changes(uuid[])', 'app_deviation_solved_reports(uuid[])']) {
      await db.query(`REVOKE ALL ON FUNCTION ${fn} FROM PUBLIC`);
      await db.query(`GRANT EXECUTE ON FUNCTION ${fn} TO ${role}`);
    }
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP FUNCTION app_deviation_solved_reports(uuid[])`);
    await db.query(`DROP FUNCTION app_deviation_status_changes(uuid[])`);
  }
}
