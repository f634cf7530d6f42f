import type { Response } from 'express';
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
  return csvHeader() + csvRows(deviations);
}

/** The start of the file: the byte order mark and the header line. */
export function csvHeader(): string {
  return `\uFEFF${COLUMNS.map(([name]) => csvCell(name)).join(';')}\r\n`;
}

/** One line per deviation, each ending in CRLF. */
export function csvRows(deviations: Deviation[]): string {
  return deviations.map((d) => `${COLUMNS.map(([, get]) => csvCell(get(d))).join(';')}\r\n`).join('');
}

/**
 * Streams the export: the status and headers go once the first batch is read, so an error up to then is an ordinary
 * problem answer; a failure after that can only cut the transfer short (the client sees an incomplete download, never a
 * file that looks whole). Waits for the client to take each batch, and stops reading when it has gone away.
 */
export async function writeCsv(response: Response, batches: AsyncGenerator<Deviation[]>): Promise<void> {
  const first = await batches.next();
  response.status(200).setHeader('Content-Type', 'text/csv; charset=utf-8');
  response.setHeader('Content-Disposition', 'attachment; filename="avvikelser.csv"');
  try {
    let chunk = csvHeader() + (first.done ? '' : csvRows(first.value));
    for (;;) {
      // A client that went away makes write() answer false too, and then 'drain' never comes: wait for 'close' as well.
      if (!response.write(chunk) && !response.destroyed) await drainedOrClosed(response);
      if (response.destroyed) return;
      const next = await batches.next();
      if (next.done) break;
      chunk = csvRows(next.value);
    }
    response.end();
  } catch (error) {
    response.destroy(error as Error);
  } finally {
    await batches.return(undefined);
  }
}

/** Settles when the client has taken what was written, or has gone away; leaves no listener behind either way. */
function drainedOrClosed(response: Response): Promise<void> {
  return new Promise((resolve) => {
    const settle = () => {
      response.off('drain', settle);
      response.off('close', settle);
      resolve();
    };
    response.on('drain', settle);
    response.on('close', settle);
  });
}
