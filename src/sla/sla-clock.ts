// The two SLA clocks of a deviation, read from its receipt time and status history. Pure: the caller loads the
// history and says what "now" is.
import { DeviationStatus as S } from '../deviations/deviation.entity';
import type { AgreementDefinition, Duration } from '../agreements/agreements';
import { BusinessCalendar } from '../agreements/business-calendar';
import type { Prioritet } from '../agreements/priority';

/** One status change from the audit trail. */
export interface StatusChange {
  at: Date;
  to: S;
}

/** A stretch during which both clocks stand still, with the status that stopped them. */
export interface SlaPause {
  from: Date;
  /** `null` while still paused. */
  to: Date | null;
  status: S;
}

/**
 * - `running`: not stopped and still within the target.
 * - `met`: stopped within the target.
 * - `breached`: past the target, whether the clock still runs or not.
 */
export type ClockState = 'running' | 'met' | 'breached';

/** Where the resolution clock's stop ("fixed and reported back", UC chapter 5) was taken from. */
export type ResolutionStopSource =
  /** The creation time of the "lösning satt" notification to the party: the closest we have to "reported back". */
  | 'notification'
  /** `deviation.resolved_at`, when no notification was found. */
  | 'resolved_at'
  /** The time of the status change (closed without being solved first, or no other trace). */
  | 'status_history'
  /** The party withdrew the deviation. */
  | 'withdrawn';

export interface ClockReading {
  target: Duration;
  /** The target in the units the clock counts: business milliseconds, or plain milliseconds for clock-time targets. */
  targetMs: number;
  elapsedMs: number;
  percentUsed: number;
  state: ClockState;
  /** When the target is (or was) reached; `null` while paused before reaching it. */
  dueAt: Date | null;
  stoppedAt: Date | null;
}

export interface SlaReading {
  agreementCode: string;
  prioritet: Prioritet;
  receivedAt: Date;
  /** Responstid: received → first status beyond `inskickad`. */
  response: ClockReading;
  /** Åtgärdstid: received → solved and reported back. */
  resolution: ClockReading & { stoppedBy: ResolutionStopSource | null };
  /** True while the deviation waits for the party (the running clocks stand still). */
  paused: boolean;
  pauses: SlaPause[];
}

export interface SlaInput {
  agreement: AgreementDefinition;
  prioritet: Prioritet;
  receivedAt: Date;
  status: S;
  /** Status changes, any order; those before `receivedAt` are ignored. */
  changes: readonly StatusChange[];
  resolvedAt: Date | null;
  /**
   * The "lösning satt" notifications of the deviation: when each was raised, and when it reached the party (its
   * first e-mail delivered to a confirmed address; the moment it was raised, when it appeared in the party's feed,
   * if there was no confirmed address to e-mail), or null while it has not.
   */
  solvedReports: readonly SolvedReport[];
  now: Date;
}

export interface SolvedReport {
  raisedAt: Date;
  reportedAt: Date | null;
}

/**
 * Statuses that mean the supplier has started on the case: Responstid runs "till status påbörjad" (UC ch. 5), so a
 * case merely `mottagen` (received) still counts.
 */
const BEYOND_SUBMITTED: readonly S[] = [S.UnderUtredning, S.Åtgärdas, S.VäntarPåKomplettering, S.Löst, S.Stängd];
/** The statuses whose first change after receipt stops Responstid: the supplier started, or the party withdrew. */
export const RESPONSE_STOP_STATUSES: readonly S[] = [...BEYOND_SUBMITTED, S.Återkallad];
const RESPONSE_STOPS: ReadonlySet<S> = new Set(RESPONSE_STOP_STATUSES);
const SOLVED: ReadonlySet<S> = new Set([S.Löst, S.Stängd]);
const BUSINESS_UNITS: ReadonlySet<Duration['unit']> = new Set(['business_minutes', 'business_hours', 'working_days']);
const MS_PER_MINUTE = 60_000;

/** Statuses a deviation is open in: submitted and neither solved, closed nor withdrawn. */
export const OPEN_STATUSES: readonly S[] = [S.Inskickad, S.Mottagen, S.UnderUtredning, S.Åtgärdas, S.VäntarPåKomplettering];

/** Both clocks of one deviation at `now`. */
export function readSlaClocks(input: SlaInput): SlaReading {
  const changes = input.changes.filter((c) => c.at >= input.receivedAt).sort((a, b) => a.at.getTime() - b.at.getTime());
  const pauses = pausesOf(changes, input.status);
  const targets = input.agreement.targets.incident[input.prioritet];
  const clock = new SlaClock(input.agreement, input.receivedAt, input.now, pauses);

  const responded = changes.find((c) => RESPONSE_STOPS.has(c.to));
  const resolutionStop = resolutionStopOf(input, changes);
  return {
    agreementCode: input.agreement.code,
    prioritet: input.prioritet,
    receivedAt: input.receivedAt,
    response: clock.read(targets.response, responded?.at ?? null),
    resolution: { ...clock.read(targets.resolution, resolutionStop?.at ?? null), stoppedBy: resolutionStop?.source ?? null },
    paused: input.status === S.VäntarPåKomplettering,
    pauses,
  };
}

/**
 * The clocks stand still while SKR waits for the party (`väntar_på_komplettering`), and, for a deviation the party
 * reopened, while it was solved: the supplier owed nothing on a case everyone took for fixed.
 */
