// The availability register of UC §4.9 / §4.9.1 (seed 001) and LEFI §2.4 (seed 002) as pure arithmetic over one
// measuring period: what the agreement's opening hours were, which of them the service was unavailable or disturbed,
// and how many unplanned interruptions there were. No Nest, no TypeORM: availability-register.service.ts feeds it rows.
import { type AgreementDefinition, type OpeningWindow } from '../agreements/agreements';
import { BusinessCalendar, type Pause } from '../agreements/business-calendar';
import { addDays, fromLocalDateTime, isoWeekday, type LocalDate, parseTimeOfDay, toLocalDate } from '../agreements/time-zone';
import { type AvailabilityBandName, type AvailabilityRule, type DowntimeCeiling } from './availability-levels';

/** A stretch of time; `to: null` means it is still going on (it then runs to the end of the period). */
export interface Span {
  readonly from: Date;
  readonly to: Date | null;
}

/**
 * An unplanned outage as the register sees it. `answeringAgencies` is how many producing agencies still answered
 * the case workers' calls during it (null: none, or unknown, which counts as none).
 */
export interface OutageSpan extends Span {
  readonly answeringAgencies: number | null;
}

/**
 * A planned service window. `announcedEnd` is the end as announced per the routine (the planned end, or a later end
 * whose extension was announced before the earlier end had passed); `to` is when the work really ended.
 * `announcedPerRoutine` is false for work nobody announced in time: the whole window then counts as unavailable.
 */
export interface WindowSpan extends Span {
  readonly announcedEnd: Date;
  readonly announcedPerRoutine: boolean;
}

export interface AvailabilityFigures {
  readonly openMinutes: number;
  /** Opening time the service was unavailable (§4.9: no answer at all, or an error that it cannot be reached). */
  readonly unavailableMinutes: number;
  /** Opening time "tillgänglig med störning" (§4.9: answers from 3 or more agencies); counted as available. */
  readonly disturbedMinutes: number;
  readonly availableMinutes: number;
  /** Available share of opening time, two decimals; 100 for a period without opening hours. */
  readonly availabilityPercent: number;
  /** "Pålitlighet": unplanned interruptions that cost opening time. */
  readonly interruptions: number;
}

/**
 * §4.9: "Vid svar från 3 eller fler producerande myndigheter anses tjänsten som tillgänglig med störning". Fewer than
 * three answering agencies is read as unavailable: the composed answer the case worker needs is then essentially
 * missing, which is §4.9's definition of otillgänglighet. An assumption to confirm with SKR; it is one constant.
 */
export const MIN_ANSWERING_AGENCIES_FOR_DISTURBED = 3;

const MS_PER_MINUTE = 60_000;

/** True when an outage leaves the service "tillgänglig med störning" rather than unavailable. */
export function isDisturbedOnly(outage: Pick<OutageSpan, 'answeringAgencies'>): boolean {
  return (outage.answeringAgencies ?? 0) >= MIN_ANSWERING_AGENCIES_FOR_DISTURBED;
}

/**
 * The eves of a period as opening time of their own ("Dag före röd helgdag"): the calendar's ordinary hours do not
 * apply on them, the eve's own hours do.
 */
export interface EveHours {
  /** Each eve whole, local midnight to midnight. */
  readonly closed: readonly Pause[];
  /** The eves' own opening hours (of one band, or of the whole opening hours). */
  readonly open: readonly Pause[];
}

const NO_EVES: EveHours = { closed: [], open: [] };

/**
 * The figures of one period [from, to) under the opening hours of `agreement`, its eves (`eves`) having hours of
 * their own.
 *
 * - Only opening hours count (§4.1, §4.9 "under öppettid"); nights, weekends and red days are outside the register.
 * - A window announced per routine is not unavailability, even where an outage overlaps it; the time past its
 *   announced end is (§4.6.1 "överskridande tid ska räknas som otillgänglighet"). An unannounced window counts whole.
 * - Overlapping unavailable spans count once.
 * - Interruptions are the unplanned outages that made the service unavailable, plus each unannounced overrun or
 *   unannounced window: to the case worker both are an unplanned stop, and §4.9 counts "oplanerade avbrott".
 */
