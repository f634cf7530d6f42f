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

/**
 * A kritisk deviation (UC: Responstid 30 business minutes, Åtgärdstid 8 business hours) one party reported against
 * another, solved, with its rows as the API and the worker leave them — every instant the test's. Received Mon
 * 2 Nov 2026 09:00 Stockholm, under investigation 09:20, solved 10:00; "lösning satt" goes to both sides at 10:00,
 * its e-mail reached the responsible party's user at 10:05 and the reporter's contact only at 12:00 (SMTP was slow).
 * The report back the UC means (ch. 5) is the one to the reporter: hand-computed, Responstid 20 of 30 minutes met,
 * Åtgärdstid stopped at 12:00 after 3 of 8 business hours, met.
 */
export async function aSolvedDeviationReportedBack(reporterId: string, responsibleId: string): Promise<{ id: string; key: string }> {
  const db = await ownerDb();
  const deviation = await aDeviationRow(reporterId, {
    responsible_party_id: responsibleId,
    status: 'löst',
    prioritet: 'kritisk',
    submitted_at: '2026-11-02T08:00:00Z',
    resolved_at: '2026-11-02T09:00:00Z',
    kontaktpersoner: JSON.stringify([aContact]),
  });
  let from = 'utkast';
  for (const [at, to] of [
    ['2026-11-02T08:00:00Z', 'inskickad'],
    ['2026-11-02T08:20:00Z', 'under_utredning'],
    ['2026-11-02T09:00:00Z', 'löst'],
  ]) {
    await db.query(
      `INSERT INTO audit_entry (occurred_at, actor_user_id, action, entity_type, entity_id, party_id, changes)
       VALUES ($1, 'skr@skr', 'deviation.status_set', 'deviation', $2, $3, $4::jsonb)`,
      [at, deviation.id, reporterId, JSON.stringify({ status: { from, to } })],
    );
    from = to;
  }
  for (const [partyId, recipient, sentAt] of [
    [reporterId, aContact.epost, '2026-11-02T11:00:00Z'],
    [responsibleId, 'drift@leverantor.example', '2026-11-02T09:05:00Z'],
  ]) {
    const [event] = (await db.query(
      `INSERT INTO notification_event (type, party_id, subject_kind, subject_id, subject_key, subject_title, created_at, recipients_resolved_at)
       VALUES ('lösning_satt', $1, 'deviation', $2, $3, 'Rad skriven av testet', '2026-11-02T09:00:00Z', '2026-11-02T09:00:01Z') RETURNING id`,
      [partyId, deviation.id, deviation.key],
    )) as { id: string }[];
    await db.query(
      `INSERT INTO notification_delivery (event_id, party_id, channel, recipient, status, sent_at) VALUES ($1, $2, 'email', $3, 'skickad', $4)`,
      [event.id, partyId, recipient, sentAt],
    );
  }
  return deviation;
}
