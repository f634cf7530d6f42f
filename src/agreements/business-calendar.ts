// The clock of an agreement: when it runs (opening hours on business days in Europe/Stockholm), how a target
// duration turns into a due instant, and how much business time has elapsed on a case.
import { type AgreementDefinition, type Duration } from './agreements';
import { assertValidAgreement, assertValidDuration } from './agreement-validator';
import { ClosingHolidays } from './closing-holidays';
import {
  addDays,
  assertLocalDate,
  fromLocalDateTime,
  isoWeekday,
  msOfDay,
  parseTimeOfDay,
  toLocalDate,
  toLocalDateTime,
  type IsoWeekday,
  type LocalDate,
} from './time-zone';

/** A stretch of time during which the SLA clock stands still; `to: null` means still paused. */
export interface Pause {
  from: Date;
  to: Date | null;
}

/** The opening hours of one business day, as instants. */
export interface OpeningInterval {
  open: Date;
  close: Date;
}

interface Interval {
  open: number;
  close: number;
}

const MS_PER_MINUTE = 60_000;
const MS_PER_HOUR = 3_600_000;
// A calendar without a single business day in ten years is misconfigured; stop instead of looping forever.
const MAX_CLOSED_DAYS_IN_A_ROW = 3660;

/**
 * Business time of one agreement. Opening hours apply on their weekdays unless the local date is a Swedish holiday
 * of one of the agreement's closed types or one of its extra closed days. All wall-clock reasoning happens in the
 * agreement's time zone, so a day keeps its 08.00–17.00 hours across the DST switches.
 */
export class BusinessCalendar {
  private static readonly calendars = new WeakMap<AgreementDefinition, BusinessCalendar>();

  private readonly timeZone: string;
  private readonly hoursByWeekday = new Map<IsoWeekday, { open: number; close: number }>();
  private readonly extraClosedDays: ReadonlySet<LocalDate>;
  private readonly holidays: ClosingHolidays;
  private readonly intervals = new Map<LocalDate, Interval | null>();

  /** @throws RangeError when the agreement breaks an invariant (see `assertValidAgreement`). */
  constructor(agreement: AgreementDefinition) {
    assertValidAgreement(agreement);
    this.timeZone = agreement.timeZone;
    for (const window of agreement.openingHours) {
      const hours = { open: parseTimeOfDay(window.open), close: parseTimeOfDay(window.close) };
      for (const weekday of window.weekdays) this.hoursByWeekday.set(weekday, hours);
    }
    this.extraClosedDays = new Set(agreement.extraClosedDays);
    this.holidays = new ClosingHolidays(agreement.closedHolidayTypes);
  }

  /** The calendar of `agreement`, built once per agreement object. */
  static for(agreement: AgreementDefinition): BusinessCalendar {
    let calendar = BusinessCalendar.calendars.get(agreement);
    if (!calendar) {
      calendar = new BusinessCalendar(agreement);
      BusinessCalendar.calendars.set(agreement, calendar);
    }
    return calendar;
  }

  /** The name of the closing holiday on `date` (e.g. `midsommarafton`), or `undefined`. */
  holidayName(date: LocalDate): string | undefined {
    assertLocalDate(date);
    return this.holidays.nameOn(date);
  }

  /** True when the service has opening hours on the local date `date` (`yyyy-mm-dd`). */
  isBusinessDay(date: LocalDate): boolean {
    assertLocalDate(date);
    if (!this.hoursByWeekday.has(isoWeekday(date)) || this.extraClosedDays.has(date)) return false;
    return this.holidayName(date) === undefined;
  }

  /** Opening and closing instants of `date`, or `null` when it is not a business day. */
  openingHoursOn(date: LocalDate): OpeningInterval | null {
    const interval = this.intervalOn(date);
    return interval && { open: new Date(interval.open), close: new Date(interval.close) };
  }

  /** True when `instant` lies within opening hours (opening time included, closing time excluded). */
  isOpen(instant: Date): boolean {
    const at = epochOf(instant);
    const interval = this.intervalOn(toLocalDate(instant, this.timeZone));
    return interval !== null && interval.open <= at && at < interval.close;
  }

  /** `instant` itself when open, otherwise the next opening time. */
  nextOpening(instant: Date): Date {
    return new Date(this.intervalsFrom(epochOf(instant)).next().value.open);
  }

  /**
   * The due instant of a target counted from `start`.
   *
   * - Clock units (`minutes`, `hours`) add elapsed time; `calendar_days` keeps the local wall time on a later date.
   * - `business_minutes` and `business_hours` consume opening hours only. The clock starts at the next opening when
   *   `start` is outside opening hours, and a due time that uses up a day exactly is that day's closing time, not
   *   the next opening (08.00 + 9 business hours is 17.00 the same day).
   * - `working_days`: N working days are N full business days counted from the start instant: a case received at
   *   10.15 on a business day is due at 10.15 on the N-th following business day. A case received outside opening
   *   hours (or exactly at opening) has its first business day in full, so it is due at the closing time of the
   *   N-th business day counting that day as the first. If the due day closes earlier than the start time of day
   *   (a short Friday), it is due at that day's closing time. With equal opening hours every day this is exactly
   *   N × the length of the business day in business time.
   * - An amount of 0 in a business unit gives the next opening.
   * @throws RangeError for an invalid duration or date.
   */
  addBusinessTime(start: Date, duration: Duration): Date {
    assertValidDuration(duration);
    const from = epochOf(start);
    switch (duration.unit) {
      case 'minutes':
        return new Date(from + Math.round(duration.amount * MS_PER_MINUTE));
      case 'hours':
        return new Date(from + Math.round(duration.amount * MS_PER_HOUR));
      case 'calendar_days': {
        const local = toLocalDateTime(start, this.timeZone);
        return fromLocalDateTime(addDays(local.date, duration.amount), msOfDay(local), this.timeZone);
      }
      case 'business_minutes':
        return this.addBusinessMillis(from, Math.round(duration.amount * MS_PER_MINUTE));
      case 'business_hours':
        return this.addBusinessMillis(from, Math.round(duration.amount * MS_PER_HOUR));
      case 'working_days':
        return this.addWorkingDays(from, duration.amount);
    }
  }