function pausesOf(changes: readonly StatusChange[], current: S): SlaPause[] {
  const pauses: SlaPause[] = [];
  changes.forEach((change, index) => {
    const next = changes[index + 1];
    if (change.to === S.VäntarPåKomplettering) pauses.push({ from: change.at, to: next?.at ?? null, status: change.to });
    else if (change.to === S.Löst && next && !SOLVED.has(next.to) && next.to !== S.Återkallad) {
      pauses.push({ from: change.at, to: next.at, status: change.to });
    }
  });
  // History without the latest move (rows written behind the service's back): trust the current status.
  if (current === S.VäntarPåKomplettering && pauses.at(-1)?.to !== null)
    pauses.push({ from: changes.at(-1)?.at ?? new Date(0), to: null, status: current });
  return pauses.filter((p) => p.to === null || p.to > p.from);
}

function resolutionStopOf(input: SlaInput, changes: readonly StatusChange[]): { at: Date; source: ResolutionStopSource } | null {
  if (input.status === S.Återkallad) {
    const withdrawn = changes.findLast((c) => c.to === S.Återkallad);
    return { at: withdrawn?.at ?? input.now, source: 'withdrawn' };
  }
  if (!SOLVED.has(input.status)) return null;
  // The last time the deviation became solved (after any reopening); closing a solved deviation does not move it.
  let index = changes.length - 1;
  while (index > 0 && SOLVED.has(changes[index - 1].to) && SOLVED.has(changes[index].to)) index -= 1;
  const solved = changes[index];
  if (!solved || !SOLVED.has(solved.to)) {
    return input.resolvedAt ? { at: input.resolvedAt, source: 'resolved_at' } : null;
  }
  if (solved.to === S.Stängd) return { at: solved.at, source: 'status_history' };
  const report = input.solvedReports.filter((r) => r.raisedAt >= solved.at).sort((a, b) => a.raisedAt.getTime() - b.raisedAt.getTime())[0];
  // UC ch. 5: solved *and reported back*. While the e-mail telling the reporter waits (an SMTP outage), the clock runs.
  if (report) return report.reportedAt ? { at: report.reportedAt, source: 'notification' } : null;
  if (input.resolvedAt && input.resolvedAt >= solved.at) return { at: input.resolvedAt, source: 'resolved_at' };
  return { at: solved.at, source: 'status_history' };
}

/** Counting for one deviation: business time of the agreement (or clock time for clock-time targets), minus pauses. */
class SlaClock {
  private readonly calendar: BusinessCalendar;

  constructor(
    agreement: AgreementDefinition,
    private readonly start: Date,
    private readonly now: Date,
    private readonly pauses: readonly SlaPause[],
  ) {
    this.calendar = BusinessCalendar.for(agreement);
  }

  read(target: Duration, stoppedAt: Date | null): ClockReading {
    const business = BUSINESS_UNITS.has(target.unit);
    const targetMs = business
      ? this.calendar.businessMillisBetween(this.start, this.calendar.addBusinessTime(this.start, target))
      : this.calendar.addBusinessTime(this.start, target).getTime() - this.start.getTime();
    const end = stoppedAt ?? this.now;
    const pauses = pausesUntil(this.pauses, end);
    const elapsedMs = business ? this.calendar.businessMillisBetween(this.start, end, pauses) : wallMillisBetween(this.start, end, pauses);
    const breached = elapsedMs > targetMs;
    return {
      target,
      targetMs,
      elapsedMs,
      percentUsed: targetMs > 0 ? Math.round((elapsedMs / targetMs) * 1000) / 10 : elapsedMs > 0 ? Infinity : 0,
      state: breached ? 'breached' : stoppedAt ? 'met' : 'running',
      dueAt: this.dueAt(targetMs, business),
      stoppedAt,
    };
  }

  /**
   * Walks the running stretches between pauses from receipt on and spends the target in them: the instant it runs
   * out is the due time. A pause that has not ended yet stops the walk (the due time is not known until it ends).
   */
  private dueAt(targetMs: number, business: boolean): Date | null {
    let remaining = targetMs;
    let from = this.start;
    const pauses = [...this.pauses].sort((a, b) => a.from.getTime() - b.from.getTime());
    for (const pause of [...pauses, null]) {
      const until = pause?.from ?? null;
      const available =
        until === null
          ? Infinity
          : business
            ? this.calendar.businessMillisBetween(from, until)
            : Math.max(0, until.getTime() - from.getTime());
      if (remaining <= available) {
        return business
          ? this.calendar.addBusinessTime(from, { amount: remaining / MS_PER_MINUTE, unit: 'business_minutes' })
          : new Date(from.getTime() + remaining);
      }
      remaining -= available;
      if (!pause?.to) return null;
      if (pause.to > from) from = pause.to;
    }
    return null;
  }
}

/** The pauses that began before `end`, an open one closed there (the calendar rejects a pause that ends first). */
function pausesUntil(pauses: readonly SlaPause[], end: Date): SlaPause[] {
  return pauses.filter((p) => p.from < end).map((p) => ({ ...p, to: p.to === null || p.to > end ? end : p.to }));
}

function wallMillisBetween(start: Date, end: Date, pauses: readonly SlaPause[]): number {
  let total = Math.max(0, end.getTime() - start.getTime());
  let coveredUntil = start.getTime();
  for (const pause of [...pauses].sort((a, b) => a.from.getTime() - b.from.getTime())) {
    const from = Math.max(pause.from.getTime(), coveredUntil);
    const to = Math.min(pause.to?.getTime() ?? end.getTime(), end.getTime());
    if (to > from) {
      total -= to - from;
      coveredUntil = to;
    }
  }
  return total;
}

/** A target as a person reads it, in Swedish. */
export function targetText(target: Duration): string {
  const units: Record<Duration['unit'], string> = {
    minutes: 'minuter',
    hours: 'timmar',
    calendar_days: 'kalenderdagar',
    business_minutes: 'minuter inom supporttid',
    business_hours: 'timmar inom supporttid',
    working_days: 'arbetsdagar',
  };
  return `${target.amount} ${units[target.unit]}`;
}
