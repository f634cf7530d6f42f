import { DeviationStatus as S } from '../deviations/deviation.entity';
import { UC_SSBTEK_2024 } from '../agreements/agreements';
import { readSlaClocks } from './sla-clock';

const HOUR = 3_600_000;
const at = (iso: string) => new Date(iso);

describe(readSlaClocks.name, () => {
  // UC hög, received Mon 2 Nov 2026 16:30 Stockholm (15:30Z); support Mon–Fri 08–17.
  const base = {
    agreement: UC_SSBTEK_2024,
    prioritet: 'hög' as const,
    receivedAt: at('2026-11-02T15:30:00Z'),
    resolvedAt: null,
    solvedReports: [],
  };

  it('should stop both clocks while waiting for the party and give no due time until it resumes', () => {
    const reading = readSlaClocks({
      ...base,
      status: S.VäntarPåKomplettering,
      changes: [
        { at: at('2026-11-02T15:30:00Z'), to: S.Inskickad },
        { at: at('2026-11-03T07:45:00Z'), to: S.Mottagen },
        { at: at('2026-11-03T09:00:00Z'), to: S.VäntarPåKomplettering },
      ],
      now: at('2026-11-09T08:00:00Z'),
    });
    expect(reading.paused).toBe(true);
    expect(reading.pauses).toEqual([{ from: at('2026-11-03T09:00:00Z'), to: null, status: S.VäntarPåKomplettering }]);
    expect(reading.resolution).toMatchObject({ elapsedMs: 2.5 * HOUR, state: 'running', dueAt: null });
  });

  it('should pause a reopened deviation while it was solved and run again after', () => {
    const reading = readSlaClocks({
      ...base,
      status: S.Inskickad,
      changes: [
        { at: at('2026-11-02T15:30:00Z'), to: S.Inskickad },
        { at: at('2026-11-02T15:40:00Z'), to: S.Löst },
        { at: at('2026-11-04T07:00:00Z'), to: S.Inskickad },
      ],
      now: at('2026-11-04T09:00:00Z'),
    });
    // 10 min on Monday, then Wed 08:00–10:00.
    expect(reading.resolution).toMatchObject({ elapsedMs: 2 * HOUR + 10 * 60_000, state: 'running', stoppedAt: null });
    expect(reading.pauses).toHaveLength(1);
  });

  it('should stop the resolution clock at the withdrawal', () => {
    const reading = readSlaClocks({
      ...base,
      status: S.Återkallad,
      changes: [
        { at: at('2026-11-02T15:30:00Z'), to: S.Inskickad },
        { at: at('2026-11-02T15:45:00Z'), to: S.Återkallad },
      ],
      now: at('2026-11-09T08:00:00Z'),
    });
    expect(reading.resolution).toMatchObject({ elapsedMs: 15 * 60_000, stoppedBy: 'withdrawn', state: 'met' });
  });

  describe('Åtgärdstid ends when the solution is reported back (UC ch. 5), not when the status changes', () => {
    // Received Mon 16:30, started Tue 08:45, solved Tue 10:00 Stockholm: 0.5 h on Monday + 2 h on Tuesday.
    const solvedTuesday = {
      ...base,
      status: S.Löst,
      changes: [
        { at: at('2026-11-02T15:30:00Z'), to: S.Inskickad },
        { at: at('2026-11-03T07:45:00Z'), to: S.Mottagen },
        { at: at('2026-11-03T09:00:00Z'), to: S.Löst },
      ],
      resolvedAt: at('2026-11-03T09:00:00Z'),
      now: at('2026-11-04T09:00:00Z'),
    };

    it('should stop at the first e-mail delivered, which an SMTP outage may delay', () => {
      const reading = readSlaClocks({
        ...solvedTuesday,
        solvedReports: [{ raisedAt: at('2026-11-03T09:00:00Z'), reportedAt: at('2026-11-03T11:00:00Z') }],
      });
      expect(reading.resolution).toMatchObject({ stoppedAt: at('2026-11-03T11:00:00Z'), stoppedBy: 'notification', elapsedMs: 4.5 * HOUR });
    });

    it('should keep running while the report has not reached the party', () => {
      const reading = readSlaClocks({ ...solvedTuesday, solvedReports: [{ raisedAt: at('2026-11-03T09:00:00Z'), reportedAt: null }] });
      expect(reading.resolution.stoppedAt).toBeNull();
      // Tuesday 08:00–17:00 after Monday's half hour, and Wednesday 08:00–10:00: 0.5 + 9 + 2 business hours.
      expect(reading.resolution.elapsedMs).toBe(11.5 * HOUR);
    });

    it('should ignore a report of an earlier solution that was reopened since', () => {
      const reading = readSlaClocks({
        ...solvedTuesday,
        solvedReports: [
          { raisedAt: at('2026-11-02T15:35:00Z'), reportedAt: at('2026-11-02T15:36:00Z') },
          { raisedAt: at('2026-11-03T09:00:00Z'), reportedAt: at('2026-11-03T09:00:30Z') },
        ],
      });
      expect(reading.resolution.stoppedAt).toEqual(at('2026-11-03T09:00:30Z'));
    });
  });
});
