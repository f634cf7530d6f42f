// Checks an agreement that arrives as JSON before it is stored. The shape is checked here, field by field, so each
// failure carries a JSON pointer; the rules the calendar relies on are `assertValidAgreement`'s, whose message is
// mapped to the field it names.
import type { FieldError } from '../common/domain-error';
import { assertValidAgreement, type AgreementDefinition } from './agreements';
import { PRIORITIES } from './priority';

const BASE = '/definition';
const CODE = /^[A-Z][A-Z0-9_]{2,99}$/;

/** Which field a message of `assertValidAgreement` is about, first match wins. */
const RULE_POINTERS: [RegExp, string][] = [
  [/time zone/, '/timeZone'],
  [/opening|weekday/, '/openingHours'],
  [/critical period/, '/criticalPeriod'],
  [/nearCriticalDays/, '/nearCriticalDays'],
  [/low-season/, '/lowSeason'],
  [/matrix/, '/matrix'],
  [/incident targets/, '/targets/incident'],
  [/problem targets/, '/targets/problem'],
  [/complianceThreshold/, '/complianceThreshold'],
  [/date|Invalid/i, '/extraClosedDays'],
  [/[Dd]uration/, '/targets'],
];

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** The problems of `document` as an agreement definition; empty when it is one. */
export function agreementDocumentErrors(document: Record<string, unknown>): FieldError[] {
  const errors = shapeErrors(document);
  if (errors.length > 0) return errors;
  try {
    assertValidAgreement(document as unknown as AgreementDefinition);
    return [];
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    const pointer = RULE_POINTERS.find(([pattern]) => pattern.test(detail))?.[1] ?? '';
    return [{ pointer: `${BASE}${pointer}`, detail, code: 'agreementRule' }];
  }
}

function shapeErrors(d: Record<string, unknown>): FieldError[] {
  const errors: FieldError[] = [];
  const fail = (pointer: string, detail: string, code = 'invalid') => errors.push({ pointer: `${BASE}${pointer}`, detail, code });
  if (typeof d.code !== 'string' || !CODE.test(d.code)) fail('/code', 'Upper-case letters, digits and _, 3–100 characters.', 'matches');
  for (const field of ['name', 'version', 'source', 'timeZone'] as const) {
    if (typeof d[field] !== 'string' || (d[field] as string).trim() === '') fail(`/${field}`, 'Must be a non-empty string.', 'isString');
  }
  if (!Array.isArray(d.openingHours)) fail('/openingHours', 'Must be an array of opening windows.', 'isArray');
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
        fail(`/openingHours/${i}`, 'Needs weekdays (1–7), open and close as HH:mm.');
      }
    });
  }
  if (!Array.isArray(d.closedHolidayTypes) || !d.closedHolidayTypes.every((t) => t === 'public' || t === 'bank')) {
    fail('/closedHolidayTypes', 'Must be an array of "public" and "bank".', 'isIn');
  }
  if (!Array.isArray(d.extraClosedDays) || !d.extraClosedDays.every((day) => typeof day === 'string'))
    fail('/extraClosedDays', 'Must be an array of yyyy-mm-dd dates.', 'isArray');
  if (
    !isObject(d.criticalPeriod) ||
    typeof d.criticalPeriod.fromDayOfMonth !== 'number' ||
    typeof d.criticalPeriod.toEndOfMonth !== 'boolean'
  ) {
    fail('/criticalPeriod', 'Needs fromDayOfMonth and toEndOfMonth (and toDayOfMonth when not to the end).');
  }
  if (typeof d.nearCriticalDays !== 'number') fail('/nearCriticalDays', 'Must be a number.', 'isNumber');
  if (d.lowSeason !== undefined && !isObject(d.lowSeason)) fail('/lowSeason', 'Must be an object with months and/or ranges.', 'isObject');
  if (!isObject(d.matrix)) fail('/matrix', 'Must map tidpunkt 1–4 to påverkan 1–4 to a priority.', 'isObject');
  if (typeof d.complianceThreshold !== 'number') fail('/complianceThreshold', 'Must be a number in (0, 1].', 'isNumber');
  if (!isObject(d.targets) || !isObject(d.targets.incident))
    fail('/targets/incident', 'Needs a response and resolution target per priority.', 'isObject');
  else {
    for (const table of ['incident', 'problem'] as const) {
      const targets = d.targets[table];
      if (targets === undefined && table === 'problem') continue;
      if (!isObject(targets)) {
        fail(`/targets/${table}`, 'Needs a response and resolution target per priority.', 'isObject');
        continue;
      }
      for (const priority of PRIORITIES) {
        for (const clock of ['response', 'resolution'] as const) {
          const target = isObject(targets[priority]) ? (targets[priority] as Record<string, unknown>)[clock] : undefined;
          if (!isObject(target) || typeof target.amount !== 'number' || typeof target.unit !== 'string') {
            fail(`/targets/${table}/${priority}/${clock}`, 'Needs amount (number) and unit.');
          }
        }
      }
    }
  }
  return errors;
}
