// Which Swedish holidays close a service, from the date-holidays package's rules for Sweden: read from the table
// generated from it (swedish-holidays.data.ts) for the years it holds, and from the package itself for any other.
import type HolidaysOfPackage from 'date-holidays';
import type { ClosedHolidayType } from './agreements';
import { FIRST_YEAR, LAST_YEAR, SWEDISH_HOLIDAYS } from './swedish-holidays.data';
import type { LocalDate } from './time-zone';

interface Holiday {
  date: LocalDate;
  type: string;
  name: string;
}

/** The date-holidays types an agreement may close on (ClosedHolidayType), the only ones the table holds. */
const CLOSING_TYPES: ReadonlySet<string> = new Set<ClosedHolidayType>(['public', 'bank']);
/** The table by year, parsed on first use. */
let tableByYear: Map<number, Holiday[]> | undefined;
/** date-holidays for Sweden, built only for a year outside the table: its rule set costs the API ~8.6 MB of heap. */
let swedishHolidays: HolidaysOfPackage | undefined;

/** The holidays of a closing type in `year`, in date-holidays' order. */
export function holidaysOfYear(year: number): readonly Holiday[] {
  if (year >= FIRST_YEAR && year <= LAST_YEAR) {
    tableByYear ??= parseTable();
    return tableByYear.get(year) ?? [];
  }
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded only when a year outside the table is asked for
  swedishHolidays ??= new (require('date-holidays') as typeof HolidaysOfPackage)('SE');
  // `date` is the local calendar date ("2026-06-19 00:00:00"), independent of the process time zone.
  return swedishHolidays
    .getHolidays(year, 'sv')
    .filter((h) => CLOSING_TYPES.has(h.type))
    .map((h) => ({ date: h.date.slice(0, 10), type: h.type, name: h.name }));
}

function parseTable(): Map<number, Holiday[]> {
  const byYear = new Map<number, Holiday[]>();
  for (const line of SWEDISH_HOLIDAYS.split('\n')) {
    if (!line) continue;
    const [date, type, ...name] = line.split(' ');
    const year = Number(date.slice(0, 4));
    const holiday = { date, type, name: name.join(' ') };
    const ofYear = byYear.get(year);
    if (ofYear) ofYear.push(holiday);
    else byYear.set(year, [holiday]);
  }
  return byYear;
}

/** The Swedish holidays of an agreement's closed types, worked out once per year. */
export class ClosingHolidays {
  private readonly types: ReadonlySet<string>;
  private readonly byYear = new Map<number, ReadonlyMap<LocalDate, string>>();

  constructor(types: readonly ClosedHolidayType[]) {
    this.types = new Set(types);
  }

  /** The name of the closing holiday on the valid local date `date` (e.g. `midsommarafton`), or `undefined`. */
  nameOn(date: LocalDate): string | undefined {
    return this.ofYear(Number(date.slice(0, 4))).get(date);
  }

  private ofYear(year: number): ReadonlyMap<LocalDate, string> {
    let closed = this.byYear.get(year);
    if (!closed) {
      const days = new Map<LocalDate, string>();
      for (const holiday of holidaysOfYear(year)) {
        if (this.types.has(holiday.type) && !days.has(holiday.date)) days.set(holiday.date, holiday.name);
      }
      closed = days;
      this.byYear.set(year, closed);
    }
    return closed;
  }
}
