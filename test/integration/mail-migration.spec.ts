import { MailToConfirmedAddresses1763858470000 } from '../../migrations/1763858470000-MailToConfirmedAddresses';
import { aParty } from '../factories/party.factory';
import { ownerDb, truncateAll } from '../support/database';

/** The mail-policy migration, run down and up again on rows, inside a transaction that is rolled back. */
describe(MailToConfirmedAddresses1763858470000.name, () => {
  beforeEach(() => truncateAll());

  it('should go down with held-back rows removed and the rest kept, and up again', async () => {
    const party = await aParty({ emailDomains: ['kommun.se'] });
    const runner = (await ownerDb()).createQueryRunner();
    const migration = new MailToConfirmedAddresses1763858470000();
    await runner.startTransaction();
    try {
      const [event] = await runner.query(
        `INSERT INTO notification_event (type, party_id, subject_kind, subject_id, subject_key, subject_title)
         VALUES ('lösning_satt', $1, 'deviation', gen_random_uuid(), 'AVV-2026-00001', 'Fel') RETURNING id`,
        [party.id],
      );
      await runner.query(
        `INSERT INTO notification_delivery (event_id, party_id, channel, recipient, status, deferred_until)
         VALUES ($1, $2, 'email', 'kim@kommun.se', 'skickad', now()), ($1, $2, 'email', 'offer@example.com', 'ej_bekräftad', NULL)`,
        [event.id, party.id],
      );
      await migration.down(runner);
      expect(await runner.query(`SELECT recipient, status FROM notification_delivery`)).toEqual([
        { recipient: 'kim@kommun.se', status: 'skickad' },
      ]);
      const columns = `SELECT column_name FROM information_schema.columns WHERE table_name = 'party' AND column_name = 'email_domains'`;
      expect(await runner.query(columns)).toEqual([]);
      await migration.up(runner);
      expect(await runner.query(`SELECT email_domains FROM party`)).toEqual([{ email_domains: [] }]);
      expect(await runner.query(`SELECT recipient, deferred_until FROM notification_delivery`)).toEqual([
        { recipient: 'kim@kommun.se', deferred_until: null },
      ]);
    } finally {
      await runner.rollbackTransaction();
      await runner.release();
    }
  });
});
