import { Deviation } from '../../src/deviations/deviation.entity';
import { DeviationResponseDto } from '../../src/deviations/dto/deviation-response.dto';
import { deviationItemSql } from '../../src/deviations/dto/deviation-response.sql';
import { aDeviationRow } from '../factories/deviation.factory';
import { aParty } from '../factories/party.factory';
import { ownerDb, truncateAll } from '../support/database';

/**
 * The API's list items are rendered by PostgreSQL (deviationItemSql); the deviation's own endpoint maps the entity
 * (DeviationResponseDto.seenBy). Both must say the same, field for field and in the same order, to every viewer.
 */
describe('deviationItemSql (a list item rendered by PostgreSQL)', () => {
  beforeEach(() => truncateAll());

  async function renderedBothWays(viewer: string | null) {
    const db = await ownerDb();
    const rows = await db.manager
      .createQueryBuilder(Deviation, 'd')
      .select(deviationItemSql(db.getMetadata(Deviation), 'd', viewer === null ? null : ':viewer'), 'item')
      .addSelect('d.id', 'id')
      .setParameter('viewer', viewer)
      .orderBy('d.key')
      .getRawMany<{ item: string; id: string }>();
    const entities = await db.manager.find(Deviation, { order: { key: 'ASC' } });
    return {
      sql: rows.map((row) => JSON.parse(row.item) as Record<string, unknown>),
      dto: entities.map((entity) => JSON.parse(JSON.stringify(DeviationResponseDto.seenBy(viewer)(entity))) as Record<string, unknown>),
    };
  }

  it('should give every viewer (reporter, responsible party, SKR) what the DTO gives, for deviations of every shape', async () => {
    const [reporter, responsible] = [await aParty(), await aParty()];
    await aDeviationRow(reporter.id, {
      responsible_party_id: responsible.id,
      reporter_user_id: 'anna@kommun',
      status: 'under_utredning',
      // Quotes, a backslash, line breaks, a tab, a control character, a line separator, an emoji and Swedish letters.
      rubrik: 'Svar "saknas" i C:\\temp\r\n\tsteg\u0001 \u2028 🚨 åäö ÅÄÖ',
      reproduktionssteg: '1. Logga in\n2. Sök',
      utfall: 'Timeout',
      forvantat: 'Svar inom 5 s',
      skal: 'Kravet kan inte uppfyllas',
      miljo: 'produktion',
      kravreferens: 'SLA 4.8.1',
      paverkan: 2,
      tidpunkt: 1,
      tidpunkt_proposed: true,
      prioritet: 'hög',
      prioritet_overridden: true,
      kontaktpersoner: JSON.stringify([{ namn: 'Anna "A" Andersson', telefon: '070-123 45 67', epost: 'anna@kommun.se' }]),
      // Microseconds, which a Date drops, and an instant before 1970.
      submitted_at: '2026-11-23T08:00:00.123987Z',
      resolved_at: '1969-12-31T23:59:59.999999Z',
      resolution: 'Åtgärdad',
    });
    const original = await aDeviationRow(reporter.id, { status: 'inskickad' });
    // Reported by SKR: no reporting party, responsible party set, a duplicate of the first.
    await aDeviationRow(null as unknown as string, {
      source: 'rapporterad_av_skr',
      responsible_party_id: reporter.id,
      duplicate_of_id: original.id,
      status: 'stängd',
      kontaktpersoner: '[]',
    });

    for (const viewer of [reporter.id, responsible.id, null]) {
      const { sql, dto } = await renderedBothWays(viewer);
      expect(sql).toHaveLength(3);
      expect(sql).toEqual(dto);
      // The same keys in the same order: a field added to the DTO and not to the SQL fails here.
      expect(sql.map((item) => Object.keys(item))).toEqual(dto.map((item) => Object.keys(item)));
    }
    // The views differ where the DTO says they do (so the comparison above is not of two blind renderings).
    const [asReporter, asResponsible] = [(await renderedBothWays(reporter.id)).sql[0], (await renderedBothWays(responsible.id)).sql[0]];
    expect(asReporter).toEqual(expect.objectContaining({ relation: 'rapporterad', reporterUserId: 'anna@kommun' }));
    expect(asResponsible).toEqual(expect.objectContaining({ relation: 'ansvarig', reporterUserId: null }));
    expect(asReporter.submittedAt).toBe('2026-11-23T08:00:00.123Z');
  });
});
