// Service-level agreements as data, transcribed cell by cell from the seeds. Nothing here computes; the business
// calendar, timing proposal and priority lookup read these definitions, and agreement-validator.ts holds the rules a
// definition must keep.
import { type Prioritet, type PriorityMatrix } from './priority';
import { type IsoWeekday, type LocalDate } from './time-zone';

/**
 * How a target is measured.
 * - `minutes`, `hours`, `calendar_days`: clock time, running around the clock (calendar days keep the local wall
 *   time across DST).
 * - `business_minutes`, `business_hours`: time inside the agreement's opening hours only.
 * - `working_days`: whole business days; `BusinessCalendar.addBusinessTime` documents the convention.
 */
export type DurationUnit = 'minutes' | 'hours' | 'calendar_days' | 'business_minutes' | 'business_hours' | 'working_days';

/** A response or resolution target, e.g. `workingDays(2)`. */
export interface Duration {
  readonly amount: number;
  readonly unit: DurationUnit;
}

/** One opening window applying to the listed weekdays. A weekday may appear in at most one window. */
export interface OpeningWindow {
  /** ISO weekdays, 1 Monday … 7 Sunday. */
  readonly weekdays: readonly IsoWeekday[];
  /** Local opening time `HH:mm`. */
  readonly open: string;
  /** Local closing time `HH:mm`, later than `open`; `24:00` for midnight. */
  readonly close: string;
}

/**
 * Holiday classes of the date-holidays package that close the service. For Sweden `public` are the red days of
 * the calendar (lag 1989:253) and `bank` are midsommarafton, julafton and nyårsafton.
 */
export type ClosedHolidayType = 'public' | 'bank';

/** The monthly period of increased use, UC §3.2. */
export type CriticalPeriod =
  | { readonly fromDayOfMonth: number; readonly toEndOfMonth: true }
  | { readonly fromDayOfMonth: number; readonly toEndOfMonth: false; readonly toDayOfMonth: number };

/**
 * "Lågsäsong" (timing 4). `months` are 1–12. A range is inclusive at both ends and either recurs every year
 * (`MM-DD`, may wrap the year end: `12-23`…`01-06`) or is a one-off (`yyyy-mm-dd`).
 */
export interface LowSeason {
  readonly months?: readonly number[];
  readonly ranges?: readonly { readonly from: string; readonly to: string }[];
}

/** Response and resolution target of one priority. */
export interface ServiceTarget {
  /** "Responstid": from a received case to status "started" (UC chapter 5). */
  readonly response: Duration;
  /** "Åtgärdstid": from a received case until it is fixed and reported back to the reporter (UC chapter 5). */
  readonly resolution: Duration;
}

/** Targets per priority. */
export type TargetTable = Readonly<Record<Prioritet, ServiceTarget>>;

/** A service-level agreement with everything the SLA clocks need. */
export interface AgreementDefinition {
  /** Stable identifier stored with each deviation, e.g. `UC_SSBTEK_2024`. */
  readonly code: string;
  readonly name: string;
  /** The document's own version or date. */
  readonly version: string;
  /** Where the data was transcribed from (seed file and sections). */
  readonly source: string;
  /** IANA zone of the wall-clock times in the agreement. */
  readonly timeZone: string;
  /** When the SLA clock runs: the support hours during which the supplier is obliged to work on a case. */
  readonly openingHours: readonly OpeningWindow[];
  /** Which Swedish holidays (country SE) close the service. */
  readonly closedHolidayTypes: readonly ClosedHolidayType[];
  /** Further closed dates, `yyyy-mm-dd` (e.g. a decided "klämdag"). */
  readonly extraClosedDays: readonly LocalDate[];
  readonly criticalPeriod: CriticalPeriod;
  /** Calendar days immediately before the critical period that count as "near" it (timing 2). */
  readonly nearCriticalDays: number;
  /** Low season (timing 4); absent when the agreement defines none. */
  readonly lowSeason?: LowSeason;
  /** Priority by timing × impact. */
  readonly matrix: PriorityMatrix;
  readonly targets: {
    readonly incident: TargetTable;
    /** Problem management targets, when the agreement sets them. */
    readonly problem?: TargetTable;
  };
  /** Share of cases that must meet their targets for the service level to be met (0–1). */
  readonly complianceThreshold: number;
}

const WEEKDAYS_MON_FRI: readonly IsoWeekday[] = [1, 2, 3, 4, 5];

const businessMinutes = (amount: number): Duration => ({ amount, unit: 'business_minutes' });
const businessHours = (amount: number): Duration => ({ amount, unit: 'business_hours' });
const workingDays = (amount: number): Duration => ({ amount, unit: 'working_days' });
const calendarDays = (amount: number): Duration => ({ amount, unit: 'calendar_days' });

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const member of Object.values(value)) deepFreeze(member);
  }
  return value;
}

