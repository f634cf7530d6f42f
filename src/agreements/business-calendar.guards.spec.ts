import { UC_SSBTEK_2024, type AgreementDefinition } from './agreements';
import { BusinessCalendar } from './business-calendar';
import { addDays, type LocalDate } from './time-zone';

/** Every Monday from `first` on for eleven years: more than the ten the calendar looks ahead before giving up. */
function mondaysFrom(first: LocalDate): LocalDate[] {
  return Array.from({ length: 11 * 53 }, (_, week) => addDays(first, 7 * week));
}

// Open Mondays only, with every Monday from 16 March 2026 on closed: one business day (9 March), then none for years.
const LAST_MONDAY: AgreementDefinition = {
  ...UC_SSBTEK_2024,
  code: 'TEST_LAST_MONDAY',
  openingHours: [{ weekdays: [1], open: '08:00', close: '17:00' }],
  extraClosedDays: mondaysFrom('2026-03-16'),
};

describe(`${BusinessCalendar.name} guards`, () => {
  const calendar = new BusinessCalendar(LAST_MONDAY);
  const uc = new BusinessCalendar(UC_SSBTEK_2024);

  it('should give up with a RangeError instead of looking for an opening forever', () => {
    expect(() => calendar.nextOpening(new Date('2026-03-10T09:00:00Z'))).toThrow(
      /^No business day within ten years after 20\d\d-\d\d-\d\d$/,
    );
    expect(() => calendar.businessMillisBetween(new Date('2026-03-10T09:00:00Z'), new Date('2040-01-01T00:00:00Z'))).toThrow(RangeError);
  });

  it('should give up counting working days past the last business day, naming where it started', () => {
    expect(() => calendar.addBusinessTime(new Date('2026-03-09T09:00:00Z'), { amount: 2, unit: 'working_days' })).toThrow(
      new RangeError('No business day within ten years after 2026-03-09'),
    );
    // From the opening, that one Monday is the whole of one working day.
    expect(calendar.addBusinessTime(new Date('2026-03-09T07:00:00Z'), { amount: 1, unit: 'working_days' })).toEqual(
      new Date('2026-03-09T16:00:00Z'),
    );
  });

  it('should refuse an invalid date or instant with a message that says which', () => {
    expect(() => uc.holidayName('2026-02-30')).toThrow(new RangeError('Not a calendar date: "2026-02-30"'));
    expect(() => uc.isOpen(new Date('nonsense'))).toThrow(new RangeError('Invalid Date'));
    expect(() => uc.businessMillisBetween(new Date('2026-03-09T09:00:00Z'), new Date(NaN))).toThrow(new RangeError('Invalid Date'));
  });

  it('should name the end of a pause that ends before it starts', () => {
    const pause = { from: new Date('2026-03-09T11:00:00Z'), to: new Date('2026-03-09T10:00:00Z') };
    expect(() => uc.businessMillisBetween(new Date('2026-03-09T08:00:00Z'), new Date('2026-03-09T15:00:00Z'), [pause])).toThrow(
      new RangeError('Pause ends (2026-03-09T10:00:00.000Z) before it starts'),
    );
  });

  it('should give a closed day no opening hours and a business day its two instants', () => {
    expect(uc.openingHoursOn('2026-03-07')).toBeNull();
    expect(uc.openingHoursOn('2026-03-09')).toEqual({ open: new Date('2026-03-09T07:00:00Z'), close: new Date('2026-03-09T16:00:00Z') });
  });
});
