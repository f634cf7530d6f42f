import fc from 'fast-check';
import { UC_SSBTEK_2024 } from '../agreements/agreements';
import { availabilityOf, levelsMet, type OutageSpan, type WindowSpan } from './availability';
import { availabilityRuleFor } from './availability-levels';

// February 2027 in Stockholm is all CET (UTC+1): local 10:00 is 09:00Z. It starts on a Monday, has 28 days and no
// red day, so it holds exactly 20 weekdays.
const local = (date: string, time: string) => new Date(`${date}T${time}:00+01:00`);
const FEBRUARY_2027 = { from: local('2027-02-01', '00:00'), to: local('2027-03-01', '00:00') };
const outage = (from: Date, to: Date | null, answeringAgencies: number | null = null): OutageSpan => ({ from, to, answeringAgencies });
const announcedWindow = (from: Date, announcedEnd: Date, to: Date | null): WindowSpan => ({
  from,
  to,
  announcedEnd,
  announcedPerRoutine: true,
});

describe('availabilityOf', () => {
  it('should match the hand-computed figure for a month with two outages, an announced window and an unannounced overrun', () => {
    const figures = availabilityOf(
      UC_SSBTEK_2024,
      FEBRUARY_2027,
      [
        // Tue 2 Feb 10:00–12:30: 150 min in opening hours.
        outage(local('2027-02-02', '10:00'), local('2027-02-02', '12:30')),
        // Thu 18 Feb 16:00 – Fri 19 Feb 09:30: 16:00–17:00 (60) + 08:00–09:30 (90) = 150 min; the night is closed time.
        outage(local('2027-02-18', '16:00'), local('2027-02-19', '09:30')),
      ],
      [
        // Wed 10 Feb 06:00–09:00, announced per routine and kept: its 08:00–09:00 is NOT unavailability (§4.6.1).
        announcedWindow(local('2027-02-10', '06:00'), local('2027-02-10', '09:00'), local('2027-02-10', '09:00')),
        // Mon 22 Feb 05:00–08:00 announced, really ended 09:15 with no announced extension: 08:00–09:15 = 75 min counts.
        announcedWindow(local('2027-02-22', '05:00'), local('2027-02-22', '08:00'), local('2027-02-22', '09:15')),
      ],
    );
    // Opening time (§4.1.1): 20 weekdays × 9 h (08–17) = 180 h = 10 800 min.
    // Unavailable: 150 + 150 + 75 = 375 min = 6 h 15 min.
    // Available: 10 800 − 375 = 10 425 min; 10 425 / 10 800 = 96.5277…% → 96.53 %.
    // Interruptions: two outages and one unannounced overrun = 3 (≤ 4 a month met; 96.53 % < 98 % not met).
    expect(figures).toEqual({
      openMinutes: 10_800,
      unavailableMinutes: 375,
      disturbedMinutes: 0,
      availableMinutes: 10_425,
      availabilityPercent: 96.53,
      interruptions: 3,
    });
    const met = levelsMet(availabilityRuleFor(UC_SSBTEK_2024.code).levels, figures, figures);
    expect(met).toMatchObject({ availability: false, interruptionsPerMonth: true, unavailableHoursPerYear: true });
  });

  it('should count an outage with answers from three agencies as disturbed, not unavailable (§4.9)', () => {
    const figures = availabilityOf(
      UC_SSBTEK_2024,
      FEBRUARY_2027,
      [outage(local('2027-02-03', '09:00'), local('2027-02-03', '10:00'), 3)],
      [],
    );
    expect(figures).toMatchObject({ unavailableMinutes: 0, disturbedMinutes: 60, availabilityPercent: 100, interruptions: 0 });
  });

  it('should count an outage with answers from two agencies as unavailable', () => {
    const figures = availabilityOf(
      UC_SSBTEK_2024,
      FEBRUARY_2027,
      [outage(local('2027-02-03', '09:00'), local('2027-02-03', '10:00'), 2)],
      [],
    );
    expect(figures).toMatchObject({ unavailableMinutes: 60, disturbedMinutes: 0, interruptions: 1 });
  });

  it('should count a window nobody announced per routine as unavailable in full', () => {
    const window: WindowSpan = {
      from: local('2027-02-03', '07:00'),
      to: local('2027-02-03', '09:00'),
      announcedEnd: local('2027-02-03', '09:00'),
      announcedPerRoutine: false,
    };
    expect(availabilityOf(UC_SSBTEK_2024, FEBRUARY_2027, [], [window])).toMatchObject({ unavailableMinutes: 60, interruptions: 1 });
  });

  it('should count an overlap of two outages once and an ongoing outage to the end of the period', () => {
    const figures = availabilityOf(
      UC_SSBTEK_2024,
      FEBRUARY_2027,
      [
        outage(local('2027-02-03', '09:00'), local('2027-02-03', '11:00')),
        outage(local('2027-02-03', '10:00'), local('2027-02-03', '12:00')),
        outage(local('2027-02-26', '16:00'), null),
      ],
      [],
    );
    expect(figures.unavailableMinutes).toBe(180 + 60);
  });

  it('should leave out a night outage and measure LEFI in its 07–17 kontorstid', () => {
    const lefi = availabilityRuleFor('SLA_LEFI_ONLINE_2017').measuredIn;
    const figures = availabilityOf(
      lefi,
      FEBRUARY_2027,
      [
        outage(local('2027-02-03', '06:30'), local('2027-02-03', '07:30')),
        outage(local('2027-02-03', '22:00'), local('2027-02-04', '02:00')),
      ],
      [],
    );
    expect(figures).toMatchObject({ openMinutes: 20 * 600, unavailableMinutes: 30, interruptions: 1 });
  });
});