/**
 * SSBTEK Underpinning Contract between the Driftleverantör and an Uppgiftslämnare (seed 001).
 *
 * Why every hour and minute target is business time: the UC's service levels cover only work done after a case
 * is received in the supplier's support interface (§3.3.1), support is staffed weekdays 08.00–17.00 and closed
 * at weekends (§4.2.1), and the UC sets up no on-call duty. A clock running at night would make "Låg: 24 timmar"
 * impossible over a weekend and "Kritisk: 8 timmar" impossible for an incident reported at 16.00. The UC writes
 * "arbetsdagar" where it means working days, so those are working days.
 */
export const UC_SSBTEK_2024: AgreementDefinition = deepFreeze({
  code: 'UC_SSBTEK_2024',
  name: 'SSBTEK Underpinning Contract (UC), Driftleverantör – Uppgiftslämnare',
  version: 'Mall 2015-01-14, godkänd av styrgrupp SSBTEK',
  source: 'seeds/001_dfd506fef64b9bfb.txt §3.2, §4.1.1, §4.2.1, §4.3, §4.3.1, §4.5.1, kap. 5',
  timeZone: 'Europe/Stockholm',
  // §4.1.1 and §4.2.1 agree: Monday–Friday 08.00–17.00; Saturday, Sunday and "Helgdagar (röda dagar)" closed.
  openingHours: [{ weekdays: WEEKDAYS_MON_FRI, open: '08:00', close: '17:00' }],
  // "Röda dagar" are the public holidays (date-holidays type `public`). Midsommarafton, julafton and nyårsafton
  // (type `bank`) are not red days in law, but Swedish working life treats them like Sundays (semesterlagen 3 a §
  // does not count them as working days) and agencies do not staff support on them, so they close too. The
  // half-day eves (trettondagsafton, valborgsmässoafton, allhelgonaafton) stay open: the UC has no shortened hours.
  closedHolidayTypes: ['public', 'bank'],
  extraClosedDays: [],
  // §3.2: "Ökad användning från runt 20:e och till slutet av månaden".
  criticalPeriod: { fromDayOfMonth: 20, toEndOfMonth: true },
  // §4.3 timing 2 "i nära anslutning till en kritisk tidsperiod" is not quantified. "Runt 20:e" says use already
  // rises in the days before the 20th (and payday on the 25th moves earlier when it falls on a weekend), so the
  // five calendar days 15th–19th count as near. An assumption to confirm with SKR; it is data, not code.
  nearCriticalDays: 5,
  // §4.3 names timing 4 "Under lågsäsong" but the UC never says when that is, so none is configured and timing 4
  // is only ever chosen by a person.
  matrix: {
    1: { 1: 'kritisk', 2: 'hög', 3: 'medel', 4: 'låg' },
    2: { 1: 'hög', 2: 'hög', 3: 'medel', 4: 'låg' },
    3: { 1: 'medel', 2: 'medel', 3: 'medel', 4: 'låg' },
    4: { 1: 'låg', 2: 'låg', 3: 'låg', 4: 'låg' },
  },
  targets: {
    // §4.3.1
    incident: {
      kritisk: { response: businessMinutes(30), resolution: businessHours(8) },
      hög: { response: businessMinutes(60), resolution: workingDays(2) },
      medel: { response: businessHours(8), resolution: workingDays(5) },
      låg: { response: businessHours(24), resolution: workingDays(7) },
    },
    // §4.5.1. Kritisk's "6 dagar" is taken literally as calendar days: the same table says "arbetsdagar" in every
    // other cell, so the different word reads as deliberate.
    problem: {
      kritisk: { response: workingDays(1), resolution: calendarDays(6) },
      hög: { response: workingDays(3), resolution: workingDays(15) },
      medel: { response: workingDays(4), resolution: workingDays(25) },
      låg: { response: workingDays(10), resolution: workingDays(60) },
    },
  },
  // §4.3.1 and §4.5.1: "För 90 % av incidenterna ska överenskomna tider … ha mötts" (§4.5.1 copies the incident
  // wording, but it sits under problem management and is read as applying to problems).
  complianceThreshold: 0.9,
});

/**
 * The same UC with Transportstyrelsen's shorter support hours: §4.2.1 adds "Transportstyrelsen Måndag - fredag
 * kl. 08:00- 16:30" below the common table.
 */
