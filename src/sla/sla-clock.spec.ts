import { DeviationStatus as S } from '../deviations/deviation.entity';
import { UC_SSBTEK_2024 } from './agreements';
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
    solvedNotificationsAt: [],
  };

  it('should stop both clocks while waiting for the party and give no due time until it resumes', () => {
    const reading = readSlaClocks({
      ...base,
      status: S.VantarPaKomplettering,
      changes: [
        { at: at('2026-11-02T15:30:00Z'), to: S.Inskickad },
        { at: at('2026-11-03T07:45:00Z'), to: S.Mottagen },
        { at: at('2026-11-03T09:00:00Z'), to: S.VantarPaKomplettering },
      ],
      now: at('2026-11-09T08:00:00Z'),
    });
    expect(reading.paused).toBe(true);
    expect(reading.pauses).toEqual([{ from: at('2026-11-03T09:00:00Z'), to: null, status: S.VantarPaKomplettering }]);
    expect(reading.resolution).toMatchObject({ elapsedMs: 2.5 * HOUR, state: 'running', dueAt: null });
  });

  it('should pause a reopened deviation while it was solved and run again after', () => {
    const reading = readSlaClocks({
      ...base,
      status: S.Inskickad,
      changes: [
        { at: at('2026-11-02T15:30:00Z'), to: S.Inskickad },
        { at: at('2026-11-02T15:40:00Z'), to: S.Lost },
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
      status: S.Aterkallad,
      changes: [
        { at: at('2026-11-02T15:30:00Z'), to: S.Inskickad },
        { at: at('2026-11-02T15:45:00Z'), to: S.Aterkallad },
      ],
      now: at('2026-11-09T08:00:00Z'),
    });
    expect(reading.resolution).toMatchObject({ elapsedMs: 15 * 60_000, stoppedBy: 'withdrawn', state: 'met' });
  });
});