export function availabilityOf(
  agreement: AgreementDefinition,
  period: { from: Date; to: Date },
  outages: readonly OutageSpan[],
  windows: readonly WindowSpan[],
  eves: EveHours = NO_EVES,
): AvailabilityFigures {
  const calendar = BusinessCalendar.for(agreement);
  const within = (span: Span): Pause => ({ from: span.from, to: span.to ?? period.to });
  const openOutside = (spans: readonly Pause[]) =>
    calendar.businessMillisBetween(period.from, period.to, [...eves.closed, ...spans]) + millisOutside(eves.open, spans, period);
  const openMs = openOutside([]);
  const openTimeOf = (spans: readonly Pause[]) => openMs - openOutside(spans);

  const excused = windows.filter((w) => w.announcedPerRoutine).map((w) => ({ from: w.from, to: minDate(w.announcedEnd, w.to) }));
  const unplanned = [
    ...outages.filter((o) => !isDisturbedOnly(o)).map(within),
    ...windows.filter((w) => !w.announcedPerRoutine).map(within),
    ...windows.filter((w) => w.announcedPerRoutine && overran(w)).map((w) => within({ from: w.announcedEnd, to: w.to })),
  ];
  const disturbed = outages.filter(isDisturbedOnly).map(within);

  // |U \ W| = |U ∪ W| − |W|, all in opening time: what an excused window covers is never counted.
  const unavailableMs = openTimeOf([...unplanned, ...excused]) - openTimeOf(excused);
  const disturbedMs = Math.max(0, openTimeOf([...disturbed, ...unplanned, ...excused]) - openTimeOf([...unplanned, ...excused]));
  const interruptions = unplanned.filter((span) => openTimeOf([span, ...excused]) - openTimeOf(excused) > 0).length;

  const openMinutes = openMs / MS_PER_MINUTE;
  const unavailableMinutes = unavailableMs / MS_PER_MINUTE;
  return {
    openMinutes,
    unavailableMinutes,
    disturbedMinutes: disturbedMs / MS_PER_MINUTE,
    availableMinutes: openMinutes - unavailableMinutes,
    availabilityPercent: openMs === 0 ? 100 : Math.round(((openMs - unavailableMs) / openMs) * 10_000) / 100,
    interruptions,
  };
}

/** One band's figures and whether its month met its level. */
export interface BandFigures {
  readonly name: AvailabilityBandName;
  readonly minPercent: number;
  readonly month: AvailabilityFigures;
  readonly yearToDate: AvailabilityFigures;
  readonly met: boolean;
}

/** One "hindertid" ceiling: the unavailable minutes of the bands it names together, and whether each limit is kept. */
export interface DowntimeFigures {
  readonly ceiling: DowntimeCeiling;
  readonly monthMinutes: number;
  readonly yearToDateMinutes: number;
  /** True also where the ceiling sets no monthly (or yearly) limit. */
  readonly metMonth: boolean;
  readonly metYear: boolean;
}

/** One register row: the whole opening hours, each band of them, and which agreed levels are met. */
export interface AvailabilityReport {
  readonly month: AvailabilityFigures;
  readonly yearToDate: AvailabilityFigures;
  readonly bands: readonly BandFigures[];
  readonly downtime: readonly DowntimeFigures[];
  readonly met: {
    /** Every band at or above its minimum share. */
    readonly availability: boolean;
    readonly interruptionsPerMonth: boolean;
    readonly interruptionsPerYear: boolean;
    /** Every "hindertid" ceiling kept, over the bands it names together. */
    readonly unavailableHoursPerMonth: boolean;
    readonly unavailableHoursPerYear: boolean;
  };
}

/**
 * The month [from, to) and the year to date [yearStart, to) of one service under `rule`. Interruptions are counted
 * in the whole opening hours: one outage across 17.00 is one interruption, not one per band.
 */
