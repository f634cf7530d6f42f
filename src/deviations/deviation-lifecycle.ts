import { type Deviation, DeviationStatus as S } from './deviation.entity';
import { IllegalTransitionError, ReopenWindowClosedError } from './deviations.errors';
import { REOPEN_WINDOW_DAYS } from '../agreements/reopen-window';

/** Who moves a deviation: the reporting party, SKR in this service, or SKR through Jira. */
export type TransitionActor = 'part' | 'skr' | 'jira';

/** Statuses SKR and Jira set while the deviation is worked on. */
const IN_TRIAGE = [S.Inskickad, S.Mottagen, S.UnderUtredning, S.Åtgärdas, S.VäntarPåKomplettering];

/**
 * Every allowed move, by whom. Anything else is a 409 that lists what is allowed from the current status.
 * Seed 000/001: the party reports and may withdraw before it is solved, and may reopen a solved one; SKR triages.
 */
const TRANSITIONS: Record<TransitionActor, Partial<Record<S, readonly S[]>>> = {
  part: {
    [S.Utkast]: [S.Inskickad, S.Återkallad],
    ...Object.fromEntries(IN_TRIAGE.map((from) => [from, [S.Återkallad]])),
    [S.Löst]: [S.Inskickad],
  },
  skr: Object.fromEntries(
    [...IN_TRIAGE, S.Löst].map((from) => [
      from,
      [S.Mottagen, S.UnderUtredning, S.Åtgärdas, S.VäntarPåKomplettering, S.Löst, S.Stängd].filter((to) => to !== from),
    ]),
  ),
  jira: Object.fromEntries(
    [...IN_TRIAGE, S.Löst, S.Stängd].map((from) => [
      from,
      [S.Inskickad, S.Mottagen, S.UnderUtredning, S.Åtgärdas, S.VäntarPåKomplettering, S.Löst, S.Stängd].filter((to) => to !== from),
    ]),
  ),
};

export function allowedTransitions(actor: TransitionActor, from: S): readonly S[] {
  return TRANSITIONS[actor][from] ?? [];
}

export function canTransition(actor: TransitionActor, from: S, to: S): boolean {
  return allowedTransitions(actor, from).includes(to);
}

/** A deviation the party may still edit: its report, not SKR's decisions. */
export function isEditableByParty(status: S): boolean {
  return status !== S.Stängd && status !== S.Återkallad && status !== S.Löst;
}

/** The sync acts as this actor in the history. */
export const JIRA_ACTOR = { userId: 'jira', partyId: null } as const;

export function assertTransition(actor: TransitionActor, deviation: Pick<Deviation, 'status'>, to: S): void {
  if (!canTransition(actor, deviation.status, to)) {
    throw new IllegalTransitionError(deviation.status, to, allowedTransitions(actor, deviation.status));
  }
}

/** Only a solved deviation is reopened, and only within the window after it was solved. */
export function assertReopenable(deviation: Pick<Deviation, 'status' | 'resolvedAt' | 'updatedAt'>, now: Date): void {
  if (deviation.status !== S.Löst) {
    throw new IllegalTransitionError(
      deviation.status,
      'inskickad',
      deviation.status === S.Utkast ? [] : allowedTransitions('part', deviation.status),
    );
  }
  const solvedAt = deviation.resolvedAt ?? deviation.updatedAt;
  if (now.getTime() - solvedAt.getTime() > REOPEN_WINDOW_DAYS * 86_400_000) throw new ReopenWindowClosedError(REOPEN_WINDOW_DAYS);
}

/** What a new status does to the resolution: set when solved, kept when closed, cleared when worked on again. */
export function resolutionFields(status: S, resolution: string | null, now: Date): Partial<Deviation> {
  if (status === S.Löst) return { resolution, resolvedAt: now };
  if (status === S.Stängd) return {};
  return { resolution: null, resolvedAt: null };
}
