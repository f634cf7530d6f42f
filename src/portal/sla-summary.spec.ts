import type { ClockReading, SlaReading } from '../sla/sla-clock';
import { hoursAndMinutes, slaSummaryOf } from './sla-summary';

const HOUR = 3_600_000;
const due = new Date('2026-12-07T09:00:00Z');

function clock(overrides: Partial<ClockReading> = {}): ClockReading {
  return {
    target: { amount: 8, unit: 'business_hours' },
    targetMs: 8 * HOUR,
    elapsedMs: 2 * HOUR,
    percentUsed: 25,
    state: 'running',
    dueAt: due,
    stoppedAt: null,
    ...overrides,
  };
}

function reading(overrides: { response?: Partial<ClockReading>; resolution?: Partial<ClockReading>; paused?: boolean } = {}): SlaReading {
  return {
    agreementCode: 'UC-SSBTEK-2024',
    prioritet: 'hög',
    receivedAt: new Date('2026-12-05T09:00:00Z'),
    response: clock(overrides.response),
    resolution: { ...clock({ targetMs: 40 * HOUR, ...overrides.resolution }), stoppedBy: null },
    paused: overrides.paused ?? false,
    pauses: [],
  };
}

describe('slaSummaryOf', () => {
  it('should show the response clock until it stops, with the time left to its target', () => {
    expect(slaSummaryOf(reading())).toEqual({ clock: 'response', state: 'running', leftMs: 6 * HOUR, dueAt: due });
  });

  it('should show the resolution clock once answered, even when the response was late', () => {
    const summary = slaSummaryOf(reading({ response: { stoppedAt: due, state: 'breached' }, resolution: { elapsedMs: 10 * HOUR } }));
    expect(summary).toEqual({ clock: 'resolution', state: 'running', leftMs: 30 * HOUR, dueAt: due });
  });

  it('should say paused without a due time while the deviation waits for the party', () => {
    expect(slaSummaryOf(reading({ paused: true }))).toEqual({ clock: 'response', state: 'paused', leftMs: 6 * HOUR, dueAt: null });
  });

  it('should say breached, and by how much, past the target', () => {
    expect(slaSummaryOf(reading({ response: { elapsedMs: 11 * HOUR, state: 'breached' } }))).toMatchObject({
      state: 'breached',
      leftMs: 3 * HOUR,
    });
  });

  it('should show nothing once the resolution clock has stopped', () => {
    expect(slaSummaryOf(reading({ response: { stoppedAt: due }, resolution: { stoppedAt: due, state: 'met' } }))).toBeNull();
  });

  it('should split a duration into whole hours and minutes', () => {
    expect(hoursAndMinutes(26 * HOUR + 59 * 60_000 + 59_999)).toEqual({ hours: 26, minutes: 59 });
  });
});
