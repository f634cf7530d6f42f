import { Deviation } from './deviation.entity';

const COLUMNS: [string, (d: Deviation) => unknown][] = [
  ['Nyckel', (d) => d.key],
  ['Status', (d) => d.status],
  ['Prioritet', (d) => d.prioritet],
  ['Rubrik', (d) => d.rubrik],
  ['Del', (d) => d.del],
  ['Miljö', (d) => d.miljö],
  ['Kravreferens', (d) => d.kravreferens],
  ['Påverkan', (d) => d.påverkan],
  ['Tidpunkt', (d) => d.tidpunkt],
  ['Reproduktionssteg', (d) => d.reproduktionssteg],
  ['Skäl', (d) => d.skäl],
  ['Utfall', (d) => d.utfall],
  ['Förväntat', (d) => d.förväntat],
  ['Kontaktpersoner', (d) => d.kontaktpersoner.map((c) => `${c.namn} ${c.telefon} ${c.epost}`).join('; ')],
  ['Skapad', (d) => d.createdAt.toISOString()],
  ['Inskickad', (d) => d.submittedAt?.toISOString()],
  ['Uppdaterad', (d) => d.updatedAt.toISOString()],
];

/**
 * One CSV cell: quoted when needed, and defused when it would start a spreadsheet formula (= + - @ and the control
 * characters Excel treats alike), so an exported deviation can never run code in the reader's Excel.
 */
export function csvCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  let text = String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",;\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** UTF-8 with BOM and semicolons, so Swedish Excel opens å, ä, ö and columns right. */
export function toCsv(deviations: Deviation[]): string {
  const lines = [COLUMNS.map(([name]) => csvCell(name)).join(';')];
  for (const d of deviations) lines.push(COLUMNS.map(([, get]) => csvCell(get(d))).join(';'));
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}
