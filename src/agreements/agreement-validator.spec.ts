import { agreementDocumentErrors, assertValidAgreement, durationErrors } from './agreement-validator';
import { AGREEMENTS, UC_SSBTEK_2024, type AgreementDefinition } from './agreements';

/** A shipped agreement as it arrives in a request body: plain, unfrozen JSON. */
type Document = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- the tests break fields at will
const aDocument = (): Document => JSON.parse(JSON.stringify({ ...UC_SSBTEK_2024, code: 'UC_TEST' }));

const pointersOf = (document: Document) => agreementDocumentErrors(document, '/definition').map((e) => e.pointer);

describe('agreementDocumentErrors', () => {
  it('should find nothing wrong with any shipped agreement', () => {
    for (const agreement of Object.values(AGREEMENTS)) {
      expect(agreementDocumentErrors(JSON.parse(JSON.stringify(agreement)), '/definition')).toEqual([]);
    }
  });

  it.each<[string, (d: Document) => void, string[]]>([
    ['an unknown time zone', (d) => (d.timeZone = 'Europe/Nowhere'), ['/definition/timeZone']],
    ['no opening hours', (d) => (d.openingHours = []), ['/definition/openingHours']],
    [
      'closing before opening in the second window',
      (d) =>
        (d.openingHours = [
          { weekdays: [1], open: '08:00', close: '17:00' },
          { weekdays: [2], open: '17:00', close: '08:00' },
        ]),
      ['/definition/openingHours/1/close'],
    ],
    ['an hour past 24', (d) => (d.openingHours[0].open = '25:00'), ['/definition/openingHours/0/open']],
    ['weekday 8', (d) => (d.openingHours[0].weekdays = [1, 2, 8]), ['/definition/openingHours/0/weekdays/2']],
    [
      'a weekday in two windows',
      (d) =>
        (d.openingHours = [
          { weekdays: [1, 2], open: '08:00', close: '12:00' },
          { weekdays: [3, 2], open: '13:00', close: '17:00' },
        ]),
      ['/definition/openingHours/1/weekdays/1'],
    ],
    ['a malformed second closed day', (d) => (d.extraClosedDays = ['2026-05-15', '2026-13-01']), ['/definition/extraClosedDays/1']],
    [
      'a critical period starting on the 31st',
      (d) => (d.criticalPeriod.fromDayOfMonth = 31),
      ['/definition/criticalPeriod/fromDayOfMonth'],
    ],
    [
      'a critical period ending on the 30th',
      (d) => (d.criticalPeriod = { fromDayOfMonth: 20, toEndOfMonth: false, toDayOfMonth: 30 }),
      ['/definition/criticalPeriod/toDayOfMonth'],
    ],
    ['negative near days', (d) => (d.nearCriticalDays = -1), ['/definition/nearCriticalDays']],
    ['low-season month 13', (d) => (d.lowSeason = { months: [7, 13] }), ['/definition/lowSeason/months/1']],
    [
      'a reversed one-off low season',
      (d) => (d.lowSeason = { ranges: [{ from: '2026-08-01', to: '2026-07-01' }] }),
      ['/definition/lowSeason/ranges/0'],
    ],
    ['a missing matrix cell', (d) => delete d.matrix[4][2], ['/definition/matrix/4/2']],
    [
      'an unknown unit',
      (d) => (d.targets.incident.kritisk.response.unit = 'weeks'),
      ['/definition/targets/incident/kritisk/response/unit'],
    ],
    ['half a working day', (d) => (d.targets.problem.låg.resolution.amount = 1.5), ['/definition/targets/problem/låg/resolution/amount']],
    ['a threshold above 1', (d) => (d.complianceThreshold = 90), ['/definition/complianceThreshold']],
  ])('should point at the field for %s', (_reason, breakIt, pointers) => {
    const document = aDocument();
    breakIt(document);
    const errors = agreementDocumentErrors(document, '/definition');
    expect(errors.map((e) => e.pointer)).toEqual(pointers);
    expect(errors.every((e) => e.code === 'agreementRule' && e.detail.length > 0)).toBe(true);
  });

  it('should collect every broken rule at its own field, in the order checked', () => {
    const document = aDocument();
    document.timeZone = 'Mars/Olympus';
    document.openingHours[0].weekdays = [0];
    document.targets.incident.hög.resolution.amount = -2;
    document.complianceThreshold = 0;
    expect(pointersOf(document)).toEqual([
      '/definition/timeZone',
      '/definition/openingHours/0/weekdays/0',
      '/definition/targets/incident/hög/resolution/amount',
      '/definition/complianceThreshold',
    ]);
  });

  it('should report a broken shape with its own codes, and check the rules only once the shape holds', () => {
    const document = aDocument();
    document.name = '';
    document.timeZone = 'Europe/Nowhere';
    document.targets.incident.medel = { response: { amount: '8', unit: 'business_hours' } };
    expect(agreementDocumentErrors(document, '/definition')).toEqual([
      { pointer: '/definition/name', detail: 'Must be a non-empty string.', code: 'isString' },
      { pointer: '/definition/targets/incident/medel/response', detail: 'Needs amount (number) and unit.', code: 'invalid' },
      { pointer: '/definition/targets/incident/medel/resolution', detail: 'Needs amount (number) and unit.', code: 'invalid' },
    ]);
  });

  it('should root the pointers where the caller says the agreement is', () => {
    const document = aDocument();
    document.nearCriticalDays = 1.5;
    expect(agreementDocumentErrors(document).map((e) => e.pointer)).toEqual(['/nearCriticalDays']);
  });
});

describe('assertValidAgreement', () => {
  it('should name the agreement, the first broken rule and its field', () => {
    const broken = { ...UC_SSBTEK_2024, code: 'TEST', complianceThreshold: 2, nearCriticalDays: -1 } as AgreementDefinition;
    expect(() => assertValidAgreement(broken)).toThrow(
      new RangeError('Agreement TEST: nearCriticalDays must be a whole number ≥ 0. (at /nearCriticalDays)'),
    );
  });
});

describe('durationErrors', () => {
  it('should point at the unit and the amount under the given pointer', () => {
    expect(durationErrors({ amount: 2.5, unit: 'calendar_days' }, '/sla').map((e) => e.pointer)).toEqual(['/sla/amount']);
    expect(durationErrors({ amount: NaN, unit: 'fortnights' as 'minutes' }, '/sla').map((e) => e.pointer)).toEqual([
      '/sla/unit',
      '/sla/amount',
    ]);
    expect(durationErrors({ amount: 0.5, unit: 'business_hours' })).toEqual([]);
  });
});
