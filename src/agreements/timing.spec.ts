import { SLA_LEFI_ONLINE_2017, UC_SSBTEK_2024, type AgreementDefinition, type CriticalPeriod } from './agreements';
import { fromLocalDateTime, parseTimeOfDay } from './time-zone';
import { daysUntilCriticalPeriod, isInCriticalPeriod, isInLowSeason, proposeTiming } from './timing';

function at(local: string): Date {
  return fromLocalDateTime(local.slice(0, 10), parseTimeOfDay(local.slice(11, 16)), 'Europe/Stockholm');
}

describe('proposeTiming', () => {
  describe('under the UC during opening hours', () => {
    it.each([
      ['the 20th, first day of the critical period', '2026-03-20 10:00', 1],
      ['the last day of a 31-day month', '2026-03-31 16:00', 1],
      ['the 27th of a 28-day February', '2026-02-27 10:00', 1],
      ['the 1st, just after the critical period', '2026-04-01 10:00', 3],
      ['the 19th, one day before', '2026-03-19 10:00', 2],
      ['the 16th, four days before', '2026-03-16 10:00', 2],
      ['the 15th, the first near day', '2026-04-15 10:00', 2],
      ['the 14th, six days before', '2026-04-14 10:00', 3],
      ['the 18th, two days before midsommarafton', '2026-06-18 10:00', 2],
    ])('should propose for %s (%s) timing %i', (_case, instant, timing) => {
      expect(proposeTiming(UC_SSBTEK_2024, at(instant))).toBe(timing);
    });
  });

  describe('under the UC outside opening hours, judged at the next opening', () => {
    it.each([
      ['before opening on the 20th', '2026-03-20 07:00', 1],
      ['the evening of the 19th, opening on the 20th', '2026-11-19 17:30', 1],
      ['Saturday the 19th, opening on Monday the 21st', '2026-09-19 12:00', 1],
      ['Friday evening the 18th, opening on Monday the 21st', '2026-12-18 18:00', 1],
      ['midsommarafton the 19th, opening on Monday the 22nd', '2026-06-19 10:00', 1],
      ['Saturday the 14th, opening on Monday the 16th', '2026-03-14 12:00', 2],
      ['Saturday 28 February, opening on 2 March', '2026-02-28 12:00', 3],
      ['the evening of 31 July, opening on 3 August', '2026-07-31 18:00', 3],
      ['30 December, opening after nyårsafton and nyårsdagen', '2026-12-30 18:00', 3],
    ])('should propose for %s (%s) timing %i', (_case, instant, timing) => {
      expect(proposeTiming(UC_SSBTEK_2024, at(instant))).toBe(timing);
    });
  });

  it('should judge by each agreement’s own hours', () => {
    const thursday19thEvening = at('2026-03-19 17:30');
    expect(proposeTiming(UC_SSBTEK_2024, thursday19thEvening)).toBe(1);
    expect(proposeTiming(SLA_LEFI_ONLINE_2017, thursday19thEvening)).toBe(2);
  });

  it('should never propose timing 4 when the agreement defines no low season', () => {
    for (let day = 1; day <= 31; day += 1) {
      const date = `2026-07-${String(day).padStart(2, '0')} 10:00`;
      expect(proposeTiming(UC_SSBTEK_2024, at(date))).not.toBe(4);
    }
  });

  it('should count no near days when nearCriticalDays is 0', () => {
    expect(proposeTiming({ ...UC_SSBTEK_2024, nearCriticalDays: 0 }, at('2026-03-19 10:00'))).toBe(3);
  });

  describe('with a configured low season', () => {
    const withLowSeason: AgreementDefinition = {
      ...UC_SSBTEK_2024,
      lowSeason: {
        months: [7],
        ranges: [
          { from: '12-23', to: '01-06' },
          { from: '2026-10-01', to: '2026-10-09' },
        ],
      },
    };

    it.each([
      ['a July day inside the critical period', '2026-07-21 10:00', 4],
      ['the first business day after July', '2026-08-03 10:00', 3],
      ['late June, when the next opening is still in June', '2026-06-26 18:00', 1],
      ['Christmas week in a range wrapping the year end', '2026-12-28 10:00', 4],
      ['5 January in the same range', '2027-01-05 10:00', 4],
      ['7 January after it', '2027-01-07 10:00', 3],
      ['a one-off range', '2026-10-05 10:00', 4],
      ['the same date a year later', '2027-10-05 10:00', 3],
    ])('should propose for %s (%s) timing %i', (_case, instant, timing) => {
      expect(proposeTiming(withLowSeason, at(instant))).toBe(timing);
    });
  });
});

