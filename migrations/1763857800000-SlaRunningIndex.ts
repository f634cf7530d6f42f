import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The deviations whose SLA clocks may run (open, submitted, with a priority), for the alert scan that reads them
 * every minute: a small index however many closed deviations the table holds.
 */
export class SlaRunningIndex1763857800000 implements MigrationInterface {
  name = 'SlaRunningIndex1763857800000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(
      `CREATE INDEX ix_deviation_sla_running ON deviation (id)
        WHERE status IN ('inskickad', 'mottagen', 'under_utredning', 'åtgärdas', 'väntar_på_komplettering')
          AND submitted_at IS NOT NULL AND prioritet IS NOT NULL`,
    );
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP INDEX ix_deviation_sla_running`);
  }
}
