// Incident priority from impact × timing (seed 001, UC §4.3; seed 002, Bilaga 1). The matrix itself is agreement
// data (see agreements.ts): the two seeds put different priorities in the same cells.

/** Priority levels, most urgent first. Seed 002 writes "Medium" where seed 001 writes "Medel"; both are `medel`. */
export const PRIORITIES = ['kritisk', 'hög', 'medel', 'låg'] as const;

/** An incident or problem priority, as written in the agreements (lower-cased). */
export type Prioritet = (typeof PRIORITIES)[number];

/**
 * Impact ("Påverkan"), 1 most severe. UC §4.3: 1 total outage, no calls answered · 2 one to four base services
 * unavailable · 3 long response times cause timeouts in most calls · 4 single calls cannot be answered.
 * LEFI SLA Bilaga 1: 1 Stor · 2 Signifikant · 3 Medel · 4 Mindre.
 */
export type Påverkan = 1 | 2 | 3 | 4;

/**
 * Timing ("Tidpunkt"; in the LEFI SLA "Brådskande"), 1 most urgent. UC §4.3: 1 opening hours in a critical
 * period · 2 opening hours near a critical period · 3 opening hours outside critical times · 4 low season.
 * LEFI SLA Bilaga 1: 1 Kritisk · 2 Hög · 3 Medium · 4 Låg.
 */
export type Tidpunkt = 1 | 2 | 3 | 4;

/** Priority by timing (row) and impact (column), the way both seeds lay out their tables. */
export type PriorityMatrix = Readonly<Record<Tidpunkt, Readonly<Record<Påverkan, Prioritet>>>>;

/** True when `value` is one of {@link PRIORITIES}. */
export function isPrioritet(value: unknown): value is Prioritet {
  return (PRIORITIES as readonly unknown[]).includes(value);
}

/** True when `value` is an impact or timing level 1–4. */
export function isLevel(value: unknown): value is Påverkan & Tidpunkt {
  // The list is built per call, not as a module constant: a constant's mutants are static, and the mutation run could
  // not tell the list emptied apart (it reported it surviving; by hand it fails 35 of the 53 tests of priority.spec.ts).
  return [1, 2, 3, 4].includes(value as number);
}

/**
 * Looks up the priority of an incident in an agreement's matrix.
 * @throws RangeError when `impact` or `timing` is not an integer 1–4, or the matrix lacks the cell.
 */
export function computePriority(matrix: PriorityMatrix, impact: Påverkan, timing: Tidpunkt): Prioritet {
  if (!isLevel(impact)) throw new RangeError(`Påverkan must be 1–4, got ${String(impact)}`);
  if (!isLevel(timing)) throw new RangeError(`Tidpunkt must be 1–4, got ${String(timing)}`);
  const priority = matrix[timing]?.[impact];
  if (!isPrioritet(priority)) {
    throw new RangeError(`The priority matrix has no valid cell for tidpunkt ${timing}, påverkan ${impact}`);
  }
  return priority;
}

/** Orders priorities most urgent first, for sorting: `list.sort((a, b) => comparePriority(a.prio, b.prio))`. */
export function comparePriority(a: Prioritet, b: Prioritet): number {
  return PRIORITIES.indexOf(a) - PRIORITIES.indexOf(b);
}
