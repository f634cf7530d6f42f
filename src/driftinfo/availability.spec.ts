import fc from 'fast-check';
import { UC_SSBTEK_2024 } from '../agreements/agreements';
import { availabilityOf, availabilityReport, type OutageSpan, type WindowSpan } from './availability';
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
    const outages = [
      // Tue 2 Feb 10:00–12:30: 150 min in opening hours.
      outage(local('2027-02-02', '10:00'), local('2027-02-02', '12:30')),
      // Thu 18 Feb 16:00 – Fri 19 Feb 09:30: 16:00–17:00 (60) + 08:00–09:30 (90) = 150 min; the night is closed time.
      outage(local('2027-02-18', '16:00'), local('2027-02-19', '09:30')),
    ];
    const windows = [
      // Wed 10 Feb 06:00–09:00, announced per routine and kept: its 08:00–09:00 is NOT unavailability (§4.6.1).
      announcedWindow(local('2027-02-10', '06:00'), local('2027-02-10', '09:00'), local('2027-02-10', '09:00')),
      // Mon 22 Feb 05:00–08:00 announced, really ended 09:15 with no announced extension: 08:00–09:15 = 75 min counts.
      announcedWindow(local('2027-02-22', '05:00'), local('2027-02-22', '08:00'), local('2027-02-22', '09:15')),
    ];
    const figures = availabilityOf(UC_SSBTEK_2024, FEBRUARY_2027, outages, windows);
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
    const report = availabilityReport(
      availabilityRuleFor(UC_SSBTEK_2024.code),
      { ...FEBRUARY_2027, yearStart: FEBRUARY_2027.from },
      outages,
      windows,
    );
    expect(report.month).toEqual(figures);
    expect(report.met).toMatchObject({ availability: false, interruptionsPerMonth: true, unavailableHoursPerYear: true });
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

  it('should leave out a night outage and measure LEFI kontorstid 07–17 on weekdays', () => {
    const kontorstid = availabilityRuleFor('SLA_LEFI_ONLINE_2017').bands.find((band) => band.name === 'kontorstid')!.hours;
    const figures = availabilityOf(
      kontorstid,
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

describe('availabilityReport', () => {
  const LEFI = availabilityRuleFor('SLA_LEFI_ONLINE_2017');
  const UC = availabilityRuleFor(UC_SSBTEK_2024.code);
  const february = { ...FEBRUARY_2027, yearStart: local('2027-01-01', '00:00') };
  const band = (report: ReturnType<typeof availabilityReport>, name: string) => report.bands.find((b) => b.name === name)!;

  // LEFI §2.1/§2.4 in February 2027 (no red day): kontorstid 20 weekdays × 07–17 = 12 000 min; kvällar 20 × 17.00–21.30
  // = 5 400 min; helger 4 Saturdays × 07.30–16.00 + 4 Sundays × 13.00–21.30 = 8 × 510 = 4 080 min; öppettid 21 480 min.
  it('should judge a LEFI weekday daytime outage against kontorstid: 99.3 % and 1.4 hours a month', () => {
    const hour = availabilityReport(LEFI, february, [outage(local('2027-02-03', '10:00'), local('2027-02-03', '11:00'))], []);
    // 60 of 12 000 min: 99.5 % ≥ 99.3 %, and 1 h ≤ 1.4 h of hindertid kontorstid.
    expect(band(hour, 'kontorstid')).toMatchObject({
      month: { openMinutes: 12_000, unavailableMinutes: 60, availabilityPercent: 99.5 },
      met: true,
    });
    expect(band(hour, 'kvällar').month).toMatchObject({ openMinutes: 5_400, unavailableMinutes: 0 });
    expect(band(hour, 'helger').month).toMatchObject({ openMinutes: 4_080, unavailableMinutes: 0 });
    expect(hour.month).toMatchObject({ openMinutes: 21_480, unavailableMinutes: 60, interruptions: 1 });
    expect(Object.values(hour.met).every(Boolean)).toBe(true);

    // Another 30 min: 90 of 12 000 = 99.25 % < 99.3 %, and 1.5 h > 1.4 h.
    const more = availabilityReport(
      LEFI,
      february,
      [
        outage(local('2027-02-03', '10:00'), local('2027-02-03', '11:00')),
        outage(local('2027-02-09', '14:00'), local('2027-02-09', '14:30')),
      ],
      [],
    );
    expect(band(more, 'kontorstid')).toMatchObject({ month: { availabilityPercent: 99.25 }, met: false });
    expect(more.met).toMatchObject({ availability: false, unavailableHoursPerMonth: false, interruptionsPerMonth: true });
  });

  it('should judge LEFI evening and weekend outages against their own levels and the shared 2.6 hours', () => {
    const report = availabilityReport(
      LEFI,
      february,
      [
        // Thu 4 Feb 19.00–21.30: 150 min of kvällar.
        outage(local('2027-02-04', '19:00'), local('2027-02-04', '21:30')),
        // Thu 22.00 – Fri 02.00: outside the öppettid, nothing.
        outage(local('2027-02-04', '22:00'), local('2027-02-05', '02:00')),
        // Sat 6 Feb 12.00–14.00: 120 min of helger.
        outage(local('2027-02-06', '12:00'), local('2027-02-06', '14:00')),
      ],
      [],
    );
    expect(band(report, 'kontorstid')).toMatchObject({ month: { unavailableMinutes: 0 }, met: true });
    // 5 250 / 5 400 = 97.22 % < 98.6 %; 3 960 / 4 080 = 97.06 % < 98.0 %.
    expect(band(report, 'kvällar')).toMatchObject({ month: { unavailableMinutes: 150, availabilityPercent: 97.22 }, met: false });
    expect(band(report, 'helger')).toMatchObject({ month: { unavailableMinutes: 120, availabilityPercent: 97.06 }, met: false });
    // 270 min = 4.5 h of hindertid kvällar och helger > 2.6 h; two interruptions ≤ 4.
    expect(report.month).toMatchObject({ unavailableMinutes: 270, interruptions: 2 });
    expect(report.met).toMatchObject({ availability: false, unavailableHoursPerMonth: false, interruptionsPerMonth: true });
    // The same outages under the UC cost no öppettid (08–17 weekdays) at all.
    const underUc = availabilityReport(UC, february, [outage(local('2027-02-04', '19:00'), local('2027-02-04', '21:30'))], []);
    expect(underUc.month).toMatchObject({ unavailableMinutes: 0, interruptions: 0 });
  });

  it('should close LEFI at 16.30 on the weekday before a red day, by the real calendar', () => {
    // May 2027 (CEST, UTC+2): Kristi himmelfärdsdag is Thursday 6 May, so Wednesday 5 May closes at 16.30 and has no
    // evening. 21 weekdays less the holiday = 20 days: kontorstid 20 × 600 − 30 = 11 970 min, kvällar 19 × 270 = 5 130.
    const may = (date: string, time: string) => new Date(`${date}T${time}:00+02:00`);
    const report = availabilityReport(
      LEFI,
      { from: may('2027-05-01', '00:00'), to: may('2027-06-01', '00:00'), yearStart: local('2027-01-01', '00:00') },
      [outage(may('2027-05-05', '16:00'), may('2027-05-05', '18:00'))],
      [],
    );
    expect(band(report, 'kontorstid').month).toMatchObject({ openMinutes: 11_970, unavailableMinutes: 30 });
    expect(band(report, 'kvällar').month).toMatchObject({ openMinutes: 5_130, unavailableMinutes: 0 });
    expect(report.month).toMatchObject({ unavailableMinutes: 30, interruptions: 1 });
  });
});

describe('availabilityReport on the eves of red days (LEFI §2.1 "Dag före röd helgdag 07.00 – 16.30")', () => {
  const LEFI = availabilityRuleFor('SLA_LEFI_ONLINE_2017');
  /** One local day of LEFI's öppettid, whole and per band, in minutes. */
  const day = (date: string, offset: '+01:00' | '+02:00') => {
    const from = new Date(`${date}T00:00:00${offset}`);
    const to = new Date(from.getTime() + 86_400_000);
    const report = availabilityReport(LEFI, { from, to, yearStart: from }, [], []);
    return [report.month.openMinutes, ...report.bands.map((b) => b.month.openMinutes)];
  };

  // [öppettid, kontorstid, kvällar, helger]: an ordinary weekday 07.00–21.30 is 600 + 270; a Saturday 07.30–16.00 and a
  // Sunday 13.00–21.30 are 510 of helger; an eve is 07.00–16.30 = 570 whatever weekday it falls on, a red day closed.
  it.each([
    ['julafton, a Thursday', '2026-12-24', '+01:00', [570, 570, 0, 0]],
    ['juldagen, a red Friday', '2026-12-25', '+01:00', [0, 0, 0, 0]],
    ['annandag jul, a red Saturday', '2026-12-26', '+01:00', [0, 0, 0, 0]],
    ['the Sunday after, an ordinary Sunday', '2026-12-27', '+01:00', [510, 0, 0, 510]],
    ['midsommarafton, a Friday', '2026-06-19', '+02:00', [570, 570, 0, 0]],
    ['the Friday before nationaldagen on a Saturday', '2026-06-05', '+02:00', [570, 570, 0, 0]],
    ['nationaldagen, a red Saturday', '2026-06-06', '+02:00', [0, 0, 0, 0]],
    ['pingstafton, the Saturday before the red pingstdagen', '2026-05-23', '+02:00', [570, 0, 0, 570]],
    ['pingstdagen, a red Sunday', '2026-05-24', '+02:00', [0, 0, 0, 0]],
    ['påskafton, the Saturday before påskdagen', '2026-04-04', '+02:00', [570, 0, 0, 570]],
    ['julafton on a Sunday', '2023-12-24', '+01:00', [570, 0, 0, 570]],
    ['julafton on a Saturday', '2022-12-24', '+01:00', [570, 0, 0, 570]],
    ['an ordinary Saturday', '2026-05-16', '+02:00', [510, 0, 0, 510]],
    ['an ordinary Wednesday', '2026-05-20', '+02:00', [870, 600, 270, 0]],
  ])('should give %s (%s) its hours', (_name, date, offset, minutes) => {
    expect(day(date, offset as '+01:00' | '+02:00')).toEqual(minutes);
  });

  it('should count an outage on a Sunday eve by the eve hours, not the Sunday ones, in a hand-computed December 2023', () => {
    const cet = (date: string, time: string) => new Date(`${date}T${time}:00+01:00`);
    const report = availabilityReport(
      LEFI,
      { from: cet('2023-12-01', '00:00'), to: cet('2024-01-01', '00:00'), yearStart: cet('2023-12-01', '00:00') },
      [
        // Julafton, Sunday 24 Dec, 08.00–10.00: open from 07.00 on an eve, so 120 min of helger.
        outage(cet('2023-12-24', '08:00'), cet('2023-12-24', '10:00')),
        // The same day 17.00–19.00: closed since 16.30 (an ordinary Sunday would be open until 21.30).
        outage(cet('2023-12-24', '17:00'), cet('2023-12-24', '19:00')),
      ],
      [],
    );
    const band = (name: string) => report.bands.find((b) => b.name === name)!.month;
    // Helger: five Saturdays × 510 + three ordinary Sundays × 510 + two Sunday eves (24th, 31st) × 570 = 5 220 min.
    // Kontorstid: 21 weekdays less juldagen and annandag jul = 19 × 600 = 11 400; kvällar 19 × 270 = 5 130.
    expect(band('helger')).toMatchObject({ openMinutes: 5_220, unavailableMinutes: 120 });
    expect(band('kontorstid')).toMatchObject({ openMinutes: 11_400, unavailableMinutes: 0 });
    expect(band('kvällar')).toMatchObject({ openMinutes: 5_130, unavailableMinutes: 0 });
    expect(report.month).toMatchObject({ openMinutes: 21_750, unavailableMinutes: 120, interruptions: 1 });
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

describe('availabilityReport (properties)', () => {
  // April–May 2027 holds eves (30 April before 1 May, 5 May before Kristi himmelfärd) and a DST-free stretch of CEST.
  const period = { from: new Date('2027-04-01T00:00:00+02:00'), to: new Date('2027-06-01T00:00:00+02:00') };
  const length = period.to.getTime() - period.from.getTime();
  const outages = fc.array(
    fc
      .tuple(fc.integer({ min: 0, max: length }), fc.integer({ min: 0, max: 2 * 86_400_000 }), fc.option(fc.integer({ min: 0, max: 7 })))
      .map(([start, duration, agencies]) =>
        outage(new Date(period.from.getTime() + start), new Date(period.from.getTime() + start + duration), agencies),
      ),
    { maxLength: 6 },
  );

  it("should split LEFI's öppettid into its bands without gap or overlap: open and unavailable time add up", () => {
    const lefi = availabilityRuleFor('SLA_LEFI_ONLINE_2017');
    fc.assert(
      fc.property(outages, (o) => {
        const report = availabilityReport(lefi, { ...period, yearStart: period.from }, o, []);
        const sum = (key: 'openMinutes' | 'unavailableMinutes') => report.bands.reduce((total, b) => total + b.month[key], 0);
        expect(sum('openMinutes')).toBeCloseTo(report.month.openMinutes, 6);
        expect(sum('unavailableMinutes')).toBeCloseTo(report.month.unavailableMinutes, 6);
      }),
      { numRuns: 50 },
    );
  });
});
