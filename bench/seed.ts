// The bench's data: parties, deviations with a realistic share of responsible parties, and portal people.
import type { Pool } from 'pg';

export const PARTIES = 300;
/** Share of the seeded deviations with a responsible party: the rest await SKR's triage. */
const RESPONSIBLE_PERCENT = 60;
/** Resolution of the Zipf table: party rank k gets about SLOTS / (k · H₃₀₀) slots, so rank 300 still gets five. */
const ZIPF_SLOTS = 10_000;
const BATCH_ROWS = 100_000;
/**
 * One deviation a minute: 1,000,000 span ~1.9 years, and the newest 30 days' (43,200) are open in the four working
 * states; the older ones were closed (a fiftieth withdrawn) within two weeks of arrival. With every row open, the
 * SLA scan and the KPIs read the whole table, which no production month looks like.
 */
const OPEN_ROWS = 43_200;
const WORDS = ['timeout', 'avvikelse', 'svarstid', 'fältregel', 'kodlista', 'certifikat', 'inloggning', 'CSN', 'Skatteverket', 'felkod'];

/**
 * The responsible party of each slot, as an index into the parties: Zipf with s = 1, as responsibility really falls —
 * the Driftleverantör and a few large bastjänster carry most cases, a long tail carries a handful. Rank 1 is the
 * party at index 1, the one the read phase reads as (index 0 takes the create phase's rows), so the "concerning us"
 * page is measured for the party with the most deviations against it (~16 % of the responsible ones).
 */
export function zipfSlots(parties: number, slots = ZIPF_SLOTS): number[] {
  const weights = Array.from({ length: parties }, (_, k) => 1 / (k + 1));
  const total = weights.reduce((a, b) => a + b, 0);
  const table: number[] = [];
  let cumulative = 0;
  let rank = 0;
  for (let slot = 0; slot < slots; slot++) {
    const at = (slot + 0.5) / slots;
    while (rank < parties - 1 && cumulative + weights[rank] / total < at) cumulative += weights[rank++] / total;
    table.push((rank + 1) % parties);
  }
  return table;
}

export async function seedParties(owner: Pool): Promise<string[]> {
  const { rows } = await owner.query<{ id: string }>(
    `INSERT INTO party (kind, name, organisation_number)
     SELECT 'kommun', 'Benchkommun ' || g, lpad(g::text, 10, '0') FROM generate_series(1, ${PARTIES}) g ORDER BY g RETURNING id`,
  );
  return rows.map((r) => r.id);
}

/**
 * `rows` submitted deviations, one a minute back from now, reported evenly by the parties; RESPONSIBLE_PERCENT of them
 * concern another party picked from the Zipf table (never their reporter). Hashes of the row number decide both, so
 * every run seeds the same.
 */
export async function seedDeviations(owner: Pool, partyIds: string[], rows: number): Promise<void> {
  const n = partyIds.length;
  await owner.query(`ALTER TABLE deviation DISABLE TRIGGER tr_deviation_search`);
  for (let offset = 0; offset < rows; offset += BATCH_ROWS) {
    const count = Math.min(BATCH_ROWS, rows - offset);
    await owner.query(
      `INSERT INTO deviation (key, party_id, responsible_party_id, reporter_user_id, status, prioritet, rubrik, utfall, kontaktpersoner, version, created_at, updated_at, submitted_at, search)
       SELECT 'AVV-2026-' || lpad(nextval('deviation_key_seq')::text, 7, '0'), ($2::uuid[])[1 + g % ${n}],
              CASE WHEN mod(abs(hashint4(g)::bigint), 100) < ${RESPONSIBLE_PERCENT}
                   THEN ($2::uuid[])[1 + CASE WHEN z.r = g % ${n} THEN (z.r + 1) % ${n} ELSE z.r END] END,
              'seed', CASE WHEN g <= ${OPEN_ROWS} THEN (ARRAY['inskickad', 'mottagen', 'under_utredning', 'åtgärdas'])[1 + g % 4]
                          WHEN g % 50 = 0 THEN 'återkallad' ELSE 'stängd' END::deviation_status,
              (ARRAY['kritisk', 'hög', 'medel', 'låg'])[1 + g % 4],
              'Avvikelse ' || ($1::text[])[1 + g % 10] || ' ' || g, 'Utfallet: ' || ($1::text[])[1 + (g / 7) % 10],
              '[]', 1, now() - make_interval(mins => g), now() - make_interval(mins => g) + make_interval(mins => least(g, 1440 * (1 + g % 14))),
              now() - make_interval(mins => g),
              to_tsvector('swedish', 'Avvikelse ' || ($1::text[])[1 + g % 10] || ' Utfallet: ' || ($1::text[])[1 + (g / 7) % 10])
         FROM generate_series(${offset + 1}, ${offset + count}) g
        CROSS JOIN LATERAL (SELECT ($3::int[])[1 + mod(abs(hashint4(-g)::bigint), ${ZIPF_SLOTS})::int] AS r) z`,
      [WORDS, partyIds, zipfSlots(n)],
    );
  }
  await owner.query(`ALTER TABLE deviation ENABLE TRIGGER tr_deviation_search`);
}

/** How the responsible parties fell: rows with one, and the most and fewest any party is responsible for. */
export async function responsibleSpread(
  owner: Pool,
  readerId: string,
): Promise<{ withResponsible: number; most: number; fewest: number; readerRows: number }> {
  const { rows } = await owner.query<{ with_responsible: string; most: string; fewest: string }>(
    `SELECT sum(c) AS with_responsible, max(c) AS most, min(c) AS fewest
       FROM (SELECT count(*) AS c FROM deviation WHERE responsible_party_id IS NOT NULL GROUP BY responsible_party_id) s`,
  );
  const { rows: reader } = await owner.query<{ c: string }>(`SELECT count(*) AS c FROM deviation WHERE responsible_party_id = $1`, [
    readerId,
  ]);
  return {
    withResponsible: Number(rows[0].with_responsible ?? 0),
    most: Number(rows[0].most ?? 0),
    fewest: Number(rows[0].fewest ?? 0),
    readerRows: Number(reader[0].c),
  };
}
