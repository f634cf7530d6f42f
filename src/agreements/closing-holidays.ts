// Which Swedish holidays close a service, from the date-holidays package's rules for Sweden.
import Holidays from 'date-holidays';
import type { ClosedHolidayType } from './agreements';
import type { LocalDate } from './time-zone';

// One date-holidays instance for Sweden: building it parses the rule set, which is slow and never changes.
let swedishHolidays: Holidays | undefined;

function holidaysOfSweden(): Holidays {
  swedishHolidays ??= new Holidays('SE');
  return swedishHolidays;
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
      for (const holiday of holidaysOfSweden().getHolidays(year, 'sv')) {
        // `date` is the local calendar date ("2026-06-19 00:00:00"), independent of the process time zone.
        const date = holiday.date.slice(0, 10);
        if (this.types.has(holiday.type) && !days.has(date)) days.set(date, holiday.name);
      }
      closed = days;
      this.byYear.set(year, closed);
    }
    return closed;
  }
}
