import { DeviationStatus as S } from '../deviations/deviation.entity';
import { UC_SSBTEK_2024, type AgreementDefinition, type ServiceTarget } from '../agreements/agreements';
import { readSlaClocks, targetText, type SlaInput } from './sla-clock';

const HOUR = 3_600_000;
/** A Stockholm wall time in November 2026 (UTC+1): `local('06T15:00')` is Friday 6 November, 15:00. */
const local = (dayAndTime: string) => new Date(`2026-11-${dayAndTime}:00+01:00`);

/** The UC with another target for `hög`, to reach the clock-time and zero-target branches no shipped table has. */
function withHög(code: string, hög: ServiceTarget): AgreementDefinition {
  return { ...UC_SSBTEK_2024, code, targets: { incident: { ...UC_SSBTEK_2024.targets.incident, hög } } };
}

describe(`${readSlaClocks.name}: clock-time targets`, () => {
  // 4 hours to start and 2 calendar days to solve, both around the clock; received Friday 15:00.
  const clockTime = withHög('CLOCK_TIME', { response: { amount: 4, unit: 'hours' }, resolution: { amount: 2, unit: 'calendar_days' } });
  const input: SlaInput = {
    agreement: clockTime,
    prioritet: 'hög',
    receivedAt: local('06T15:00'),
    status: S.Åtgärdas,
    changes: [
      { at: local('06T15:00'), to: S.Inskickad },
      { at: local('06T21:00'), to: S.UnderUtredning },
      { at: local('07T09:00'), to: S.VäntarPåKomplettering },
      { at: local('07T13:00'), to: S.Åtgärdas },
    ],
    resolvedAt: null,
    solvedReports: [],
    now: local('08T15:00'),
  };

  it('should count wall time through the night and the weekend, the later pause not yet begun at the start', () => {
    expect(readSlaClocks(input).response).toMatchObject({
      targetMs: 4 * HOUR,
      elapsedMs: 6 * HOUR,
      percentUsed: 150,
      state: 'breached',
      dueAt: local('06T19:00'),
      stoppedAt: local('06T21:00'),
    });
  });

  it('should leave the pause out of the elapsed time and push the due time past it', () => {
    // 48 hours since Friday 15:00 less Saturday's four paused hours; the 30 h left after the pause end Sunday 19:00.
    expect(readSlaClocks(input).resolution).toMatchObject({
      targetMs: 48 * HOUR,
      elapsedMs: 44 * HOUR,
      percentUsed: 91.7,
      state: 'running',
      dueAt: local('08T19:00'),
    });
  });

  it('should count a pause still open at now up to now only', () => {
    const waiting = readSlaClocks({ ...input, status: S.VäntarPåKomplettering, changes: input.changes.slice(0, 3) });
    // Friday 15:00 to Saturday 09:00, then paused: 18 hours, and no due time while the pause lasts.
    expect(waiting.resolution).toMatchObject({ elapsedMs: 18 * HOUR, state: 'running', dueAt: null });
  });
});

describe(`${readSlaClocks.name}: a zero target`, () => {
  const zero = withHög('ZERO', { response: { amount: 0, unit: 'business_minutes' }, resolution: { amount: 2, unit: 'working_days' } });
  const input = { agreement: zero, prioritet: 'hög' as const, receivedAt: local('02T08:00'), resolvedAt: null, solvedReports: [] };

  it('should be met at 0 % when the case started at once', () => {
    const reading = readSlaClocks({
      ...input,
      status: S.UnderUtredning,
      changes: [{ at: local('02T08:00'), to: S.UnderUtredning }],
      now: local('02T12:00'),
    });
    expect(reading.response).toMatchObject({ targetMs: 0, elapsedMs: 0, percentUsed: 0, state: 'met', dueAt: local('02T08:00') });
  });

  it('should be breached at an infinite share once any business time passed', () => {
    const reading = readSlaClocks({ ...input, status: S.Mottagen, changes: [], now: local('02T08:01') });
    expect(reading.response).toMatchObject({ targetMs: 0, elapsedMs: 60_000, percentUsed: Infinity, state: 'breached' });
  });
});

describe(targetText.name, () => {
  it.each([
    [{ amount: 30, unit: 'minutes' }, '30 minuter'],
    [{ amount: 4, unit: 'hours' }, '4 timmar'],
    [{ amount: 6, unit: 'calendar_days' }, '6 kalenderdagar'],
    [{ amount: 60, unit: 'business_minutes' }, '60 minuter inom supporttid'],
    [{ amount: 8, unit: 'business_hours' }, '8 timmar inom supporttid'],
    [{ amount: 2, unit: 'working_days' }, '2 arbetsdagar'],
  ] as const)('should write %j as %s', (target, text) => {
    expect(targetText(target)).toBe(text);
  });
});

describe(`${readSlaClocks.name}: a target spent exactly when a pause begins`, () => {
  const clockTime = withHög('CLOCK_TIME_EDGE', {
    response: { amount: 4, unit: 'hours' },
    resolution: { amount: 2, unit: 'calendar_days' },
  });

  it('should be due at the instant the pause begins, not when it ends', () => {
    // Received Friday 15:00 with 4 hours to start; the party is asked for more at 19:00 and answers at 21:00.
    const reading = readSlaClocks({
      agreement: clockTime,
      prioritet: 'hög',
      receivedAt: local('06T15:00'),
      status: S.Åtgärdas,
      changes: [
        { at: local('06T15:00'), to: S.Inskickad },
        { at: local('06T19:00'), to: S.VäntarPåKomplettering },
        { at: local('06T21:00'), to: S.Åtgärdas },
      ],
      resolvedAt: null,
      solvedReports: [],
      now: local('06T22:00'),
    });
    expect(reading.response).toMatchObject({ elapsedMs: 4 * HOUR, state: 'met', dueAt: local('06T19:00') });
  });
});
