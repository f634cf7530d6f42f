// Jira shows and reads times in the acting user's time zone: REST timestamps carry that zone's offset
// ("2024-03-01T10:15:00.000+0100") and JQL date literals without a zone are read in it. Getting this wrong is a classic
// off-by-an-hour sync bug, so the simulator reproduces it.

const offsetFormatters = new Map<string, Intl.DateTimeFormat>();

/** Minutes east of UTC that `timeZone` is at instant `ms`. */
export function zoneOffsetMinutes(ms: number, timeZone: string): number {
  let formatter = offsetFormatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    offsetFormatters.set(timeZone, formatter);
  }
  const parts = Object.fromEntries(formatter.formatToParts(new Date(ms)).map((p) => [p.type, p.value]));
  const asUtc = Date.UTC(+parts.year, +parts.month - 1, +parts.day, +parts.hour, +parts.minute, +parts.second);
  return Math.round((asUtc - Math.floor(ms / 1000) * 1000) / 60000);
}

const pad = (n: number, width = 2): string => String(Math.abs(n)).padStart(width, '0');

/** Jira's REST timestamp format, e.g. 2024-03-01T10:15:00.000+0100. */
export function formatJiraDateTime(ms: number, timeZone: string): string {
  const offset = zoneOffsetMinutes(ms, timeZone);
  const local = new Date(ms + offset * 60000);
  const sign = offset < 0 ? '-' : '+';
  return (
    `${local.getUTCFullYear()}-${pad(local.getUTCMonth() + 1)}-${pad(local.getUTCDate())}` +
    `T${pad(local.getUTCHours())}:${pad(local.getUTCMinutes())}:${pad(local.getUTCSeconds())}.${pad(local.getUTCMilliseconds(), 3)}` +
    `${sign}${pad(Math.trunc(Math.abs(offset) / 60))}${pad(Math.abs(offset) % 60)}`
  );
}

/** The instant at which the wall-clock time (given as if it were UTC) occurs in `timeZone`. */
export function wallClockToInstant(wallAsUtc: number, timeZone: string): number {
  // Two passes settle the offset across a DST change.
  let guess = wallAsUtc - zoneOffsetMinutes(wallAsUtc, timeZone) * 60000;
  guess = wallAsUtc - zoneOffsetMinutes(guess, timeZone) * 60000;
  return guess;
}

const PERIOD_UNITS: Record<string, number> = { w: 7 * 86400000, d: 86400000, h: 3600000, m: 60000 };

/**
 * A JQL date value as an instant: 'yyyy-MM-dd HH:mm', 'yyyy/MM/dd HH:mm', 'yyyy-MM-dd', 'yyyy/MM/dd' (all in the
 * user's zone), epoch milliseconds, or a period relative to now such as '-15m' or '-1w 2d'. Undefined when invalid.
 */
export function parseJqlDate(value: string, timeZone: string, now: number): number | undefined {
  const text = value.trim();
  if (/^\d{9,}$/.test(text)) return Number(text);
  const absolute = /^(\d{4})[-/](\d{1,2})[-/](\d{1,2})(?:\s+(\d{1,2}):(\d{2}))?$/.exec(text);
  if (absolute) {
    const [, y, mo, d, h, mi] = absolute;
    const month = Number(mo);
    const day = Number(d);
    const hour = h === undefined ? 0 : Number(h);
    const minute = mi === undefined ? 0 : Number(mi);
    if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59) return undefined;
    return wallClockToInstant(Date.UTC(Number(y), month - 1, day, hour, minute), timeZone);
  }
  const period = /^([-+]?)((?:\d+[wdhm]\s*)+)$/.exec(text);
  if (period) {
    let total = 0;
    for (const [, amount, unit] of period[2].matchAll(/(\d+)([wdhm])/g)) total += Number(amount) * PERIOD_UNITS[unit];
    return period[1] === '-' ? now - total : now + total;
  }
  return undefined;
}
