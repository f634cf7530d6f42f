import {
  SLA_LEFI_ONLINE_2017,
  UC_SSBTEK_2024,
  UC_SSBTEK_2024_TRANSPORTSTYRELSEN,
  type AgreementDefinition,
  type Duration,
} from './agreements';
import { BusinessCalendar } from './business-calendar';
import { fromLocalDateTime, parseTimeOfDay, toLocalDateTime } from './time-zone';

const TZ = 'Europe/Stockholm';
const HOUR = 3_600_000;

/** Stockholm wall time `yyyy-mm-dd HH:mm` as an instant. */
function at(local: string): Date {
  return fromLocalDateTime(local.slice(0, 10), parseTimeOfDay(local.slice(11, 16)), TZ);
}

/** An instant as Stockholm wall time `yyyy-mm-dd HH:mm`. */
function show(instant: Date): string {
  const local = toLocalDateTime(instant, TZ);
  const pad = (value: number) => String(value).padStart(2, '0');
  return `${local.date} ${pad(local.hour)}:${pad(local.minute)}`;
}

const businessHours = (amount: number): Duration => ({ amount, unit: 'business_hours' });
const businessMinutes = (amount: number): Duration => ({ amount, unit: 'business_minutes' });
const workingDays = (amount: number): Duration => ({ amount, unit: 'working_days' });

const ALWAYS_OPEN: AgreementDefinition = {
  ...UC_SSBTEK_2024,
  code: 'TEST_ALWAYS_OPEN',
  openingHours: [{ weekdays: [1, 2, 3, 4, 5, 6, 7], open: '00:00', close: '24:00' }],
  closedHolidayTypes: [],
};

