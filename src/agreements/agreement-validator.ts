// The one check of an agreement definition. Each problem is collected where it is found, with the JSON pointer of its
// field, so an agreement sent through the API is answered with every problem at its field, and one built in code or
// read back from the database is refused naming the first.
import type { FieldError } from '../common/domain-error';
import type { AgreementDefinition, Duration, DurationUnit, TargetTable } from './agreements';
import { PRIORITIES, isPrioritet } from './priority';
import { assertLocalDate, parseTimeOfDay } from './time-zone';

const CODE = /^[A-Z][A-Z0-9_]{2,99}$/;
const DURATION_UNITS: readonly DurationUnit[] = ['minutes', 'hours', 'calendar_days', 'business_minutes', 'business_hours', 'working_days'];

/** Every rule the calendar and the priority lookup rely on reports under this code; the shape checks name their own. */
const RULE = 'agreementRule';

/** Records one problem at a pointer relative to the agreement. */
type Report = (pointer: string, detail: string, code?: string) => void;

const collector = (at: string): [FieldError[], Report] => {
  const errors: FieldError[] = [];
  return [errors, (pointer, detail, code = RULE) => errors.push({ pointer: `${at}${pointer}`, detail, code })];
};

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * The problems of `document` (JSON from a request) as an agreement definition, each with a pointer under `at` (the
 * definition's own pointer in the request); empty when it is one. The rules run once the shape holds.
 */
export function agreementDocumentErrors(document: Record<string, unknown>, at = ''): FieldError[] {
  const [errors, report] = collector(at);
  checkShape(document, report);
  if (errors.length > 0) return errors;
  checkRules(document as unknown as AgreementDefinition, report);
  return errors;
}

/** The rules `agreement` breaks, each with a pointer under `at`; empty when it keeps them all. */
export function agreementRuleErrors(agreement: AgreementDefinition, at = ''): FieldError[] {
  const [errors, report] = collector(at);
  checkRules(agreement, report);
  return errors;
}

/**
 * Checks an agreement that did not come from this module's data (e.g. one loaded from the database) for the
 * invariants the calendar and the priority lookup rely on.
 * @throws RangeError naming the first broken rule and its field.
 */
export function assertValidAgreement(agreement: AgreementDefinition): void {
  const [first] = agreementRuleErrors(agreement);
  if (first) throw new RangeError(`Agreement ${agreement.code}: ${first.detail} (at ${first.pointer})`);
}

/** The problems of a duration: a known unit and a finite, non-negative amount (whole for day units). */
export function durationErrors(duration: Duration, at = ''): FieldError[] {
  const [errors, report] = collector(at);
  checkDuration(duration, report);
  return errors;
}

/** @throws RangeError when `durationErrors` finds a problem. */
export function assertValidDuration(duration: Duration): void {
  const [first] = durationErrors(duration);
  if (first) throw new RangeError(first.detail);
}

function checkShape(d: Record<string, unknown>, report: Report): void {
  if (typeof d.code !== 'string' || !CODE.test(d.code)) report('/code', 'Upper-case letters, digits and _, 3–100 characters.', 'matches');
  for (const field of ['name', 'version', 'source', 'timeZone'] as const) {
    if (typeof d[field] !== 'string' || (d[field] as string).trim() === '') report(`/${field}`, 'Must be a non-empty string.', 'isString');
  }
  if (!Array.isArray(d.openingHours)) report('/openingHours', 'Must be an array of opening windows.', 'isArray');
  else {
    d.openingHours.forEach((w: unknown, i) => {
      if (
        !isObject(w) ||
        !Array.isArray(w.weekdays) ||
        typeof w.open !== 'string' ||
        typeof w.close !== 'string' ||
        !/^\d{2}:\d{2}$/.test(w.open) ||
        !/^\d{2}:\d{2}$/.test(w.close)
      ) {
        report(`/openingHours/${i}`, 'Needs weekdays (1–7), open and close as HH:mm.', 'invalid');
      }
    });
  }
  if (!Array.isArray(d.closedHolidayTypes) || !d.closedHolidayTypes.every((t) => t === 'public' || t === 'bank')) {
    report('/closedHolidayTypes', 'Must be an array of "public" and "bank".', 'isIn');
  }
  if (!Array.isArray(d.extraClosedDays) || !d.extraClosedDays.every((day) => typeof day === 'string'))
    report('/extraClosedDays', 'Must be an array of yyyy-mm-dd dates.', 'isArray');
  if (
    !isObject(d.criticalPeriod) ||
    typeof d.criticalPeriod.fromDayOfMonth !== 'number' ||
    typeof d.criticalPeriod.toEndOfMonth !== 'boolean'
  ) {
    report('/criticalPeriod', 'Needs fromDayOfMonth and toEndOfMonth (and toDayOfMonth when not to the end).', 'invalid');
  }
  if (typeof d.nearCriticalDays !== 'number') report('/nearCriticalDays', 'Must be a number.', 'isNumber');
  if (d.lowSeason !== undefined && !isObject(d.lowSeason)) report('/lowSeason', 'Must be an object with months and/or ranges.', 'isObject');
  if (!isObject(d.matrix)) report('/matrix', 'Must map tidpunkt 1–4 to påverkan 1–4 to a priority.', 'isObject');
  if (typeof d.complianceThreshold !== 'number') report('/complianceThreshold', 'Must be a number in (0, 1].', 'isNumber');
  if (!isObject(d.targets) || !isObject(d.targets.incident)) {
    report('/targets/incident', 'Needs a response and resolution target per priority.', 'isObject');
    return;
  }
  for (const table of ['incident', 'problem'] as const) {
    const targets = d.targets[table];
    if (targets === undefined && table === 'problem') continue;
    if (!isObject(targets)) {
      report(`/targets/${table}`, 'Needs a response and resolution target per priority.', 'isObject');
      continue;
    }
    for (const priority of PRIORITIES) {
      for (const clock of ['response', 'resolution'] as const) {
        const target = isObject(targets[priority]) ? (targets[priority] as Record<string, unknown>)[clock] : undefined;
        if (!isObject(target) || typeof target.amount !== 'number' || typeof target.unit !== 'string') {
          report(`/targets/${table}/${priority}/${clock}`, 'Needs amount (number) and unit.', 'invalid');
        }
      }
    }
  }
}

function checkRules(agreement: AgreementDefinition, report: Report): void {
  if (!isTimeZone(agreement.timeZone)) report('/timeZone', `Unknown time zone "${agreement.timeZone}".`);
  checkOpeningHours(agreement, report);
  agreement.extraClosedDays.forEach((day, i) => {
    const problem = dateProblem(day);
    if (problem) report(`/extraClosedDays/${i}`, problem);
  });
  const { criticalPeriod } = agreement;
  const validDay = (day: number) => Number.isInteger(day) && day >= 1 && day <= 28;
  if (!validDay(criticalPeriod.fromDayOfMonth)) report('/criticalPeriod/fromDayOfMonth', 'The critical period must start on day 1–28.');
  if (!criticalPeriod.toEndOfMonth && !validDay(criticalPeriod.toDayOfMonth)) {
    report('/criticalPeriod/toDayOfMonth', 'The critical period must end on day 1–28 or at the end of the month.');
  }
  if (!Number.isInteger(agreement.nearCriticalDays) || agreement.nearCriticalDays < 0) {
    report('/nearCriticalDays', 'nearCriticalDays must be a whole number ≥ 0.');
  }
  checkLowSeason(agreement, report);
  for (const timing of [1, 2, 3, 4] as const) {
    for (const impact of [1, 2, 3, 4] as const) {
      if (!isPrioritet(agreement.matrix[timing]?.[impact])) {
        report(`/matrix/${timing}/${impact}`, `The matrix cell tidpunkt ${timing}, påverkan ${impact} is missing.`);
      }
    }
  }
  checkTargets(agreement.targets.incident, '/targets/incident', report);
  if (agreement.targets.problem) checkTargets(agreement.targets.problem, '/targets/problem', report);
  if (!(agreement.complianceThreshold > 0 && agreement.complianceThreshold <= 1)) {
    report('/complianceThreshold', 'complianceThreshold must be in (0, 1].');
  }
}

function checkOpeningHours(agreement: AgreementDefinition, report: Report): void {
  if (agreement.openingHours.length === 0) report('/openingHours', 'No opening hours.');
  const seen = new Set<number>();
  agreement.openingHours.forEach((window, i) => {
    const open = timeOfDay(window.open, `/openingHours/${i}/open`, report);
    const close = timeOfDay(window.close, `/openingHours/${i}/close`, report);
    if (open !== null && close !== null && open >= close) {
      report(`/openingHours/${i}/close`, `Opening ${window.open} is not before closing ${window.close}.`);
    }
    window.weekdays.forEach((weekday, j) => {
      const pointer = `/openingHours/${i}/weekdays/${j}`;
      if (!Number.isInteger(weekday) || weekday < 1 || weekday > 7) report(pointer, `Weekday ${weekday} is not 1–7.`);
      else if (seen.has(weekday)) report(pointer, `Weekday ${weekday} is in two opening windows.`);
      seen.add(weekday);
    });
  });
}

function checkLowSeason(agreement: AgreementDefinition, report: Report): void {
  const { months, ranges } = agreement.lowSeason ?? {};
  if (months !== undefined && !Array.isArray(months)) report('/lowSeason/months', 'Must be an array of months 1–12.');
  else {
    (months ?? []).forEach((month, i) => {
      if (!Number.isInteger(month) || month < 1 || month > 12) report(`/lowSeason/months/${i}`, `Low-season month ${month} is not 1–12.`);
    });
  }
  if (ranges !== undefined && !Array.isArray(ranges)) report('/lowSeason/ranges', 'Must be an array of ranges with from and to.');
  else {
    (ranges ?? []).forEach((range, i) => {
      const { from, to } = isObject(range) ? range : { from: undefined, to: undefined };
      const recurring = isMonthDay(from) && isMonthDay(to);
      const oneOff = dateProblem(from) === null && dateProblem(to) === null && String(from) <= String(to);
      if (!recurring && !oneOff) {
        report(`/lowSeason/ranges/${i}`, `Low-season range ${from}…${to} is neither MM-DD…MM-DD nor an ordered yyyy-mm-dd…yyyy-mm-dd.`);
      }
    });
  }
}

function checkTargets(table: TargetTable, pointer: string, report: Report): void {
  for (const priority of PRIORITIES) {
    const target = table[priority];
    if (!target) {
      report(`${pointer}/${priority}`, `No target for priority "${priority}".`);
      continue;
    }
    checkDuration(target.response, report, `${pointer}/${priority}/response`);
    checkDuration(target.resolution, report, `${pointer}/${priority}/resolution`);
  }
}

function checkDuration(duration: Duration, report: Report, pointer = ''): void {
  if (!DURATION_UNITS.includes(duration.unit)) report(`${pointer}/unit`, `Unknown duration unit "${duration.unit}".`);
  if (!Number.isFinite(duration.amount) || duration.amount < 0) {
    report(`${pointer}/amount`, `Duration amount must be a finite number ≥ 0, got ${duration.amount}.`);
  } else if ((duration.unit === 'working_days' || duration.unit === 'calendar_days') && !Number.isInteger(duration.amount)) {
    report(`${pointer}/amount`, `${duration.unit} must be a whole number, got ${duration.amount}.`);
  }
}

function isTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
    return true;
  } catch {
    return false;
  }
}

/** The time of day in ms, or null after reporting why it is not one. */
function timeOfDay(time: string, pointer: string, report: Report): number | null {
  try {
    return parseTimeOfDay(time);
  } catch (error) {
    report(pointer, (error as Error).message);
    return null;
  }
}

/** Why `value` is not a yyyy-mm-dd calendar date, or null when it is one. */
function dateProblem(value: unknown): string | null {
  try {
    assertLocalDate(value as string);
    return null;
  } catch (error) {
    return (error as Error).message;
  }
}

function isMonthDay(value: unknown): boolean {
  return typeof value === 'string' && /^\d{2}-\d{2}$/.test(value) && dateProblem(`2024-${value}`) === null;
}
