import {
  AGREEMENTS,
  DEFAULT_AGREEMENT_CODE,
  SLA_LEFI_ONLINE_2017,
  UC_SSBTEK_2024,
  UC_SSBTEK_2024_TRANSPORTSTYRELSEN,
  getAgreement,
  type AgreementDefinition,
  type Duration,
  type TargetTable,
} from './agreements';
import { assertValidAgreement, assertValidDuration } from './agreement-validator';
import { type Prioritet } from './priority';

// Target tables as printed in the seeds. How each Swedish phrase maps to a unit is the decision documented in
// agreements.ts: hours and minutes are business time, "arbetsdag(ar)" working days, bare "dagar" calendar days.

// Seed 001, UC §4.3.1 (Prioritet | Responstid | Åtgärdstid).
const UC_INCIDENT = `
  Kritisk | 30 min         | 8 timmar
  Hög     | 60 min         | 2 arbetsdagar
  Medel   | 8 timmar       | 5 arbetsdagar
  Låg     | 24 timmar      | 7 arbetsdagar
`;

// Seed 001, UC §4.5.1 (Prioritet | Responstid | Åtgärdsdagar).
const UC_PROBLEM = `
  Kritisk | 1 arbetsdag    | 6 dagar
  Hög     | 3 arbetsdagar  | 15 arbetsdagar
  Medel   | 4 arbetsdagar  | 25 arbetsdagar
  Låg     | 10 arbetsdagar | 60 arbetsdagar
`;

// Seed 002, LEFI Online SLA Bilaga 1, "Respons och Åtgärdstider".
const LEFI_INCIDENT = `
  Kritisk | 10 min         | 3 timmar
  Hög     | 1 timme        | 8 timmar
  Medium  | 8 timmar       | 24 timmar
  Låg     | 24 timmar      | 40 timmar
`;

const PRIORITY_BY_LABEL: Record<string, Prioritet> = {
  Kritisk: 'kritisk',
  Hög: 'hög',
  Medel: 'medel',
  Medium: 'medel',
  Låg: 'låg',
};

const UNIT_BY_WORD: Record<string, Duration['unit']> = {
  min: 'business_minutes',
  timme: 'business_hours',
  timmar: 'business_hours',
  arbetsdag: 'working_days',
  arbetsdagar: 'working_days',
  dagar: 'calendar_days',
};

function duration(printed: string): Duration {
  const [amount, word] = printed.split(' ');
  return { amount: Number(amount), unit: UNIT_BY_WORD[word] };
}

function targetsOf(table: string): [Prioritet, Duration, Duration][] {
  return table
    .trim()
    .split('\n')
    .map((line) => line.split('|').map((cell) => cell.trim()))
    .map(([priority, response, resolution]) => [PRIORITY_BY_LABEL[priority], duration(response), duration(resolution)]);
}

function expectTargets(actual: TargetTable | undefined, printed: string): void {
  const expected = targetsOf(printed);
  expect(expected).toHaveLength(4);
  for (const [priority, response, resolution] of expected) {
    expect({ priority, ...actual?.[priority] }).toEqual({ priority, response, resolution });
  }
}

function variant(overrides: Partial<AgreementDefinition>): AgreementDefinition {
  return { ...UC_SSBTEK_2024, code: 'TEST', ...overrides };
}

describe('UC_SSBTEK_2024', () => {
  it('should carry the incident targets of UC §4.3.1', () => {
    expectTargets(UC_SSBTEK_2024.targets.incident, UC_INCIDENT);
  });

  it('should carry the problem targets of UC §4.5.1', () => {
    expectTargets(UC_SSBTEK_2024.targets.problem, UC_PROBLEM);
  });

  it('should require 90 % of cases within target', () => {
    expect(UC_SSBTEK_2024.complianceThreshold).toBe(0.9);
  });

  it('should be open weekdays 08–17 in Stockholm, closed on red days and the three eves', () => {
    expect(UC_SSBTEK_2024.timeZone).toBe('Europe/Stockholm');
    expect(UC_SSBTEK_2024.openingHours).toEqual([{ weekdays: [1, 2, 3, 4, 5], open: '08:00', close: '17:00' }]);
    expect(UC_SSBTEK_2024.closedHolidayTypes).toEqual(['public', 'bank']);
  });

  it('should put the critical period from the 20th to month end with five near days and no low season', () => {
    expect(UC_SSBTEK_2024.criticalPeriod).toEqual({ fromDayOfMonth: 20, toEndOfMonth: true });
    expect(UC_SSBTEK_2024.nearCriticalDays).toBe(5);
    expect(UC_SSBTEK_2024.lowSeason).toBeUndefined();
  });

  it('should cite its seed', () => {
    expect(UC_SSBTEK_2024.source).toContain('001_dfd506fef64b9bfb');
  });
});

describe('UC_SSBTEK_2024_TRANSPORTSTYRELSEN', () => {
  it('should differ from the UC only in support closing at 16.30 (UC §4.2.1)', () => {
    const { code, name: _name, source, openingHours, ...rest } = UC_SSBTEK_2024_TRANSPORTSTYRELSEN;
    const { code: _c, name: _n, source: _s, openingHours: _o, ...base } = UC_SSBTEK_2024;
    expect(rest).toEqual(base);
    expect(openingHours).toEqual([{ weekdays: [1, 2, 3, 4, 5], open: '08:00', close: '16:30' }]);
    expect(code).toBe('UC_SSBTEK_2024_TRANSPORTSTYRELSEN');
    expect(source).toContain('§4.2.1');
  });
});