describe(BusinessCalendar.name, () => {
  const uc = new BusinessCalendar(UC_SSBTEK_2024);
  const lefi = new BusinessCalendar(SLA_LEFI_ONLINE_2017);

  describe('isBusinessDay', () => {
    it.each([
      ['2026-01-01', 'nyårsdagen'],
      ['2026-01-06', 'trettondedag jul'],
      ['2026-04-03', 'långfredagen'],
      ['2026-04-06', 'annandag påsk'],
      ['2026-05-01', 'första maj'],
      ['2026-05-14', 'Kristi himmelsfärdsdag'],
      ['2025-06-06', 'nationaldagen'],
      ['2026-06-19', 'midsommarafton'],
      ['2026-12-24', 'julafton'],
      ['2026-12-25', 'juldagen'],
      ['2026-12-31', 'nyårsafton'],
    ])('should close on %s (%s)', (date, name) => {
      expect(uc.isBusinessDay(date)).toBe(false);
      expect(uc.holidayName(date)).toBe(name);
    });

    it('should know holidays that fall on a weekend', () => {
      expect(uc.holidayName('2026-06-06')).toBe('nationaldagen');
      expect(uc.holidayName('2026-06-20')).toBe('midsommardagen');
      expect(uc.holidayName('2026-04-05')).toBe('påskdagen');
    });

    it.each([
      ['2026-04-02', 'skärtorsdagen'],
      ['2026-04-30', 'valborgsmässoafton'],
      ['2026-05-25', 'annandag pingst, no longer a public holiday'],
      ['2026-01-05', 'trettondagsafton'],
      ['2026-10-30', 'allhelgonaafton'],
      ['2026-06-18', 'an ordinary Thursday'],
    ])('should stay open on %s (%s)', (date) => {
      expect(uc.isBusinessDay(date)).toBe(true);
      expect(uc.holidayName(date)).toBeUndefined();
    });

    it('should close at weekends', () => {
      expect(uc.isBusinessDay('2026-03-28')).toBe(false);
      expect(uc.isBusinessDay('2026-03-29')).toBe(false);
      expect(uc.isBusinessDay('2026-03-30')).toBe(true);
    });

    it('should close on the agreement’s extra closed days', () => {
      const withKlämdag = new BusinessCalendar({ ...UC_SSBTEK_2024, extraClosedDays: ['2026-05-15'] });
      expect(withKlämdag.isBusinessDay('2026-05-15')).toBe(false);
      expect(withKlämdag.holidayName('2026-05-15')).toBeUndefined();
      expect(uc.isBusinessDay('2026-05-15')).toBe(true);
    });

    it('should follow the holiday types the agreement closes on', () => {
      const publicOnly = new BusinessCalendar({ ...UC_SSBTEK_2024, closedHolidayTypes: ['public'] });
      expect(publicOnly.isBusinessDay('2026-06-19')).toBe(true);
      expect(publicOnly.isBusinessDay('2026-12-24')).toBe(true);
      expect(publicOnly.isBusinessDay('2026-12-25')).toBe(false);
    });

    it('should reject a malformed date', () => {
      expect(() => uc.isBusinessDay('2026-6-19')).toThrow(RangeError);
    });
  });

  describe('isOpen', () => {
    it('should be open from 08:00 up to but not including 17:00 on a weekday', () => {
      expect(uc.isOpen(at('2026-03-09 08:00'))).toBe(true);
      expect(uc.isOpen(new Date(at('2026-03-09 08:00').getTime() - 1))).toBe(false);
      expect(uc.isOpen(at('2026-03-09 16:59'))).toBe(true);
      expect(uc.isOpen(at('2026-03-09 17:00'))).toBe(false);
    });

    it('should be closed at weekends and on midsommarafton', () => {
      expect(uc.isOpen(at('2026-03-07 12:00'))).toBe(false);
      expect(uc.isOpen(at('2026-06-19 10:00'))).toBe(false);
    });

    it('should keep 08–17 local on both sides of the DST switches', () => {
      expect(uc.openingHoursOn('2026-03-27')).toEqual({
        open: new Date('2026-03-27T07:00:00Z'),
        close: new Date('2026-03-27T16:00:00Z'),
      });
      expect(uc.openingHoursOn('2026-03-30')).toEqual({
        open: new Date('2026-03-30T06:00:00Z'),
        close: new Date('2026-03-30T15:00:00Z'),
      });
      expect(uc.openingHoursOn('2026-10-26')).toEqual({
        open: new Date('2026-10-26T07:00:00Z'),
        close: new Date('2026-10-26T16:00:00Z'),
      });
      expect(uc.openingHoursOn('2026-03-28')).toBeNull();
    });

    it('should close Transportstyrelsen’s support at 16:30', () => {
      const transportstyrelsen = new BusinessCalendar(UC_SSBTEK_2024_TRANSPORTSTYRELSEN);
      expect(transportstyrelsen.isOpen(at('2026-03-09 16:29'))).toBe(true);
      expect(transportstyrelsen.isOpen(at('2026-03-09 16:30'))).toBe(false);
    });

    it('should follow KC Partner’s hours for LEFI Online', () => {
      expect(lefi.isOpen(at('2026-03-12 07:00'))).toBe(true);
      expect(lefi.isOpen(at('2026-03-12 17:30'))).toBe(true);
      expect(lefi.isOpen(at('2026-03-13 16:30'))).toBe(false);
      expect(lefi.isOpen(at('2026-03-14 10:00'))).toBe(false);
    });
  });

  describe('nextOpening', () => {
    it('should return an open instant unchanged', () => {
      expect(show(uc.nextOpening(at('2026-03-09 10:00')))).toBe('2026-03-09 10:00');
    });

    it('should move a closed instant to the next opening', () => {
      expect(show(uc.nextOpening(at('2026-03-07 11:00')))).toBe('2026-03-09 08:00');
      expect(show(uc.nextOpening(at('2026-03-06 17:00')))).toBe('2026-03-09 08:00');
      expect(show(uc.nextOpening(at('2026-03-09 06:30')))).toBe('2026-03-09 08:00');
      expect(show(uc.nextOpening(at('2026-12-23 17:00')))).toBe('2026-12-28 08:00');
    });
  });

  describe('addBusinessTime in business hours and minutes', () => {
    it.each([
      ['over a weekend', '2026-03-06 16:00', 2, '2026-03-09 09:00'],
      ['Kritisk 8 h into the next day', '2026-03-09 14:00', 8, '2026-03-10 13:00'],
      ['a whole day ending at closing time', '2026-03-09 08:00', 9, '2026-03-09 17:00'],
      ['Låg 24 h from an opening', '2026-03-09 08:00', 24, '2026-03-11 14:00'],
      ['over midsommarafton and midsommardagen', '2026-06-18 16:00', 2, '2026-06-22 09:00'],
      ['over långfredagen and annandag påsk', '2026-04-02 16:00', 2, '2026-04-07 09:00'],
      ['over Kristi himmelsfärdsdag', '2026-05-13 16:00', 2, '2026-05-15 09:00'],
      ['over nationaldagen on a Friday, opening on annandag pingst', '2025-06-05 16:00', 2, '2025-06-09 09:00'],
      ['over julafton and juldagen', '2026-12-23 16:00', 2, '2026-12-28 09:00'],
      ['over nyårsafton, nyårsdagen and the year end', '2026-12-30 16:00', 2, '2027-01-04 09:00'],
      ['over trettondedag jul', '2027-01-05 16:00', 2, '2027-01-07 09:00'],
      ['over a month end', '2026-01-30 16:00', 2, '2026-02-02 09:00'],
      ['over the spring DST switch', '2026-03-27 16:00', 2, '2026-03-30 09:00'],
      ['over the autumn DST switch', '2026-10-23 16:00', 2, '2026-10-26 09:00'],
      ['from a Saturday', '2026-03-07 11:00', 1, '2026-03-09 09:00'],
      ['from closing time', '2026-03-09 17:00', 1, '2026-03-10 09:00'],
      ['from before opening', '2026-03-09 06:00', 1, '2026-03-09 09:00'],
    ])('should count %s under the UC', (_case, start, hours, due) => {
      expect(show(uc.addBusinessTime(at(start), businessHours(hours)))).toBe(due);
    });

    it('should give exact instants across the DST switches', () => {
      expect(uc.addBusinessTime(new Date('2026-03-27T15:00:00Z'), businessHours(2)).toISOString()).toBe('2026-03-30T07:00:00.000Z');
      expect(uc.addBusinessTime(new Date('2026-10-23T14:00:00Z'), businessHours(2)).toISOString()).toBe('2026-10-26T08:00:00.000Z');
    });

    it('should count the UC’s 30-minute response from a Friday afternoon into Monday', () => {
      expect(show(uc.addBusinessTime(at('2026-03-06 16:45'), businessMinutes(30)))).toBe('2026-03-09 08:15');
    });

    it.each([
      ['Kritisk 3 h over a short Friday', '2026-03-13 15:00', 3, '2026-03-16 09:00'],
      ['Medium 24 h from a Friday opening', '2026-03-13 07:00', 24, '2026-03-17 11:00'],
      ['Låg 40 h from a Monday opening', '2026-03-09 07:00', 40, '2026-03-12 14:00'],
    ])('should count %s under LEFI Online', (_case, start, hours, due) => {
      expect(show(lefi.addBusinessTime(at(start), businessHours(hours)))).toBe(due);
    });

    it('should count LEFI’s 10-minute response past Thursday’s 18:00 closing', () => {
      expect(show(lefi.addBusinessTime(at('2026-03-12 17:55'), businessMinutes(10)))).toBe('2026-03-13 07:05');
    });

    it('should give the next opening for a zero duration', () => {
      expect(show(uc.addBusinessTime(at('2026-03-07 11:00'), businessHours(0)))).toBe('2026-03-09 08:00');
      expect(show(uc.addBusinessTime(at('2026-03-09 11:00'), businessHours(0)))).toBe('2026-03-09 11:00');
    });

    it('should measure back exactly the business time it added', () => {
      for (let start = at('2026-01-01 00:00').getTime(); start < at('2027-01-01 00:00').getTime(); start += 7 * HOUR) {
        for (const hours of [0.5, 8, 24]) {
          const due = uc.addBusinessTime(new Date(start), businessHours(hours));
          expect(uc.businessMillisBetween(new Date(start), due)).toBe(hours * HOUR);
        }
      }
    });
  });

  describe('addBusinessTime in clock units', () => {
    it('should add minutes and hours around the clock', () => {
      const ninetyMinutes: Duration = { amount: 90, unit: 'minutes' };
      expect(show(uc.addBusinessTime(at('2026-03-07 12:00'), ninetyMinutes))).toBe('2026-03-07 13:30');
      expect(show(uc.addBusinessTime(at('2026-03-29 01:00'), { amount: 2, unit: 'hours' }))).toBe('2026-03-29 04:00');
    });

    it('should keep the wall time for calendar days across both DST switches', () => {
      const spring = uc.addBusinessTime(at('2026-03-28 12:00'), { amount: 1, unit: 'calendar_days' });
      expect(show(spring)).toBe('2026-03-29 12:00');
      expect(spring.getTime() - at('2026-03-28 12:00').getTime()).toBe(23 * HOUR);
      const autumn = uc.addBusinessTime(at('2026-10-24 12:00'), { amount: 1, unit: 'calendar_days' });
      expect(show(autumn)).toBe('2026-10-25 12:00');
      expect(autumn.getTime() - at('2026-10-24 12:00').getTime()).toBe(25 * HOUR);
    });

    it('should count the UC problem target “Kritisk: 6 dagar” in calendar days', () => {
      const due = uc.addBusinessTime(at('2026-06-15 10:00'), UC_SSBTEK_2024.targets.problem!.kritisk.resolution);
      expect(show(due)).toBe('2026-06-21 10:00');
    });
  });

  describe('addBusinessTime in working days', () => {
    it.each([
      ['Hög 2 working days from mid-morning', '2026-03-10 10:15', 2, '2026-03-12 10:15'],
      ['a start exactly at opening as its first full day', '2026-03-09 08:00', 2, '2026-03-10 17:00'],
      ['a Saturday start from Monday’s opening', '2026-03-07 11:00', 2, '2026-03-10 17:00'],
      ['an evening start from the next opening', '2026-03-10 18:00', 2, '2026-03-12 17:00'],
      ['over midsommar', '2026-06-17 10:00', 2, '2026-06-22 10:00'],
      ['Medel 5 working days over Easter', '2026-04-01 09:00', 5, '2026-04-10 09:00'],
      ['over Kristi himmelsfärdsdag', '2026-05-13 10:00', 2, '2026-05-18 10:00'],
      ['Låg 7 working days over Christmas and the year end', '2026-12-21 12:00', 7, '2027-01-05 12:00'],
      ['over the spring DST switch', '2026-03-27 10:00', 1, '2026-03-30 10:00'],
      ['over the autumn DST switch', '2026-10-23 10:00', 1, '2026-10-26 10:00'],
      ['zero days as the next opening', '2026-03-07 11:00', 0, '2026-03-09 08:00'],
    ])('should count %s', (_case, start, days, due) => {
      expect(show(uc.addBusinessTime(at(start), workingDays(days)))).toBe(due);
    });

    it('should make N working days exactly N nine-hour business days under the UC', () => {
      for (let start = at('2026-01-01 00:00').getTime(); start < at('2027-01-01 00:00').getTime(); start += 5 * HOUR) {
        for (const days of [1, 2, 7]) {
          const due = uc.addBusinessTime(new Date(start), workingDays(days));
          expect(uc.businessMillisBetween(new Date(start), due)).toBe(days * 9 * HOUR);
        }
      }
    });

    it('should cut a working day at closing time when the due day closes earlier than the start time', () => {
      expect(show(lefi.addBusinessTime(at('2026-03-12 17:30'), workingDays(1)))).toBe('2026-03-13 16:00');
    });

    it('should count the UC problem target “Låg: 60 arbetsdagar”', () => {
      const due = uc.addBusinessTime(at('2026-01-12 10:00'), UC_SSBTEK_2024.targets.problem!.låg.resolution);
      expect(uc.businessMillisBetween(at('2026-01-12 10:00'), due)).toBe(60 * 9 * HOUR);
    });
  });

  describe('addBusinessTime with bad input', () => {
    it('should throw a RangeError for a negative amount, fractional days or an invalid start', () => {
      expect(() => uc.addBusinessTime(at('2026-03-09 10:00'), businessHours(-1))).toThrow(RangeError);
      expect(() => uc.addBusinessTime(at('2026-03-09 10:00'), workingDays(1.5))).toThrow(RangeError);
      expect(() => uc.addBusinessTime(new Date('nonsense'), businessHours(1))).toThrow(RangeError);
    });
  });

  describe('businessMillisBetween', () => {
    it.each([
      ['within one day', '2026-03-09 09:00', '2026-03-09 11:30', 2.5],
      ['over a weekend', '2026-03-06 16:00', '2026-03-09 09:00', 2],
      ['over Easter', '2026-04-02 16:00', '2026-04-07 09:00', 2],
      ['over midsommar', '2026-06-18 16:00', '2026-06-22 09:00', 2],
      ['over Christmas, nyårsafton and nyårsdagen', '2026-12-23 08:00', '2027-01-04 17:00', 45],
      ['over a month end', '2026-02-27 12:00', '2026-03-02 12:00', 9],
      ['over the spring DST switch', '2026-03-27 16:00', '2026-03-30 09:00', 2],
      ['over the autumn DST switch', '2026-10-23 16:00', '2026-10-26 09:00', 2],
      ['from a Saturday', '2026-03-07 11:00', '2026-03-09 10:00', 2],
      ['from before opening', '2026-03-09 06:00', '2026-03-09 09:00', 1],
      ['backwards', '2026-03-09 11:00', '2026-03-09 09:00', 0],
    ])('should measure %s', (_case, start, end, hours) => {
      expect(uc.businessMillisBetween(at(start), at(end))).toBe(hours * HOUR);
    });

    it('should count the 23- and 25-hour DST days in a round-the-clock calendar', () => {
      const always = new BusinessCalendar(ALWAYS_OPEN);
      expect(always.businessMillisBetween(at('2026-03-29 00:00'), at('2026-03-30 00:00'))).toBe(23 * HOUR);
      expect(always.businessMillisBetween(at('2026-10-25 00:00'), at('2026-10-26 00:00'))).toBe(25 * HOUR);
      expect(show(always.addBusinessTime(at('2026-03-28 22:00'), businessHours(24)))).toBe('2026-03-29 23:00');
    });

    describe('with pauses', () => {
      const start = at('2026-03-09 09:00');
      const end = at('2026-03-10 12:00');
      const pause = (from: string, to: string | null) => ({ from: at(from), to: to === null ? null : at(to) });

      it('should measure 12 business hours without pauses', () => {
        expect(uc.businessMillisBetween(start, end, [])).toBe(12 * HOUR);
      });

      it('should leave out the business time of a pause spanning the night', () => {
        expect(uc.businessMillisBetween(start, end, [pause('2026-03-09 10:00', '2026-03-10 09:00')])).toBe(4 * HOUR);
      });

      it('should count overlapping pauses once', () => {
        const pauses = [pause('2026-03-09 10:00', '2026-03-09 12:00'), pause('2026-03-09 11:00', '2026-03-09 13:00')];
        expect(uc.businessMillisBetween(start, end, pauses)).toBe(9 * HOUR);
      });

      it('should run an open pause until the end', () => {
        expect(uc.businessMillisBetween(start, end, [pause('2026-03-10 11:00', null)])).toBe(11 * HOUR);
      });

      // A clock read as of an earlier instant (a past month's KPIs) meets a pause begun since and still open.
      it('should leave out an open pause that begins after the end, not throw', () => {
        expect(uc.businessMillisBetween(start, end, [pause('2026-03-11 10:00', null)])).toBe(12 * HOUR);
      });

      it('should ignore pause time outside opening hours or outside the span', () => {
        const pauses = [
          pause('2026-03-09 18:00', '2026-03-10 07:00'),
          pause('2026-03-10 13:00', '2026-03-10 15:00'),
          pause('2026-03-06 10:00', '2026-03-06 12:00'),
        ];
        expect(uc.businessMillisBetween(start, end, pauses)).toBe(12 * HOUR);
      });

      it('should clip a pause that began before the start', () => {
        expect(uc.businessMillisBetween(start, end, [pause('2026-03-08 12:00', '2026-03-09 10:00')])).toBe(11 * HOUR);
      });

      it('should throw a RangeError for a pause that ends before it starts', () => {
        expect(() => uc.businessMillisBetween(start, end, [pause('2026-03-09 12:00', '2026-03-09 10:00')])).toThrow(RangeError);
      });
    });
  });

  describe('construction', () => {
    it('should build one calendar per agreement', () => {
      expect(BusinessCalendar.for(UC_SSBTEK_2024)).toBe(BusinessCalendar.for(UC_SSBTEK_2024));
      expect(BusinessCalendar.for(UC_SSBTEK_2024)).not.toBe(BusinessCalendar.for(SLA_LEFI_ONLINE_2017));
    });

    it('should refuse an invalid agreement', () => {
      expect(() => new BusinessCalendar({ ...UC_SSBTEK_2024, openingHours: [] })).toThrow(RangeError);
    });
  });
});
