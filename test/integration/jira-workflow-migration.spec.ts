import { JiraWorkflowAndConflicts1764300000000 } from '../../migrations/1764300000000-JiraWorkflowAndConflicts';
import { aParty } from '../factories/party.factory';
import { ownerDb, truncateAll } from '../support/database';

/** The workflow-and-conflicts migration, run down and up again on rows, inside a transaction that is rolled back. */
describe(JiraWorkflowAndConflicts1764300000000.name, () => {
  beforeEach(() => truncateAll());

  it("should rename each link's known resolution to the party's text and back, and seed and drop the resolution mapping", async () => {
    const party = await aParty();
    const runner = (await ownerDb()).createQueryRunner();
    const migration = new JiraWorkflowAndConflicts1764300000000();
    await runner.startTransaction();
    try {
      const links = `SELECT jira_resolution FROM jira_link ORDER BY jira_resolution`;
      await runner.query(
        `INSERT INTO jira_link (deviation_id, party_id, jira_resolution) VALUES (gen_random_uuid(), $1, 'Åtgärdad'),
        (gen_random_uuid(), $1, 'Kommer inte att åtgärdas'), (gen_random_uuid(), $1, 'Egen lösning')`,
        [party.id],
      );
      await migration.down(runner);
      expect(await runner.query(links)).toEqual([
        { jira_resolution: 'Done' },
        { jira_resolution: 'Egen lösning' },
        { jira_resolution: "Won't Do" },
      ]);
      expect(await runner.query(`SELECT count(*)::int AS n FROM jira_mapping WHERE kind = 'resolution'`)).toEqual([{ n: 0 }]);
      await migration.up(runner);
      expect(await runner.query(links)).toEqual([
        { jira_resolution: 'Egen lösning' },
        { jira_resolution: 'Kommer inte att åtgärdas' },
        { jira_resolution: 'Åtgärdad' },
      ]);
      expect(await runner.query(`SELECT count(*)::int AS n FROM jira_mapping WHERE outbound`)).toEqual([{ n: 15 }]);
    } finally {
      await runner.rollbackTransaction();
      await runner.release();
    }
  });
});
