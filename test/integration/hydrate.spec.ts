import { hydrate } from '../../src/database/hydrate';
import { Deviation } from '../../src/deviations/deviation.entity';
import { aParty } from '../factories/party.factory';
import { ownerDb, truncateAll } from '../support/database';

/** `hydrate` must give exactly what TypeORM's own SELECT gives, for every kind of column a deviation has. */
describe(hydrate.name, () => {
  beforeEach(() => truncateAll());

  it('should turn a RETURNING * row into the same entity a SELECT gives', async () => {
    const db = await ownerDb();
    const party = await aParty();
    const [raw] = (await db.query(
      `INSERT INTO deviation (key, party_id, reporter_user_id, status, rubrik, prioritet, paverkan, tidpunkt, miljo, submitted_at, kontaktpersoner, version)
       VALUES ('AVV-2026-99999', $1, 'anna@kommun', 'inskickad', 'Timeout mot CSN', 'hög', 2, 1, 'produktion', '2026-11-23T08:00:00.123Z',
               '[{"namn":"Anna","telefon":"+46701234567","epost":"anna@kommun.se"}]', 3)
       RETURNING *`,
      [party.id],
    )) as Record<string, unknown>[];
    const hydrated = hydrate(db.manager, Deviation, raw);
    const selected = await db.manager.findOneByOrFail(Deviation, { id: raw.id as string });
    expect(hydrated).toBeInstanceOf(Deviation);
    expect(hydrated).toEqual(selected);
    expect(hydrated.submittedAt).toEqual(new Date('2026-11-23T08:00:00.123Z'));
    expect(hydrated.kontaktpersoner).toEqual([{ namn: 'Anna', telefon: '+46701234567', epost: 'anna@kommun.se' }]);
    expect(hydrated.påverkan).toBe(2);
  });
});