describe('SLA_LEFI_ONLINE_2017', () => {
  it('should carry the targets of Bilaga 1', () => {
    expectTargets(SLA_LEFI_ONLINE_2017.targets.incident, LEFI_INCIDENT);
  });

  it('should set no problem targets, as the SLA has none', () => {
    expect(SLA_LEFI_ONLINE_2017.targets.problem).toBeUndefined();
  });

  it('should hold every case to its maximum time', () => {
    expect(SLA_LEFI_ONLINE_2017.complianceThreshold).toBe(1);
  });

  it('should run its clock in KC Partner’s support hours (§2.2)', () => {
    expect(SLA_LEFI_ONLINE_2017.openingHours).toEqual([
      { weekdays: [1, 2, 3, 4], open: '07:00', close: '18:00' },
      { weekdays: [5], open: '07:00', close: '16:00' },
    ]);
  });

  it('should cite its seed', () => {
    expect(SLA_LEFI_ONLINE_2017.source).toContain('002_6c9d19994c3a2dc6');
  });
});

describe('the agreement registry', () => {
  it('should default to the SSBTEK UC', () => {
    expect(DEFAULT_AGREEMENT_CODE).toBe('UC_SSBTEK_2024');
    expect(getAgreement(DEFAULT_AGREEMENT_CODE)).toBe(UC_SSBTEK_2024);
  });

  it('should find every shipped agreement by its code', () => {
    for (const [code, agreement] of Object.entries(AGREEMENTS)) {
      expect(agreement.code).toBe(code);
      expect(getAgreement(code)).toBe(agreement);
    }
    expect(Object.keys(AGREEMENTS).sort()).toEqual(['SLA_LEFI_ONLINE_2017', 'UC_SSBTEK_2024', 'UC_SSBTEK_2024_TRANSPORTSTYRELSEN']);
  });

  it('should throw a RangeError for an unknown code, including inherited property names', () => {
    expect(() => getAgreement('UC_SSBTEK_2015')).toThrow(RangeError);
    expect(() => getAgreement('toString')).toThrow(RangeError);
  });

  it('should ship only valid agreements', () => {
    for (const agreement of Object.values(AGREEMENTS)) expect(() => assertValidAgreement(agreement)).not.toThrow();
  });

  it('should freeze the shipped data so no caller can change a service level at runtime', () => {
    expect(Object.isFrozen(UC_SSBTEK_2024.targets.incident.kritisk.response)).toBe(true);
    expect(Object.isFrozen(SLA_LEFI_ONLINE_2017.matrix[1])).toBe(true);
  });
});

describe('assertValidAgreement', () => {
  it.each<[string, Partial<AgreementDefinition>]>([
    ['an unknown time zone', { timeZone: 'Europe/Sthlm' }],
    ['no opening hours', { openingHours: [] }],
    ['closing before opening', { openingHours: [{ weekdays: [1], open: '17:00', close: '08:00' }] }],
    [
      'a weekday in two windows',
      {
        openingHours: [
          { weekdays: [1, 2], open: '08:00', close: '12:00' },
          { weekdays: [2], open: '13:00', close: '17:00' },
        ],
      },
    ],
    ['weekday 8', { openingHours: [{ weekdays: [8 as 1], open: '08:00', close: '17:00' }] }],
    ['a malformed closed day', { extraClosedDays: ['2026-13-01'] }],
    ['a critical period starting on the 31st', { criticalPeriod: { fromDayOfMonth: 31, toEndOfMonth: true } }],
    ['negative near days', { nearCriticalDays: -1 }],
    ['low-season month 13', { lowSeason: { months: [13] } }],
    ['a reversed one-off low season', { lowSeason: { ranges: [{ from: '2026-08-01', to: '2026-07-01' }] } }],
    ['a mixed low-season range', { lowSeason: { ranges: [{ from: '07-01', to: '2026-08-01' }] } }],
    ['a missing matrix row', { matrix: { ...UC_SSBTEK_2024.matrix, 4: undefined } as unknown as AgreementDefinition['matrix'] }],
    ['a threshold above 1', { complianceThreshold: 90 }],
    ['a missing target', { targets: { incident: { ...UC_SSBTEK_2024.targets.incident, låg: undefined } as unknown as TargetTable } }],
  ])('should reject %s', (_reason, overrides) => {
    expect(() => assertValidAgreement(variant(overrides))).toThrow(RangeError);
  });

  it('should accept a recurring low season that wraps the year end', () => {
    const wrapping = variant({ lowSeason: { ranges: [{ from: '12-23', to: '01-06' }] } });
    expect(() => assertValidAgreement(wrapping)).not.toThrow();
  });
});

describe('assertValidDuration', () => {
  it('should reject negative, non-finite and fractional-day amounts and unknown units', () => {
    expect(() => assertValidDuration({ amount: -1, unit: 'business_hours' })).toThrow(RangeError);
    expect(() => assertValidDuration({ amount: Infinity, unit: 'minutes' })).toThrow(RangeError);
    expect(() => assertValidDuration({ amount: 1.5, unit: 'working_days' })).toThrow(RangeError);
    expect(() => assertValidDuration({ amount: 1, unit: 'weeks' as Duration['unit'] })).toThrow(RangeError);
    expect(() => assertValidDuration({ amount: 0.5, unit: 'business_hours' })).not.toThrow();
  });
});
