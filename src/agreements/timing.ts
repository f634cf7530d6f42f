// Proposes the "Tidpunkt" of an incident from when it happened (UC §3.2, §4.3; LEFI SLA Bilaga 1 "Brådskande").
// Only a proposal: the LEFI SLA also lets urgency follow what the user says and how wide the outage is, and a
// person setting the priority may override it.
import { type AgreementDefinition, type CriticalPeriod, type LowSeason } from './agreements';
import { BusinessCalendar } from './business-calendar';
import { type Tidpunkt } from './priority';
import { addDays, daysBetween, daysInMonth, toLocalDate, type LocalDate } from './time-zone';

/**
 * The timing an incident at `instant` most likely has under `agreement`:
 * 4 in a configured low season, else 1 inside the critical period, 2 within `nearCriticalDays` calendar days
 * before it, 3 otherwise.
 *
 * Timings 1–3 are all "under angiven öppettid" (UC §4.3) and the matrix has no row for closed hours. An incident
 * reported while closed is judged at the next opening, because that is when the SLA clock starts and when users
 * feel it: a fault found on Saturday the 19th is handled on Monday the 21st, inside the critical period.
 *
 * Low season wins over the critical period: configuring one says that the month-end peak does not happen then,
 * and the matrix row for timing 4 is "Låg" whatever the impact.
 */
export function proposeTiming(agreement: AgreementDefinition, instant: Date): Tidpunkt {
  const judgedAt = BusinessCalendar.for(agreement).nextOpening(instant);
  const date = toLocalDate(judgedAt, agreement.timeZone);
  if (isInLowSeason(agreement.lowSeason, date)) return 4;
  if (isInCriticalPeriod(agreement.criticalPeriod, date)) return 1;
  if (daysUntilCriticalPeriod(agreement.criticalPeriod, date) <= agreement.nearCriticalDays) return 2;
  return 3;
}

/** True when the local date `date` lies in the monthly critical period (both ends included). */
export function isInCriticalPeriod(period: CriticalPeriod, date: LocalDate): boolean {
  const day = Number(date.slice(8, 10));
  if (period.toEndOfMonth) return day >= period.fromDayOfMonth;
  if (period.fromDayOfMonth <= period.toDayOfMonth) {
    return day >= period.fromDayOfMonth && day <= period.toDayOfMonth;
  }
  return day >= period.fromDayOfMonth || day <= period.toDayOfMonth;
}

/** Calendar days from `date` to the next start of the critical period (0 on a start day). */
export function daysUntilCriticalPeriod(period: CriticalPeriod, date: LocalDate): number {
  const thisMonthsStart = `${date.slice(0, 8)}${String(period.fromDayOfMonth).padStart(2, '0')}`;
  if (date <= thisMonthsStart) return daysBetween(date, thisMonthsStart);
  const year = Number(date.slice(0, 4));
  const month = Number(date.slice(5, 7));
  const firstOfNextMonth = addDays(date.slice(0, 8) + '01', daysInMonth(year, month));
  return daysBetween(date, addDays(firstOfNextMonth, period.fromDayOfMonth - 1));
}

/** True when the local date `date` falls in `lowSeason` (by month, recurring `MM-DD` range or one-off range). */
export function isInLowSeason(lowSeason: LowSeason | undefined, date: LocalDate): boolean {
  if (!lowSeason) return false;
  if (lowSeason.months?.includes(Number(date.slice(5, 7)))) return true;
  return (lowSeason.ranges ?? []).some(({ from, to }) => {
    if (from.length === 10) return from <= date && date <= to;
    const monthDay = date.slice(5);
    return from <= to ? from <= monthDay && monthDay <= to : monthDay >= from || monthDay <= to;
  });
}
