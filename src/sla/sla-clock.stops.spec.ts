import { DeviationStatus as S } from '../deviations/deviation.entity';
import { UC_SSBTEK_2024 } from '../agreements/agreements';
import { readSlaClocks, type SlaInput } from './sla-clock';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
/** A Stockholm wall time in November 2026 (UTC+1): `local('02T08:00')` is Monday 2 November, 08:00. */
const local = (dayAndTime: string) => new Date(`2026-11-${dayAndTime}:00+01:00`);

// UC hög: Responstid 60 business minutes, Åtgärdstid 2 working days; support Mon–Fri 08–17. Received at Monday's opening.
const base: Omit<SlaInput, 'status' | 'changes' | 'now'> = {
  agreement: UC_SSBTEK_2024,
  prioritet: 'hög',
  receivedAt: local('02T08:00'),
  resolvedAt: null,
  solvedReports: [],
};

describe(`${readSlaClocks.name}: what stops Responstid`, () => {
  it('should stop at the first status beyond mottagen, reading the history in time order whatever order it comes in', () => {
    const reading = readSlaClocks({
      ...base,
      status: S.Åtgärdas,
      changes: [
        { at: local('02T09:30'), to: S.Åtgärdas },
        { at: local('01T12:00'), to: S.UnderUtredning },
        { at: local('02T08:00'), to: S.Inskickad },
        { at: local('02T08:40'), to: S.UnderUtredning },
        { at: local('02T08:20'), to: S.Mottagen },
      ],
      now: local('02T12:00'),
    });
    // The change on Sunday predates the receipt and is ignored; mottagen does not count as started.
    expect(reading.response).toMatchObject({ stoppedAt: local('02T08:40'), elapsedMs: 40 * MINUTE, targetMs: HOUR, state: 'met' });
    expect(reading.response.percentUsed).toBe(66.7);
    expect(reading.response.dueAt).toEqual(local('02T09:00'));
    expect(reading.paused).toBe(false);
  });

  it('should count a start recorded at the very instant of receipt', () => {
    const reading = readSlaClocks({
      ...base,
      status: S.UnderUtredning,
      changes: [{ at: local('02T08:00'), to: S.UnderUtredning }],
      now: local('02T12:00'),
    });
    expect(reading.response).toMatchObject({ stoppedAt: local('02T08:00'), elapsedMs: 0, percentUsed: 0, state: 'met' });
  });

  it('should stop at a withdrawal before anyone started', () => {
    const reading = readSlaClocks({
      ...base,
      status: S.Återkallad,
      changes: [
        { at: local('02T08:00'), to: S.Inskickad },
        { at: local('02T08:15'), to: S.Återkallad },
      ],
      now: local('03T12:00'),
    });
    expect(reading.response).toMatchObject({ stoppedAt: local('02T08:15'), elapsedMs: 15 * MINUTE, state: 'met' });
  });

  it('should keep running while only received, and be breached past the target though still running', () => {
    const input = { ...base, status: S.Mottagen, changes: [{ at: local('02T08:20'), to: S.Mottagen }] };
    expect(readSlaClocks({ ...input, now: local('02T08:30') }).response).toMatchObject({
      stoppedAt: null,
      elapsedMs: 30 * MINUTE,
      percentUsed: 50,
      state: 'running',
    });
    expect(readSlaClocks({ ...input, now: local('02T09:30') }).response).toMatchObject({
      elapsedMs: 90 * MINUTE,
      percentUsed: 150,
      state: 'breached',
    });
  });

  it('should call a start exactly at the target met, not breached', () => {
    const reading = readSlaClocks({
      ...base,
      status: S.UnderUtredning,
      changes: [{ at: local('02T09:00'), to: S.UnderUtredning }],
      now: local('02T12:00'),
    });
    expect(reading.response).toMatchObject({ elapsedMs: HOUR, percentUsed: 100, state: 'met' });
  });
});

describe(`${readSlaClocks.name}: pauses`, () => {
  it('should pause from väntar på komplettering until the next move, and count the due time past the pause', () => {
    const reading = readSlaClocks({
      ...base,
      status: S.Åtgärdas,
      changes: [
        { at: local('02T08:00'), to: S.Inskickad },
        { at: local('02T08:30'), to: S.UnderUtredning },
        { at: local('02T09:00'), to: S.VäntarPåKomplettering },
        { at: local('02T11:00'), to: S.Åtgärdas },
      ],
      now: local('02T12:00'),
    });
    expect(reading.paused).toBe(false);
    expect(reading.pauses).toEqual([{ from: local('02T09:00'), to: local('02T11:00'), status: S.VäntarPåKomplettering }]);
    // Two working days from Monday's opening are 18 business hours: 1 h before the pause, 6 h on Monday after it,
    // 9 h on Tuesday, and the last 2 h on Wednesday morning.
    expect(reading.resolution).toMatchObject({ targetMs: 18 * HOUR, elapsedMs: 2 * HOUR, percentUsed: 11.1, state: 'running' });
    expect(reading.resolution.dueAt).toEqual(local('04T10:00'));
  });

  it('should not pause a solved deviation that was then withdrawn or closed', () => {
    const withdrawn = readSlaClocks({
      ...base,
      status: S.Återkallad,
      changes: [
        { at: local('02T08:00'), to: S.Inskickad },
        { at: local('02T09:00'), to: S.Löst },
        { at: local('02T10:00'), to: S.Återkallad },
      ],
      now: local('03T12:00'),
    });
    expect(withdrawn.pauses).toEqual([]);
    expect(withdrawn.resolution).toMatchObject({ stoppedAt: local('02T10:00'), stoppedBy: 'withdrawn', elapsedMs: 2 * HOUR });
  });

  it('should trust a current väntar på komplettering that the history lacks, from the last recorded move', () => {
    const reading = readSlaClocks({
      ...base,
      status: S.VäntarPåKomplettering,
      changes: [
        { at: local('02T08:00'), to: S.Inskickad },
        { at: local('02T08:30'), to: S.Mottagen },
        { at: local('02T09:00'), to: S.UnderUtredning },
      ],
      now: local('02T12:00'),
    });
    expect(reading.paused).toBe(true);
    expect(reading.pauses).toEqual([{ from: local('02T09:00'), to: null, status: S.VäntarPåKomplettering }]);
    expect(reading.resolution).toMatchObject({ elapsedMs: HOUR, dueAt: null });
    const noHistory = readSlaClocks({ ...base, status: S.VäntarPåKomplettering, changes: [], now: local('02T12:00') });
    expect(noHistory.pauses).toEqual([{ from: new Date(0), to: null, status: S.VäntarPåKomplettering }]);
  });

  it('should drop a pause that ended the instant it began', () => {
    const reading = readSlaClocks({
      ...base,
      status: S.Åtgärdas,
      changes: [
        { at: local('02T08:00'), to: S.Inskickad },
        { at: local('02T09:00'), to: S.VäntarPåKomplettering },
        { at: local('02T09:00'), to: S.Åtgärdas },
      ],
      now: local('02T12:00'),
    });
    expect(reading.pauses).toEqual([]);
    expect(reading.resolution.elapsedMs).toBe(4 * HOUR);
  });
});
