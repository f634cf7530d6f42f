import { DeviationStatus as S } from '../deviations/deviation.entity';
import { UC_SSBTEK_2024 } from '../agreements/agreements';
import { readSlaClocks, type SlaInput } from './sla-clock';

const HOUR = 3_600_000;
/** A Stockholm wall time in November 2026 (UTC+1): `local('02T08:00')` is Monday 2 November, 08:00. */
const local = (dayAndTime: string) => new Date(`2026-11-${dayAndTime}:00+01:00`);

// UC hög, received at Monday's opening: Åtgärdastid 2 working days, 18 business hours.
const base: Omit<SlaInput, 'status' | 'changes'> = {
  agreement: UC_SSBTEK_2024,
  prioritet: 'hög',
  receivedAt: local('02T08:00'),
  resolvedAt: null,
  solvedReports: [],
  now: local('05T12:00'),
};
const submitted = { at: local('02T08:00'), to: S.Inskickad };

describe(`${readSlaClocks.name}: where Åtgärdstid stops`, () => {
  it('should stop when solved, not when a solved deviation is later closed', () => {
    const reading = readSlaClocks({
      ...base,
      status: S.Stängd,
      changes: [submitted, { at: local('02T10:00'), to: S.Löst }, { at: local('02T14:00'), to: S.Stängd }],
      resolvedAt: local('02T10:00'),
    });
    expect(reading.resolution).toMatchObject({ stoppedAt: local('02T10:00'), stoppedBy: 'resolved_at', elapsedMs: 2 * HOUR, state: 'met' });
  });

  it('should read a history whose first recorded move is the solution', () => {
    const reading = readSlaClocks({
      ...base,
      status: S.Stängd,
      changes: [
        { at: local('02T09:00'), to: S.Löst },
        { at: local('02T11:00'), to: S.Stängd },
      ],
    });
    expect(reading.resolution).toMatchObject({ stoppedAt: local('02T09:00'), stoppedBy: 'status_history' });
  });

  it('should stop at the last solution after a reopening, whatever resolved_at still says of the first', () => {
    const reading = readSlaClocks({
      ...base,
      status: S.Löst,
      changes: [
        submitted,
        { at: local('02T09:00'), to: S.Löst },
        { at: local('02T10:00'), to: S.Inskickad },
        { at: local('02T13:00'), to: S.Löst },
      ],
      resolvedAt: local('02T09:00'),
    });
    // 1 h before the first solution and 3 h after the reopening; the hour it stood solved is paused.
    expect(reading.resolution).toMatchObject({ stoppedAt: local('02T13:00'), stoppedBy: 'status_history', elapsedMs: 4 * HOUR });
  });

  it('should take resolved_at when the status is solved but the history lacks the move, and nothing without either', () => {
    const input = { ...base, status: S.Löst, changes: [submitted] };
    expect(readSlaClocks({ ...input, resolvedAt: local('02T11:00') }).resolution).toMatchObject({
      stoppedAt: local('02T11:00'),
      stoppedBy: 'resolved_at',
    });
    expect(readSlaClocks(input).resolution).toMatchObject({ stoppedAt: null, stoppedBy: null, state: 'breached' });
    expect(readSlaClocks({ ...input, changes: [], resolvedAt: local('02T11:00') }).resolution.stoppedBy).toBe('resolved_at');
  });

  it('should go by the current status when the history lags behind it', () => {
    const reading = readSlaClocks({ ...base, status: S.Åtgärdas, changes: [submitted, { at: local('02T09:00'), to: S.Löst }] });
    expect(reading.resolution).toMatchObject({ stoppedAt: null, stoppedBy: null });
  });

  it('should stop at the closing of a deviation closed without being solved, whatever was reported', () => {
    const reading = readSlaClocks({
      ...base,
      status: S.Stängd,
      changes: [submitted, { at: local('02T10:00'), to: S.Stängd }],
      solvedReports: [{ raisedAt: local('02T10:30'), reportedAt: local('02T12:00') }],
    });
    expect(reading.resolution).toMatchObject({ stoppedAt: local('02T10:00'), stoppedBy: 'status_history' });
  });

  it('should take the earliest report raised since the solution, in whatever order they come', () => {
    const reading = readSlaClocks({
      ...base,
      status: S.Löst,
      changes: [submitted, { at: local('02T10:00'), to: S.Löst }],
      solvedReports: [
        { raisedAt: local('02T10:30'), reportedAt: local('02T10:31') },
        { raisedAt: local('02T11:00'), reportedAt: local('02T11:01') },
        { raisedAt: local('02T10:05'), reportedAt: local('02T12:00') },
        { raisedAt: local('02T10:20'), reportedAt: local('02T10:21') },
      ],
    });
    expect(reading.resolution).toMatchObject({ stoppedAt: local('02T12:00'), stoppedBy: 'notification', elapsedMs: 4 * HOUR });
  });

  it('should stop a withdrawn deviation at now when the history lacks the withdrawal', () => {
    const input = { ...base, status: S.Återkallad, now: local('02T10:00') };
    const reading = readSlaClocks({ ...input, changes: [submitted, { at: local('02T08:30'), to: S.Mottagen }] });
    expect(reading.resolution).toMatchObject({ stoppedAt: local('02T10:00'), stoppedBy: 'withdrawn', elapsedMs: 2 * HOUR });
    expect(readSlaClocks({ ...input, changes: [] }).resolution.stoppedAt).toEqual(local('02T10:00'));
  });
});
