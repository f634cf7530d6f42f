import { formatWhen } from './format-when';

describe(formatWhen.name, () => {
  it('should give a moment in Stockholm time, summer and winter, in the style asked for', () => {
    expect(formatWhen(new Date('2026-07-01T06:30:00Z'), 'sv', 'medium')).toBe('1 juli 2026 08:30');
    expect(formatWhen('2026-07-01T06:30:00.000Z', 'sv', 'long')).toBe('1 juli 2026 kl. 08:30');
    expect(formatWhen(new Date('2026-01-15T06:30:00Z'), 'sv', 'medium')).toBe('15 jan. 2026 07:30');
    expect(formatWhen('2026-01-15T06:30:00Z', 'en', 'medium')).toBe('15 Jan 2026, 07:30');
    expect(formatWhen(new Date('2026-01-15T06:30:00Z'), 'en', 'long')).toBe('15 January 2026 at 07:30');
  });

  it('should give a calendar date as its own day, without a time', () => {
    expect(formatWhen('2026-12-31', 'sv', 'long')).toBe('31 december 2026');
    expect(formatWhen('2026-12-31', 'en', 'medium')).toBe('31 Dec 2026');
  });

  it('should return what is no date as it came, and nothing for an invalid Date', () => {
    expect(formatWhen('inte ett datum', 'sv', 'long')).toBe('inte ett datum');
    expect(formatWhen('2026-13-45T99:00', 'en', 'medium')).toBe('2026-13-45T99:00');
    expect(formatWhen(undefined, 'sv', 'medium')).toBe('');
    expect(formatWhen(new Date(Number.NaN), 'sv', 'medium')).toBe('');
  });
});
