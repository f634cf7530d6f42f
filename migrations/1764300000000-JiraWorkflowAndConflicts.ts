import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Jira's default resolution names and the texts of 2026-12 (frozen here: a migration never imports src/). */
const TEXTS: [string, string][] = [
  ['Done', 'Åtgärdad'],
  ["Won't Do", 'Kommer inte att åtgärdas'],
  ['Duplicate', 'Dubblett av ett annat ärende'],
  ['Cannot Reproduce', 'Felet kunde inte återskapas'],
];

const quote = (text: string): string => `'${text.replace(/'/g, "''")}'`;
const RESOLUTION_CASE = (column: string, pairs: [string, string][]): string =>
  `CASE ${column} ${pairs.map(([from, to]) => `WHEN ${quote(from)} THEN ${quote(to)}`).join(' ')} ELSE ${column} END`;

/**
 * Three things a real Jira site needs of the sync's bookkeeping:
 * - `jira_mapping.outbound`: where two Jira statuses mean the same to us (Stängd, Avbruten), which one we move an issue
 *   to. At most one per value; every existing row maps a value of its own, so each becomes its value's outbound row.
 * - `jira_link.last_error_code`: a stable code beside the failure text (no path to a status, a required field we
 *   cannot fill, SKR's edit in Jira), so SKR can tell failures apart and the portal can name them.
 * - `jira_link.written_content_hash`: a hash of the summary and description text as we last wrote them, to tell an
 *   edit SKR made in Jira from our own.
 * - `jira_mapping` rows of kind `resolution`: Jira's default resolution ids to the keys of the party-facing texts
 *   (src/jira/jira-resolution-texts.ts), so a party reads "Åtgärdad", not "Done".
 */
export class JiraWorkflowAndConflicts1764300000000 implements MigrationInterface {
  name = 'JiraWorkflowAndConflicts1764300000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE jira_mapping ADD COLUMN outbound boolean NOT NULL DEFAULT false`);
    await db.query(`UPDATE jira_mapping SET outbound = true`);
    await db.query(`CREATE UNIQUE INDEX uq_jira_mapping_outbound ON jira_mapping (kind, value) WHERE outbound`);
    await db.query(`ALTER TABLE jira_link ADD COLUMN written_content_hash text`);
    await db.query(`
      INSERT INTO jira_mapping (kind, jira_id, value, outbound) VALUES
        ('resolution', '10000', 'åtgärdad', true), ('resolution', '10001', 'åtgärdas_inte', true),
        ('resolution', '10002', 'dubblett', true), ('resolution', '10003', 'kan_inte_återskapas', true)`);
    // The resolution each link knows the issue to have is now recorded as the party reads it: without this, the next
    // pull would see every known "Done" change to "Åtgärdad" and take it for SKR's decision, over SKR's own text.
    await db.query(`UPDATE jira_link SET jira_resolution = ${RESOLUTION_CASE('jira_resolution', TEXTS)} WHERE jira_resolution IS NOT NULL`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(
      `UPDATE jira_link SET jira_resolution = ${RESOLUTION_CASE(
        'jira_resolution',
        TEXTS.map(([name, text]) => [text, name]),
      )} WHERE jira_resolution IS NOT NULL`,
    );
    await db.query(`DELETE FROM jira_mapping WHERE kind = 'resolution'`);
    await db.query(`ALTER TABLE jira_link DROP COLUMN written_content_hash`);
    await db.query(`DROP INDEX uq_jira_mapping_outbound`);
    await db.query(`ALTER TABLE jira_mapping DROP COLUMN outbound`);
  }
}
