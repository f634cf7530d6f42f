import fc from 'fast-check';
import { UC_SSBTEK_2024 } from './agreements';
import { BusinessCalendar } from './business-calendar';
import { fromLocalDateTime, parseTimeOfDay, toLocalDateTime } from './time-zone';

const TZ = 'Europe/Stockholm';
const MINUTE = 60_000;
const calendar = new BusinessCalendar(UC_SSBTEK_2024);

// Instants over 2024–2030, which cross fourteen DST switches and every movable holiday (Easter, Midsummer, Ascension).
const instant = fc.date({ min: new Date('2024-01-01T00:00:00Z'), max: new Date('2030-12-31T00:00:00Z'), noInvalidDate: true });
const minutes = fc.integer({ min: 0, max: 60 * 24 * 40 });

function businessMinutes(amount: number) {
  return { amount, unit: 'business_minutes' as const };
}

describe(`${BusinessCalendar.name} (properties)`, () => {
  it('should add business time additively: a + b equals a then b', () => {
    fc.assert(
      fc.property(instant, minutes, minutes, (start, a, b) => {
        const whole = calendar.addBusinessTime(start, businessMinutes(a + b));
        const stepwise = calendar.addBusinessTime(calendar.addBusinessTime(start, businessMinutes(a)), businessMinutes(b));
        // Adding 0 moves a closed instant to the next opening, so the step-wise path may only differ when a is 0.
        if (a > 0 || calendar.isOpen(start)) expect(stepwise.getTime()).toBe(whole.getTime());
      }),
    );
  });

  it('should count back exactly the business time it added', () => {
    fc.assert(
      fc.property(instant, fc.integer({ min: 1, max: 60 * 24 * 40 }), (start, amount) => {
        const due = calendar.addBusinessTime(start, businessMinutes(amount));
        expect(calendar.businessMillisBetween(start, due)).toBe(amount * MINUTE);
        expect(calendar.isOpen(new Date(due.getTime() - 1))).toBe(true);
      }),
    );
  });

  it('should split elapsed business time at any midpoint', () => {
    fc.assert(
      fc.property(instant, instant, instant, (x, y, z) => {
        const [a, b, c] = [x, y, z].sort((p, q) => p.getTime() - q.getTime());
        const whole = calendar.businessMillisBetween(a, c);
        expect(calendar.businessMillisBetween(a, b) + calendar.businessMillisBetween(b, c)).toBe(whole);
        expect(whole).toBeGreaterThanOrEqual(0);
        expect(whole).toBeLessThanOrEqual(c.getTime() - a.getTime());
      }),
    );
  });

  it('should keep each business day at its wall-clock opening hours across DST switches', () => {
    fc.assert(
      fc.property(instant, (start) => {
        const date = toLocalDateTime(start, TZ).date;
        const hours = calendar.openingHoursOn(date);
        if (!hours) return;
        expect(hours.open.getTime()).toBe(fromLocalDateTime(date, parseTimeOfDay('08:00'), TZ).getTime());
        expect(hours.close.getTime()).toBe(fromLocalDateTime(date, parseTimeOfDay('17:00'), TZ).getTime());
      }),
    );
  });

  it('should never open on a weekend or a closing holiday', () => {
    fc.assert(
      fc.property(instant, (start) => {
        if (!calendar.isOpen(start)) return;
        const date = toLocalDateTime(start, TZ).date;
        expect(calendar.holidayName(date)).toBeUndefined();
        expect(calendar.isBusinessDay(date)).toBe(true);
        expect([0, 6]).not.toContain(new Date(`${date}T12:00:00Z`).getUTCDay());
      }),
    );
  });

  it('should close on the fixed red days and eves of every year', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2024, max: 2040 }),
        fc.constantFrom('01-01', '01-06', '05-01', '06-06', '12-24', '12-25', '12-26', '12-31'),
        (year, day) => {
          const date = `${year}-${day}`;
          expect(calendar.isBusinessDay(date)).toBe(false);
          expect(calendar.openingHoursOn(date)).toBeNull();
        },
      ),
    );
  });
});
