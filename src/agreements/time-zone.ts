// Small IANA time-zone helpers on top of Intl, because the project carries no luxon or date-fns. Service levels are
// agreed in Swedish wall-clock time (opening hours 08.00–17.00, "the 20th of the month"), while the SLA clocks store
// instants; these functions translate between the two, including across the DST switches.

/** A calendar date in some time zone, `yyyy-mm-dd`. */
export type LocalDate = string;

/** ISO weekday: 1 Monday … 7 Sunday. */
export type IsoWeekday = 1 | 2 | 3 | 4 | 5 | 6 | 7;

/** Wall-clock reading of an instant in a time zone. */
export interface LocalDateTime {
  date: LocalDate;
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  millisecond: number;
  weekday: IsoWeekday;
}

const MS_PER_MINUTE = 60_000;
const MS_PER_DAY = 86_400_000;
const LOCAL_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    // h23, not hour12: false, because the latter renders midnight as "24" in some engines.
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
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

function pad(value: number, width = 2): string {
  return String(value).padStart(width, '0');
}

/** Throws a RangeError unless `date` is a real calendar date written `yyyy-mm-dd`. */
export function assertLocalDate(date: string): asserts date is LocalDate {
  const match = LOCAL_DATE.exec(date);
  if (!match) throw new RangeError(`Not a yyyy-mm-dd date: "${date}"`);
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) {
    throw new RangeError(`Not a calendar date: "${date}"`);
  }
}

function splitLocalDate(date: LocalDate): [number, number, number] {
  assertLocalDate(date);
  return [Number(date.slice(0, 4)), Number(date.slice(5, 7)), Number(date.slice(8, 10))];
}

/** Number of days in a month (month 1–12) of the proleptic Gregorian calendar. */
export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** Reads the wall clock of `timeZone` at `instant`. */
export function toLocalDateTime(instant: Date, timeZone: string): LocalDateTime {
  const epoch = instant.getTime();
  if (Number.isNaN(epoch)) throw new RangeError('Invalid Date');
  const wall = new Date(epoch + offsetAt(epoch, timeZone));
  const [year, month, day] = [wall.getUTCFullYear(), wall.getUTCMonth() + 1, wall.getUTCDate()];
  const date = `${pad(year, 4)}-${pad(month)}-${pad(day)}`;
  return {
    date,
    year,
    month,
    day,
    hour: wall.getUTCHours(),
    minute: wall.getUTCMinutes(),
    second: wall.getUTCSeconds(),
    millisecond: wall.getUTCMilliseconds(),
    weekday: isoWeekday(date),
  };
}

/** The span a cached offset covers: offsets change on whole quarter hours (of UTC) in every zone since 1972. */
const OFFSET_SPAN_MS = 15 * MS_PER_MINUTE;
/** Cached offsets kept at most (by zone and span), then forgotten all at once; ~10 years of quarter hours is 350,000. */
const OFFSETS_KEPT = 100_000;
const offsets = new Map<string, number>();

/**
 * Offset of `timeZone` from UTC at `epoch`, in milliseconds (Stockholm: +1 h in winter, +2 h in summer). Intl's
 * formatToParts was most of an SLA clock's cost (and of a portal start page's) for a value that changes twice a
 * year, so it is asked once per quarter hour and zone, and remembered when it is the same at both ends of the span;
 * a span with a change inside is asked for every instant.
 */
function offsetAt(epoch: number, timeZone: string): number {
  const start = Math.floor(epoch / OFFSET_SPAN_MS) * OFFSET_SPAN_MS;
  const key = `${timeZone} ${start}`;
  const known = offsets.get(key);
  if (known !== undefined) return known;
  const atStart = intlOffsetAt(start, timeZone);
  if (intlOffsetAt(start + OFFSET_SPAN_MS - 1000, timeZone) !== atStart) return intlOffsetAt(epoch, timeZone);
  if (offsets.size >= OFFSETS_KEPT) offsets.clear();
  offsets.set(key, atStart);
  return atStart;
}

