import { type AgreementDefinition, UC_SSBTEK_2024 } from '../agreements/agreements';
import { computePriority, type PriorityMatrix, type Påverkan, type Tidpunkt } from '../agreements/priority';
import { proposeTiming } from '../agreements/timing';
import type { Deviation } from './deviation.entity';

/** Why the calendar proposes a timing, in the seeds' words (UC §3.2, LEFI Bilaga 1). */
export type TimingReason = 'kritisk_period' | 'nära_kritisk_period' | 'normal_period' | 'lågsäsong';
const TIMING_REASONS: Record<Tidpunkt, TimingReason> = {
  1: 'kritisk_period',
  2: 'nära_kritisk_period',
  3: 'normal_period',
  4: 'lågsäsong',
};

export interface TimingProposal {
  tidpunkt: Tidpunkt;
  skäl: TimingReason;
  /** The agreement whose calendar was asked. */
  avtal: string;
}

/** What the calendar of the agreement proposes as timing for a deviation reported at `now`, and why. */
export function timingProposal(agreement: AgreementDefinition, now: Date): TimingProposal {
  const tidpunkt = proposeTiming(agreement, now);
  return { tidpunkt, skäl: TIMING_REASONS[tidpunkt], avtal: agreement.code };
}

/**
 * The timing the calendar proposes when the reporter gives none (issue 9: the critical period → 1, near it → 2,
 * low season → 4, else 3; a PATCH corrects it), and the priority the party's matrix gives.
 */
export function withTimingAndPriority(agreement: AgreementDefinition, fields: Partial<Deviation>, now: Date): Partial<Deviation> {
  const tidpunktProposed = fields.tidpunkt === undefined;
  const tidpunkt = fields.tidpunkt ?? proposeTiming(agreement, now);
  return { ...fields, tidpunkt, tidpunktProposed, prioritet: priorityOf(fields.påverkan, tidpunkt, agreement.matrix) };
}

/**
 * The priority from the party's agreement's matrix (the Underpinning Contract's, seed 001 §4.3, by default) once
 * both påverkan and tidpunkt are known.
 */
export function priorityOf(
  påverkan: number | null | undefined,
  tidpunkt: number | null | undefined,
  matrix: PriorityMatrix = UC_SSBTEK_2024.matrix,
) {
  if (!påverkan || !tidpunkt) return null;
  return computePriority(matrix, påverkan as Påverkan, tidpunkt as Tidpunkt);
}