describe('availabilityOf (properties)', () => {
  const from = FEBRUARY_2027.from.getTime();
  const length = FEBRUARY_2027.to.getTime() - from;
  const span = fc.tuple(fc.integer({ min: 0, max: length }), fc.integer({ min: 0, max: 3 * 86_400_000 })).map(([start, duration]) => ({
    from: new Date(from + start),
    to: new Date(from + start + duration),
  }));
  const outages = fc.array(
    fc.tuple(span, fc.option(fc.integer({ min: 0, max: 7 }))).map(([s, agencies]) => outage(s.from, s.to, agencies)),
    { maxLength: 6 },
  );
  const windows = fc.array(
    fc.tuple(span, fc.integer({ min: 0, max: 86_400_000 }), fc.boolean()).map(([s, early, announcedPerRoutine]) => ({
      ...s,
      announcedEnd: new Date(Math.max(s.from.getTime(), s.to.getTime() - early)),
      announcedPerRoutine,
    })),
    { maxLength: 4 },
  );

  it('should never report more than 100 % or less than 0 %, nor unavailable time beyond opening time', () => {
    fc.assert(
      fc.property(outages, windows, (o, w) => {
        const figures = availabilityOf(UC_SSBTEK_2024, FEBRUARY_2027, o, w);
        expect(figures.availabilityPercent).toBeLessThanOrEqual(100);
        expect(figures.availabilityPercent).toBeGreaterThanOrEqual(0);
        expect(figures.unavailableMinutes).toBeLessThanOrEqual(figures.openMinutes);
        expect(figures.unavailableMinutes + figures.disturbedMinutes).toBeLessThanOrEqual(figures.openMinutes);
      }),
    );
  });

  it('should never lower availability when an announced window is added', () => {
    fc.assert(
      fc.property(outages, windows, span, (o, w, extra) => {
        const before = availabilityOf(UC_SSBTEK_2024, FEBRUARY_2027, o, w);
        const added: WindowSpan = { ...extra, announcedEnd: extra.to, announcedPerRoutine: true };
        const after = availabilityOf(UC_SSBTEK_2024, FEBRUARY_2027, o, [...w, added]);
        expect(after.unavailableMinutes).toBeLessThanOrEqual(before.unavailableMinutes);
      }),
    );
  });

  it('should never raise availability when an outage is added', () => {
    fc.assert(
      fc.property(outages, windows, span, (o, w, extra) => {
        const before = availabilityOf(UC_SSBTEK_2024, FEBRUARY_2027, o, w);
        const after = availabilityOf(UC_SSBTEK_2024, FEBRUARY_2027, [...o, outage(extra.from, extra.to)], w);
        expect(after.unavailableMinutes).toBeGreaterThanOrEqual(before.unavailableMinutes);
      }),
    );
  });
});