describe('isInCriticalPeriod', () => {
  const toMonthEnd: CriticalPeriod = { fromDayOfMonth: 20, toEndOfMonth: true };
  const wrapping: CriticalPeriod = { fromDayOfMonth: 25, toEndOfMonth: false, toDayOfMonth: 5 };
  const midMonth: CriticalPeriod = { fromDayOfMonth: 10, toEndOfMonth: false, toDayOfMonth: 15 };

  it('should run from the 20th to the last day of each month', () => {
    expect(isInCriticalPeriod(toMonthEnd, '2026-03-19')).toBe(false);
    expect(isInCriticalPeriod(toMonthEnd, '2026-03-20')).toBe(true);
    expect(isInCriticalPeriod(toMonthEnd, '2026-02-28')).toBe(true);
    expect(isInCriticalPeriod(toMonthEnd, '2026-03-01')).toBe(false);
  });

  it('should support periods that end on a fixed day, also across the month end', () => {
    expect(isInCriticalPeriod(midMonth, '2026-03-12')).toBe(true);
    expect(isInCriticalPeriod(midMonth, '2026-03-16')).toBe(false);
    expect(isInCriticalPeriod(wrapping, '2026-03-27')).toBe(true);
    expect(isInCriticalPeriod(wrapping, '2026-04-03')).toBe(true);
    expect(isInCriticalPeriod(wrapping, '2026-04-10')).toBe(false);
  });
});

describe('daysUntilCriticalPeriod', () => {
  const toMonthEnd: CriticalPeriod = { fromDayOfMonth: 20, toEndOfMonth: true };

  it('should count calendar days to the next 20th', () => {
    expect(daysUntilCriticalPeriod(toMonthEnd, '2026-03-15')).toBe(5);
    expect(daysUntilCriticalPeriod(toMonthEnd, '2026-03-20')).toBe(0);
    expect(daysUntilCriticalPeriod(toMonthEnd, '2026-03-21')).toBe(30);
    expect(daysUntilCriticalPeriod(toMonthEnd, '2026-02-01')).toBe(19);
  });

  it('should reach into the next month and year', () => {
    expect(daysUntilCriticalPeriod(toMonthEnd, '2026-12-31')).toBe(20);
    const wrapping: CriticalPeriod = { fromDayOfMonth: 25, toEndOfMonth: false, toDayOfMonth: 5 };
    expect(daysUntilCriticalPeriod(wrapping, '2026-04-10')).toBe(15);
  });
});

describe('isInLowSeason', () => {
  it('should be false without a low season', () => {
    expect(isInLowSeason(undefined, '2026-07-15')).toBe(false);
    expect(isInLowSeason({}, '2026-07-15')).toBe(false);
  });

  it('should include both ends of a range', () => {
    const summer = { ranges: [{ from: '06-29', to: '08-02' }] };
    expect(isInLowSeason(summer, '2026-06-28')).toBe(false);
    expect(isInLowSeason(summer, '2026-06-29')).toBe(true);
    expect(isInLowSeason(summer, '2026-08-02')).toBe(true);
    expect(isInLowSeason(summer, '2026-08-03')).toBe(false);
  });
});
