import { DeviationStatus as S } from './deviation.entity';

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