  /**
   * Business time in milliseconds from `start` to `end`, leaving out the parts of `pauses` that fall within it.
   * Overlapping pauses count once; a pause with `to: null` runs until `end`. Zero when `end` is not after `start`.
   * @throws RangeError for an invalid date or a pause that ends before it starts.
   */
  businessMillisBetween(start: Date, end: Date, pauses: readonly Pause[] = []): number {
    const from = epochOf(start);
    const to = epochOf(end);
    const paused = mergePauses(pauses, from, to);
    let total = 0;
    for (const interval of this.intervalsFrom(from)) {
      if (interval.open >= to) break;
      const close = Math.min(interval.close, to);
      total += close - interval.open;
      for (const pause of paused) {
        total -= Math.max(0, Math.min(close, pause.close) - Math.max(interval.open, pause.open));
      }
    }
    return total;
  }

  private addBusinessMillis(from: number, millis: number): Date {
    let remaining = millis;
    for (const interval of this.intervalsFrom(from)) {
      const length = interval.close - interval.open;
      if (remaining <= length) return new Date(interval.open + remaining);
      remaining -= length;
    }
    throw new Error('unreachable: intervalsFrom never ends');
  }

  private addWorkingDays(from: number, days: number): Date {
    const first = this.intervalsFrom(from).next().value;
    if (days === 0) return new Date(first.open);
    const firstDay = toLocalDate(new Date(first.open), this.timeZone);
    const dayOpen = this.intervalOn(firstDay)!.open;
    if (first.open === dayOpen) {
      return new Date(this.intervalOn(this.businessDaysAfter(firstDay, days - 1))!.close);
    }
    const due = this.intervalOn(this.businessDaysAfter(firstDay, days))!;
    return new Date(Math.min(due.open + (first.open - dayOpen), due.close));
  }

  private businessDaysAfter(date: LocalDate, count: number): LocalDate {
    let day = date;
    for (let left = count; left > 0;) {
      day = this.nextBusinessDay(day);
      left -= 1;
    }
    return day;
  }

  private nextBusinessDay(date: LocalDate): LocalDate {
    let day = addDays(date, 1);
    for (let closed = 0; !this.isBusinessDay(day); closed += 1) {
      if (closed > MAX_CLOSED_DAYS_IN_A_ROW) throw new RangeError(`No business day within ten years after ${date}`);
      day = addDays(day, 1);
    }
    return day;
  }

  /** Opening intervals from `from` on, the first one clipped to start at `from`. Never ends. */
  private *intervalsFrom(from: number): Generator<Interval, never> {
    let day = toLocalDate(new Date(from), this.timeZone);
    for (let closed = 0; ; day = addDays(day, 1)) {
      const interval = this.intervalOn(day);
      if (interval && interval.close > from) {
        closed = 0;
        yield { open: Math.max(interval.open, from), close: interval.close };
      } else if (++closed > MAX_CLOSED_DAYS_IN_A_ROW) {
        throw new RangeError(`No business day within ten years after ${day}`);
      }
    }
  }

  private intervalOn(date: LocalDate): Interval | null {
    const cached = this.intervals.get(date);
    if (cached !== undefined) return cached;
    const hours = this.isBusinessDay(date) ? this.hoursByWeekday.get(isoWeekday(date)) : undefined;
    const interval = hours
      ? {
          open: fromLocalDateTime(date, hours.open, this.timeZone).getTime(),
          close: fromLocalDateTime(date, hours.close, this.timeZone).getTime(),
        }
      : null;
    this.intervals.set(date, interval);
    return interval;
  }
}

function epochOf(instant: Date): number {
  const epoch = instant.getTime();
  if (Number.isNaN(epoch)) throw new RangeError('Invalid Date');
  return epoch;
}

/** Pauses clipped to [from, to], sorted and merged so overlapping pauses are not subtracted twice. */
function mergePauses(pauses: readonly Pause[], from: number, to: number): Interval[] {
  const clipped: Interval[] = [];
  for (const pause of pauses) {
    const open = epochOf(pause.from);
    // An open pause runs to the end of the span; one that begins after it (a clock read as of an earlier instant)
    // takes nothing from it.
    const close = pause.to === null ? Math.max(to, open) : epochOf(pause.to);
    if (close < open) throw new RangeError(`Pause ends (${pause.to?.toISOString()}) before it starts`);
    const interval = { open: Math.max(open, from), close: Math.min(close, to) };
    if (interval.close > interval.open) clipped.push(interval);
  }
  clipped.sort((a, b) => a.open - b.open);
  const merged: Interval[] = [];
  for (const interval of clipped) {
    const last = merged.at(-1);
    if (last && interval.open <= last.close) last.close = Math.max(last.close, interval.close);
    else merged.push({ ...interval });
  }
  return merged;
}
