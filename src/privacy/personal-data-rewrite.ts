import type { EntityManager } from 'typeorm';

/** A detail of the person, as regular expressions over text and over jsonb's text form, and what replaces it. */
export interface Replacement {
  pattern: string;
  jsonPattern: string;
  pseudonym: string;
}

const regexQuote = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** How a string stands inside jsonb's text form: escaped as JSON, without the quotes. */
const asJsonText = (text: string) => JSON.stringify(text).slice(1, -1);

/**
 * A name or an e-mail address, as written (case aside), as a whole word: "Bo Berg" is not replaced inside "Bo Bergman",
 * nor a short name inside every word that contains it.
 */
export function literally(needle: string, pseudonym: string): Replacement {
  const whole = (text: string) => `(?<!\\w)${regexQuote(text)}(?!\\w)`;
  return { pattern: whole(needle), jsonPattern: whole(asJsonText(needle)), pseudonym };
}

/**
 * A phone number in E.164 however people write it: `+46 70-123 45 67`, `070-123 45 67`, `0701234567`. The digits in
 * order, a space or hyphen allowed between any two.
 */
export function phoneNumber(e164: string, pseudonym: string): Replacement {
  const spaced = (digits: string) => digits.split('').map(regexQuote).join('[ -]?');
  const national = e164.startsWith('+46') ? [`0${e164.slice(3)}`] : [];
  const pattern = [`\\+${spaced(e164.slice(1))}`, ...national.map(spaced)].map((p) => `(${p})`).join('|');
  return { pattern: `(?<![0-9])(${pattern})(?![0-9])`, jsonPattern: `(?<![0-9])(${pattern})(?![0-9])`, pseudonym };
}

/**
 * Identity tables: a user's name and e-mail are how they sign in and are reached; closing an account is the users
 * API's business, not a contact person's erasure.
 */
const NOT_REWRITTEN = new Set(['person', 'app_user', 'invitation']);

/**
 * Replaces every spelling, case-insensitively, in every text and jsonb column the application may update, of every
 * table but the identity ones: whatever copied the person's details (audit entries, notification events and
 * deliveries, webhook and Jira payloads) is found without a list to keep up to date. Returns the changed rows per
 * table, with the ids of changed deviations.
 */
export async function rewritePersonalData(
  manager: EntityManager,
  replacements: Replacement[],
): Promise<{ changedRows: number; deviationIds: string[] }> {
  const columns = (await manager.query(
    `SELECT c.table_name AS "table", c.column_name AS "column", c.data_type = 'jsonb' AS "json"
       FROM information_schema.columns c
       JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
      WHERE c.table_schema = current_schema() AND t.table_type = 'BASE TABLE'
        AND c.data_type IN ('text', 'character varying', 'jsonb')
        AND has_column_privilege(format('%I.%I', c.table_schema, c.table_name), c.column_name, 'UPDATE')
      ORDER BY 1, 2`,
  )) as { table: string; column: string; json: boolean }[];
  // Longest first, so a name is replaced whole before any shorter spelling inside it.
  const ordered = [...replacements].sort((a, b) => b.pattern.length - a.pattern.length);
  let changedRows = 0;
  const deviationIds = new Set<string>();
  for (const { table, column, json } of columns.filter((c) => !NOT_REWRITTEN.has(c.table))) {
    for (const replacement of ordered) {
      const pattern = json ? replacement.jsonPattern : replacement.pattern;
      const pseudonym = json ? asJsonText(replacement.pseudonym) : replacement.pseudonym;
      const value = json ? `"${column}"::text` : `"${column}"`;
      const rewritten = `regexp_replace(${value}, $1, $2, 'gi')${json ? '::jsonb' : ''}`;
      const [rows] = (await manager.query(
        `UPDATE "${table}" SET "${column}" = ${rewritten} WHERE ${value} ~* $1 RETURNING ${table === 'deviation' ? 'id' : 'NULL AS id'}`,
        [pattern, pseudonym],
      )) as [{ id: string | null }[], number];
      changedRows += rows.length;
      for (const row of rows) if (row.id) deviationIds.add(row.id);
    }
  }
  return { changedRows, deviationIds: [...deviationIds] };
}
