import fc from 'fast-check';
import {
  addDays,
  assertLocalDate,
  daysBetween,
  daysInMonth,
  fromLocalDateTime,
  isoWeekday,
  msOfDay,
  parseTimeOfDay,
  toLocalDate,
  toLocalDateTime,
} from './time-zone';

const TZ = 'Europe/Stockholm';
const HOUR = 3_600_000;

function wallClock(iso: string): string {
  const local = toLocalDateTime(new Date(iso), TZ);
  const pad = (value: number) => String(value).padStart(2, '0');
  return `${local.date} ${pad(local.hour)}:${pad(local.minute)}:${pad(local.second)}`;
}

describe('toLocalDateTime', () => {
  it('should read UTC+1 in winter and UTC+2 in summer', () => {
    expect(wallClock('2026-01-15T12:00:00Z')).toBe('2026-01-15 13:00:00');
    expect(wallClock('2026-07-15T12:00:00Z')).toBe('2026-07-15 14:00:00');
  });

  it('should show midnight as hour 0 of the new day', () => {
    expect(wallClock('2025-12-31T23:00:00Z')).toBe('2026-01-01 00:00:00');
    expect(toLocalDate(new Date('2025-12-31T22:59:59Z'), TZ)).toBe('2025-12-31');
  });

  it('should jump from 02:00 to 03:00 on the last Sunday of March', () => {
    expect(wallClock('2026-03-29T00:59:59Z')).toBe('2026-03-29 01:59:59');
    expect(wallClock('2026-03-29T01:00:00Z')).toBe('2026-03-29 03:00:00');
  });

  it('should repeat 02:00–03:00 on the last Sunday of October', () => {
    expect(wallClock('2026-10-25T00:30:00Z')).toBe('2026-10-25 02:30:00');
    expect(wallClock('2026-10-25T01:30:00Z')).toBe('2026-10-25 02:30:00');
    expect(wallClock('2026-10-25T02:00:00Z')).toBe('2026-10-25 03:00:00');
  });

  it('should keep milliseconds and the ISO weekday', () => {
    const local = toLocalDateTime(new Date('2026-06-19T08:15:30.250Z'), TZ);
    expect(local).toEqual({
      date: '2026-06-19',
      year: 2026,
      month: 6,
      day: 19,
      hour: 10,
      minute: 15,
      second: 30,
      millisecond: 250,
      weekday: 5,
    });
    expect(msOfDay(local)).toBe(10 * HOUR + 15 * 60_000 + 30_250);
  });

  it('should read every instant as Intl does, in zones with quarter- and half-hour offsets and DST shifts too', () => {
    // The reference: Intl's own reading, every time (toLocalDateTime remembers offsets per quarter hour).
    const intlReading = (instant: Date, timeZone: string) => {
      const parts = Object.fromEntries(
        new Intl.DateTimeFormat('en-US', {
          timeZone,
          hourCycle: 'h23',
          year: 'numeric',
          month: '2-digit',
          day: '2-digit',
          hour: '2-digit',
          minute: '2-digit',
          second: '2-digit',
        })
          .formatToParts(instant)
          .filter((part) => part.type !== 'literal')
          .map((part) => [part.type, Number(part.value)]),
      );
      return { year: parts.year, month: parts.month, day: parts.day, hour: parts.hour, minute: parts.minute, second: parts.second };
    };
    const zones = fc.constantFrom(TZ, 'Asia/Kathmandu', 'Australia/Lord_Howe', 'America/St_Johns', 'UTC');
    // Instants near the DST switches of 2026 are drawn as often as any other: a transition inside a quarter hour
    // must be read exactly, and the quarter hours on either side must not take each other's offset.
    const near = fc.constantFrom(
      Date.UTC(2026, 2, 29, 1),
      Date.UTC(2026, 9, 25, 1),
      Date.UTC(2026, 3, 4, 15),
      Date.UTC(2026, 9, 3, 15, 30),
    );
    const instant = fc.oneof(
      fc.date({ min: new Date('1975-01-01T00:00:00Z'), max: new Date('2045-12-31T00:00:00Z'), noInvalidDate: true }),
      fc.tuple(near, fc.integer({ min: -HOUR, max: HOUR })).map(([at, ms]) => new Date(at + ms)),
    );
    fc.assert(
      fc.property(instant, zones, (at, zone) => {
        const { date, millisecond, weekday, ...reading } = toLocalDateTime(at, zone);
        expect(reading).toEqual(intlReading(at, zone));
        expect(date).toBe(`${reading.year}-${String(reading.month).padStart(2, '0')}-${String(reading.day).padStart(2, '0')}`);
        expect(millisecond).toBe(((at.getTime() % 1000) + 1000) % 1000);
        expect(weekday).toBe(isoWeekday(date));
      }),
      { numRuns: 3000 },
    );
  });

  it('should reject an invalid Date', () => {
    expect(() => toLocalDateTime(new Date('nonsense'), TZ)).toThrow(RangeError);
  });
});

