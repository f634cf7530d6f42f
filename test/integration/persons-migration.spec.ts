import { PersonsMembershipsInvitations1763858200000 } from '../../migrations/1763858200000-PersonsMembershipsInvitations';
import { aParty, aUser } from '../factories/party.factory';
import { ownerDb, truncateAll } from '../support/database';

/** The migration to persons and memberships, run down and up again on rows, inside a transaction that is rolled back. */
describe(PersonsMembershipsInvitations1763858200000.name, () => {
  beforeEach(() => truncateAll());

  it('should carry users over both ways, and refuse to go down while a person holds two memberships', async () => {
    const a = await aParty();
    const b = await aParty();
    const user = await aUser({ partyId: a.id, subject: 'kept' });
    const runner = (await ownerDb()).createQueryRunner();
    const migration = new PersonsMembershipsInvitations1763858200000();
    await runner.startTransaction();
    try {
      await migration.down(runner);
      expect(await runner.query(`SELECT subject, party_id FROM app_user`)).toEqual([{ subject: 'kept', party_id: a.id }]);
      await migration.up(runner);
      expect(await runner.query(`SELECT u.subject, u.party_id, p.issuer FROM app_user u JOIN person p ON p.id = u.person_id`)).toEqual([
        { subject: 'kept', party_id: a.id, issuer: null },
      ]);
      await runner.query(
        `INSERT INTO app_user (party_id, person_id, subject, name, role) SELECT $1, person_id, subject, name, 'reader' FROM app_user WHERE id = $2`,
        [b.id, user.id],
      );
      await expect(migration.down(runner)).rejects.toThrow(/several parties/);
    } finally {
      await runner.rollbackTransaction();
      await runner.release();
    }
  });
});