export const UC_SSBTEK_2024_TRANSPORTSTYRELSEN: AgreementDefinition = deepFreeze({
  ...UC_SSBTEK_2024,
  code: 'UC_SSBTEK_2024_TRANSPORTSTYRELSEN',
  name: 'SSBTEK Underpinning Contract (UC), Driftleverantör – Transportstyrelsen',
  source: `${UC_SSBTEK_2024.source}; supporttid enligt §4.2.1 för Transportstyrelsen`,
  openingHours: [{ weekdays: WEEKDAYS_MON_FRI, open: '08:00', close: '16:30' }],
});

/**
 * Försäkringskassan's LEFI Online SLA, Bilaga 1 (seed 002).
 *
 * Mapping to the common model: the rows "Brådskande" Kritisk/Hög/Medium/Låg are timing 1–4 and the columns
 * "Påverkan" Stor/Signifikant/Medel/Mindre are impact 1–4; priority "Medium" is `medel`.
 *
 * The clock runs in KC Partner's support hours (§2.2), not the much longer service hours of §2.1, because §2.3
 * says "Dock garanteras ingen åtgärdsaktivitet utanför KC Partners öppettid". The hour targets are therefore
 * business hours; "Låg: 40 timmar", a working week of eight-hour days, reads the same way.
 */
export const SLA_LEFI_ONLINE_2017: AgreementDefinition = deepFreeze({
  code: 'SLA_LEFI_ONLINE_2017',
  name: 'Leverera Förmånsinformation, LEFI Online – Service Level Agreement (Försäkringskassan)',
  version: 'RevE 2017-02-03',
  source: 'seeds/002_6c9d19994c3a2dc6.txt §2.2, §2.3, Bilaga 1 (Prioritetstabell, Respons och Åtgärdstider)',
  timeZone: 'Europe/Stockholm',
  // §2.2: Måndag – torsdag 07.00 – 18.00, Fredag 07.00 – 16.00.
  openingHours: [
    { weekdays: [1, 2, 3, 4], open: '07:00', close: '18:00' },
    { weekdays: [5], open: '07:00', close: '16:00' },
  ],
  // §2.1 closes the service on "Röd dag"; the SLA says nothing about the eves for KC Partner, so the same rule as
  // the UC keeps one Swedish holiday policy across agreements.
  closedHolidayTypes: ['public', 'bank'],
  extraClosedDays: [],
  // Bilaga 1 makes urgency depend on "kritiska datum för IT-tjänsten" without listing them. LEFI Online answers
  // the same municipal ekonomiskt bistånd calls through SSBTEK, so the UC's period (§3.2) is reused.
  criticalPeriod: { fromDayOfMonth: 20, toEndOfMonth: true },
  nearCriticalDays: 5,
  // Urgency "Låg" means "ingen koppling till kritisk period" or "icke brådskande", a judgement rather than a
  // season, so no low season is configured.
  matrix: {
    1: { 1: 'kritisk', 2: 'kritisk', 3: 'hög', 4: 'hög' },
    2: { 1: 'kritisk', 2: 'hög', 3: 'hög', 4: 'medel' },
    3: { 1: 'hög', 2: 'medel', 3: 'medel', 4: 'medel' },
    4: { 1: 'medel', 2: 'låg', 3: 'låg', 4: 'låg' },
  },
  targets: {
    incident: {
      kritisk: { response: businessMinutes(10), resolution: businessHours(3) },
      hög: { response: businessHours(1), resolution: businessHours(8) },
      medel: { response: businessHours(8), resolution: businessHours(24) },
      låg: { response: businessHours(24), resolution: businessHours(40) },
    },
  },
  // Bilaga 1: "Nedan beskrivs den maximala tiden för hanteringen av varje ärende": every case, not a share.
  complianceThreshold: 1,
});

/** Every shipped agreement by code. */
export const AGREEMENTS: Readonly<Record<string, AgreementDefinition>> = deepFreeze({
  [UC_SSBTEK_2024.code]: UC_SSBTEK_2024,
  [UC_SSBTEK_2024_TRANSPORTSTYRELSEN.code]: UC_SSBTEK_2024_TRANSPORTSTYRELSEN,
  [SLA_LEFI_ONLINE_2017.code]: SLA_LEFI_ONLINE_2017,
});

/** The agreement a deviation falls under unless another is chosen: the SSBTEK UC. */
export const DEFAULT_AGREEMENT_CODE = UC_SSBTEK_2024.code;

/**
 * The shipped agreement with `code`.
 * @throws RangeError for an unknown code.
 */
export function getAgreement(code: string): AgreementDefinition {
  const agreement = Object.hasOwn(AGREEMENTS, code) ? AGREEMENTS[code] : undefined;
  if (!agreement) throw new RangeError(`Unknown agreement code "${code}"`);
  return agreement;
}