describe('fromLocalDateTime', () => {
  it('should convert wall-clock times on ordinary days', () => {
    expect(fromLocalDateTime('2026-01-15', 8 * HOUR, TZ).toISOString()).toBe('2026-01-15T07:00:00.000Z');
    expect(fromLocalDateTime('2026-07-15', 17 * HOUR, TZ).toISOString()).toBe('2026-07-15T15:00:00.000Z');
  });

  it('should read 24:00 as the next day’s midnight', () => {
    expect(fromLocalDateTime('2026-12-31', 24 * HOUR, TZ).toISOString()).toBe('2026-12-31T23:00:00.000Z');
  });

  it('should convert the wall times either side of the spring gap', () => {
    expect(fromLocalDateTime('2026-03-29', 1.5 * HOUR, TZ).toISOString()).toBe('2026-03-29T00:30:00.000Z');
    expect(fromLocalDateTime('2026-03-29', 3 * HOUR, TZ).toISOString()).toBe('2026-03-29T01:00:00.000Z');
    expect(fromLocalDateTime('2026-03-29', 8 * HOUR, TZ).toISOString()).toBe('2026-03-29T06:00:00.000Z');
  });

  it('should move a wall time skipped in spring forward by the gap', () => {
    expect(fromLocalDateTime('2026-03-29', 2.5 * HOUR, TZ).toISOString()).toBe('2026-03-29T01:30:00.000Z');
  });

  it('should take the first, summer-time occurrence of a wall time repeated in autumn', () => {
    expect(fromLocalDateTime('2026-10-25', 2.5 * HOUR, TZ).toISOString()).toBe('2026-10-25T00:30:00.000Z');
    expect(fromLocalDateTime('2026-10-25', 1.99 * HOUR, TZ).toISOString()).toBe('2026-10-24T23:59:24.000Z');
    expect(fromLocalDateTime('2026-10-25', 3 * HOUR, TZ).toISOString()).toBe('2026-10-25T02:00:00.000Z');
    expect(fromLocalDateTime('2026-10-25', 8 * HOUR, TZ).toISOString()).toBe('2026-10-25T07:00:00.000Z');
  });

  it('should round-trip every quarter hour of both DST days outside the ambiguous hours', () => {
    for (const date of ['2026-03-29', '2026-10-25']) {
      for (let ms = 0; ms < 24 * HOUR; ms += HOUR / 4) {
        if (ms >= 2 * HOUR && ms < 3 * HOUR) continue;
        const local = toLocalDateTime(fromLocalDateTime(date, ms, TZ), TZ);
        expect([local.date, msOfDay(local)]).toEqual([date, ms]);
      }
    }
  });

  it('should reject a time of day outside 0–24 h and a malformed date', () => {
    expect(() => fromLocalDateTime('2026-01-15', -1, TZ)).toThrow(RangeError);
    expect(() => fromLocalDateTime('2026-01-15', 24 * HOUR + 1, TZ)).toThrow(RangeError);
    expect(() => fromLocalDateTime('2026-02-29', 0, TZ)).toThrow(RangeError);
  });
});

describe('local date arithmetic', () => {
  it('should give ISO weekdays', () => {
    expect(isoWeekday('2026-03-29')).toBe(7);
    expect(isoWeekday('2026-03-30')).toBe(1);
    expect(isoWeekday('2026-06-19')).toBe(5);
  });

  it('should add days across month, year and leap-day boundaries', () => {
    expect(addDays('2026-01-31', 1)).toBe('2026-02-01');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
  });

  it('should count whole days between dates regardless of DST', () => {
    expect(daysBetween('2026-03-28', '2026-03-30')).toBe(2);
    expect(daysBetween('2026-10-26', '2026-10-24')).toBe(-2);
    expect(daysBetween('2026-12-20', '2027-01-20')).toBe(31);
  });

  it('should know month lengths', () => {
    expect(daysInMonth(2026, 2)).toBe(28);
    expect(daysInMonth(2028, 2)).toBe(29);
    expect(daysInMonth(2026, 12)).toBe(31);
  });

  it('should reject malformed and impossible dates', () => {
    expect(() => assertLocalDate('2026-6-1')).toThrow(RangeError);
    expect(() => assertLocalDate('2026-13-01')).toThrow(RangeError);
    expect(() => assertLocalDate('2026-04-31')).toThrow(RangeError);
    expect(() => assertLocalDate('2026-04-30')).not.toThrow();
  });
});

describe('parseTimeOfDay', () => {
  it('should parse HH:mm including 24:00', () => {
    expect(parseTimeOfDay('08:00')).toBe(8 * HOUR);
    expect(parseTimeOfDay('16:30')).toBe(16.5 * HOUR);
    expect(parseTimeOfDay('24:00')).toBe(24 * HOUR);
  });

  it('should reject anything else', () => {
    for (const bad of ['8:00', '24:01', '12:60', '25:00', '0800', '']) {
      expect(() => parseTimeOfDay(bad)).toThrow(RangeError);
    }
  });
});
