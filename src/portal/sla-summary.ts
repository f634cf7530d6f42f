import type { ClockReading, SlaReading } from '../sla/sla-clock';

/** One open deviation's SLA at a glance, as its row on the start page shows it. */
export interface SlaSummary {
  /** The clock that runs now: the response clock until the first answer, then the resolution clock. */
  clock: 'response' | 'resolution';
  state: 'running' | 'paused' | 'breached';
  /** The time left to the target, or (breached) past it, in the units the clock counts (business time for most targets). */
  leftMs: number;
  /** When the target is reached, if the clock runs on; none while paused. */
  dueAt: Date | null;
}

/**
 * The summary of a reading, or null when nothing runs any more (solved, closed, withdrawn): a start page lists what
 * needs someone, and a stopped clock needs nobody. A response clock breached and stopped is history once the
 * resolution clock runs, so the row shows the clock that runs.
 */
export function slaSummaryOf(reading: SlaReading): SlaSummary | null {
  if (reading.resolution.stoppedAt) return null;
  const clock: ClockReading = reading.response.stoppedAt ? reading.resolution : reading.response;
  return {
    clock: reading.response.stoppedAt ? 'resolution' : 'response',
    state: clock.state === 'breached' ? 'breached' : reading.paused ? 'paused' : 'running',
    leftMs: Math.abs(clock.targetMs - clock.elapsedMs),
    dueAt: reading.paused ? null : clock.dueAt,
  };
}

/** A duration as whole hours and minutes, for the catalogue's `start.sla.duration`. */
export function hoursAndMinutes(ms: number): { hours: number; minutes: number } {
  const minutes = Math.floor(ms / 60_000);
  return { hours: Math.floor(minutes / 60), minutes: minutes % 60 };
}
