import { ownerDb } from '../support/database';

export const aContact = { namn: 'Anna Andersson', telefon: '070-123 45 67', epost: 'anna.andersson@goteborg.se' };

/** A complete report (everything seed 000 asks for); override what a test is about. */
export function aDeviationBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    rubrik: 'Svarstider över 30 sekunder mot CSN',
    reproduktionssteg: '1. Logga in\n2. Sök testperson 3 i testdata\n3. Vänta på svar',
    utfall: 'Anropet avbryts med timeout efter 30 sekunder; avvikelserna upprepas varje morgon.',
    förväntat: 'Svar inom 5 sekunder',
    del: 'gränssnitt_mot_frågetjänster',
    miljö: 'produktion',
    kravreferens: 'SLA 4.8.1',
    påverkan: 2,
    tidpunkt: 1,
    kontaktpersoner: [aContact],
    ...overrides,
  };
}

/**
 * A deviation row written behind the API's back (as the table owner, past row-level security), for tests about
 * what the database itself lets each party see.
 */
export async function aDeviationRow(partyId: string, overrides: Record<string, unknown> = {}): Promise<{ id: string; key: string }> {
  const db = await ownerDb();
  // A row past the draft has been submitted, as the service would have recorded it.
  const submitted = (overrides.status ?? 'inskickad') !== 'utkast';
  const row = {
    rubrik: 'Rad skriven av testet',
    status: 'inskickad',
    reporter_user_id: 'test',
    ...(submitted ? { submitted_at: new Date() } : {}),
    ...overrides,
  };
  const columns = Object.keys(row);
  const [inserted] = (await db.query(
    `INSERT INTO deviation (key, party_id, version, ${columns.join(', ')})
     VALUES ((SELECT 'AVV-' || to_char(now(), 'YYYY') || '-' || lpad(n::text, greatest(5, length(n::text)), '0') FROM nextval('deviation_key_seq') AS n), $1, 1, ${columns.map((_, i) => `$${i + 2}`).join(', ')})
     RETURNING id, key`,
    [partyId, ...Object.values(row)],
  )) as { id: string; key: string }[];
  return inserted;
}