/** The offset at `epoch`'s whole second, as Intl reads the zone's wall clock there. */
function intlOffsetAt(epoch: number, timeZone: string): number {
  const wholeSecond = Math.floor(epoch / 1000) * 1000;
  const parts: Record<string, number> = {};
  for (const part of formatterFor(timeZone).formatToParts(new Date(wholeSecond))) {
    if (part.type !== 'literal') parts[part.type] = Number(part.value);
  }
  return Date.UTC(parts.year, parts.month - 1, parts.day, parts.hour, parts.minute, parts.second) - wholeSecond;
}

/** The local calendar date of `instant` in `timeZone`. */
export function toLocalDate(instant: Date, timeZone: string): LocalDate {
  return toLocalDateTime(instant, timeZone).date;
}

/**
 * The instant at which the wall clock of `timeZone` shows `date` plus `msOfDay` (0 … 24 h; 24 h is the next day's
 * midnight). Resolves DST like Temporal's "compatible" disambiguation: a wall time skipped in spring (02:30 on the
 * last Sunday of March in Stockholm) moves forward by the gap, a wall time repeated in autumn takes its first,
 * summer-time occurrence.
 */
export function fromLocalDateTime(date: LocalDate, msOfDay: number, timeZone: string): Date {
  if (!Number.isFinite(msOfDay) || msOfDay < 0 || msOfDay > MS_PER_DAY) {
    throw new RangeError(`Time of day out of range: ${msOfDay} ms`);
  }
  const [year, month, day] = splitLocalDate(date);
  const wall = Date.UTC(year, month - 1, day) + msOfDay;
  // Stockholm changes its offset at most once in any two days, so the offsets a day either side are the only
  // candidates for this wall time.
  const offsetBefore = offsetAt(wall - MS_PER_DAY, timeZone);
  const offsetAfter = offsetAt(wall + MS_PER_DAY, timeZone);
  const matches = [wall - offsetBefore, wall - offsetAfter].filter((candidate) => candidate + offsetAt(candidate, timeZone) === wall);
  if (matches.length === 0) return new Date(wall - offsetBefore);
  return new Date(Math.min(...matches));
}

/** ISO weekday of a local date (the weekday of a date does not depend on the time zone). */
export function isoWeekday(date: LocalDate): IsoWeekday {
  const [year, month, day] = splitLocalDate(date);
  const sundayZero = new Date(Date.UTC(year, month - 1, day)).getUTCDay();
  return (sundayZero === 0 ? 7 : sundayZero) as IsoWeekday;
}

/** The local date `days` calendar days after `date` (negative goes back). */
export function addDays(date: LocalDate, days: number): LocalDate {
  const [year, month, day] = splitLocalDate(date);
  const shifted = new Date(Date.UTC(year, month - 1, day + days));
  return `${pad(shifted.getUTCFullYear(), 4)}-${pad(shifted.getUTCMonth() + 1)}-${pad(shifted.getUTCDate())}`;
}

/** Whole calendar days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: LocalDate, to: LocalDate): number {
  const [y1, m1, d1] = splitLocalDate(from);
  const [y2, m2, d2] = splitLocalDate(to);
  return Math.round((Date.UTC(y2, m2 - 1, d2) - Date.UTC(y1, m1 - 1, d1)) / MS_PER_DAY);
}

/** Parses `HH:mm` (00:00 … 24:00) into milliseconds since local midnight. */
export function parseTimeOfDay(time: string): number {
  const match = /^(\d{2}):(\d{2})$/.exec(time);
  const hours = match ? Number(match[1]) : NaN;
  const minutes = match ? Number(match[2]) : NaN;
  if (!match || hours > 24 || minutes > 59 || (hours === 24 && minutes !== 0)) {
    throw new RangeError(`Not a HH:mm time of day: "${time}"`);
  }
  return (hours * 60 + minutes) * MS_PER_MINUTE;
}

/** Milliseconds since local midnight of a wall-clock reading. */
export function msOfDay(local: LocalDateTime): number {
  return ((local.hour * 60 + local.minute) * 60 + local.second) * 1000 + local.millisecond;
}