export function availabilityReport(
  rule: AvailabilityRule,
  period: { from: Date; to: Date; yearStart: Date },
  outages: readonly OutageSpan[],
  windows: readonly WindowSpan[],
): AvailabilityReport {
  const monthPeriod = { from: period.from, to: period.to };
  const yearPeriod = { from: period.yearStart, to: period.to };
  const monthEves = eveDays(rule, monthPeriod);
  const yearEves = eveDays(rule, yearPeriod);
  const month = availabilityOf(rule.measuredIn, monthPeriod, outages, windows, eveHoursOf(rule, rule.eveHours, monthEves));
  const yearToDate = availabilityOf(rule.measuredIn, yearPeriod, outages, windows, eveHoursOf(rule, rule.eveHours, yearEves));
  const bands = rule.bands.map((band) => {
    const bandMonth = availabilityOf(band.hours, monthPeriod, outages, windows, eveHoursOf(rule, band.eveHours, monthEves));
    const bandYear = availabilityOf(band.hours, yearPeriod, outages, windows, eveHoursOf(rule, band.eveHours, yearEves));
    return {
      name: band.name,
      minPercent: band.minPercent,
      month: bandMonth,
      yearToDate: bandYear,
      met: bandMonth.availabilityPercent >= band.minPercent,
    };
  });
  const downtimeMinutes = (ceiling: DowntimeCeiling, of: 'month' | 'yearToDate') =>
    bands.filter((b) => ceiling.bands.includes(b.name)).reduce((sum, b) => sum + b[of].unavailableMinutes, 0);
  const downtime = rule.downtime.map((ceiling) => {
    const monthMinutes = downtimeMinutes(ceiling, 'month');
    const yearToDateMinutes = downtimeMinutes(ceiling, 'yearToDate');
    return {
      ceiling,
      monthMinutes,
      yearToDateMinutes,
      metMonth: ceiling.maxHoursPerMonth === null || monthMinutes <= ceiling.maxHoursPerMonth * 60,
      metYear: ceiling.maxHoursPerYear === null || yearToDateMinutes <= ceiling.maxHoursPerYear * 60,
    };
  });
  return {
    month,
    yearToDate,
    bands,
    downtime,
    met: {
      availability: bands.every((b) => b.met),
      interruptionsPerMonth: month.interruptions <= rule.maxInterruptionsPerMonth,
      interruptionsPerYear: rule.maxInterruptionsPerYear === null || yearToDate.interruptions <= rule.maxInterruptionsPerYear,
      unavailableHoursPerMonth: downtime.every((d) => d.metMonth),
      unavailableHoursPerYear: downtime.every((d) => d.metYear),
    },
  };
}

/**
 * The eves in `period` when the rule gives eves hours of their own: each day that is no red day itself and comes
 * before one (LEFI §2.1 "Dag före röd helgdag"), on any weekday: påskafton and pingstafton are Saturdays, and a julafton
 * or nyårsafton falls on a weekend some years. A red day before a red day (juldagen) stays closed.
 */
export function eveDays(rule: AvailabilityRule, period: { from: Date; to: Date }): LocalDate[] {
  if (rule.eveHours.length === 0) return [];
  const calendar = BusinessCalendar.for(rule.measuredIn);
  const zone = rule.measuredIn.timeZone;
  const eves: LocalDate[] = [];
  for (let date = toLocalDate(period.from, zone); fromLocalDateTime(date, 0, zone) < period.to; date = addDays(date, 1)) {
    if (calendar.holidayName(date) === undefined && calendar.holidayName(addDays(date, 1)) !== undefined) eves.push(date);
  }
  return eves;
}

/** The eves `dates` closed whole, and open in `hours` (one band's part of the eve hours, or all of them). */
function eveHoursOf(rule: AvailabilityRule, hours: readonly OpeningWindow[], dates: readonly LocalDate[]): EveHours {
  const zone = rule.measuredIn.timeZone;
  const open: Pause[] = [];
  for (const date of dates) {
    const window = hours.find((candidate) => candidate.weekdays.includes(isoWeekday(date)));
    if (window)
      open.push({
        from: fromLocalDateTime(date, parseTimeOfDay(window.open), zone),
        to: fromLocalDateTime(date, parseTimeOfDay(window.close), zone),
      });
  }
  return {
    closed: dates.map((date) => ({ from: fromLocalDateTime(date, 0, zone), to: fromLocalDateTime(addDays(date, 1), 0, zone) })),
    open,
  };
}

/** How much of `intervals` (disjoint) within `period` lies outside every one of `spans` (which may overlap). */
function millisOutside(intervals: readonly Pause[], spans: readonly Pause[], period: { from: Date; to: Date }): number {
  const clip = (span: Pause) => ({
    from: Math.max(span.from.getTime(), period.from.getTime()),
    to: Math.min((span.to ?? period.to).getTime(), period.to.getTime()),
  });
  const covering = spans.map(clip).filter((span) => span.to > span.from);
  let total = 0;
  for (const interval of intervals.map(clip).filter((span) => span.to > span.from)) {
    const cuts = covering
      .map((span) => ({ from: Math.max(span.from, interval.from), to: Math.min(span.to, interval.to) }))
      .filter((cut) => cut.to > cut.from)
      .sort((a, b) => a.from - b.from);
    let covered = 0;
    let reached = interval.from;
    for (const cut of cuts) {
      covered += Math.max(0, cut.to - Math.max(cut.from, reached));
      reached = Math.max(reached, cut.to);
    }
    total += interval.to - interval.from - covered;
  }
  return total;
}

function overran(window: WindowSpan): boolean {
  return window.to === null || window.to.getTime() > window.announcedEnd.getTime();
}

function minDate(a: Date, b: Date | null): Date {
  return b === null || a.getTime() <= b.getTime() ? a : b;
}
