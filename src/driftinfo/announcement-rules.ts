// The rules of an announcement that need no database: how much notice a planned change owes, and who owns what it
// is about. The service reads the facts (the actor's party kinds and bastjänster) and asks these.
import { addDays, fromLocalDateTime, msOfDay, toLocalDate, toLocalDateTime } from '../agreements/time-zone';

const TZ = 'Europe/Stockholm';

/** LEFI Online is Försäkringskassan's bastjänst under seed 002; its content changes owe two months' notice (§3.1). */
export const LEFI_BASTJANST = 'lefi_online';

export type Notice = { readonly weeks: number } | { readonly months: number };

/**
 * The notice a planned change owes, or null when it owes none: a change in a release is announced with the release
 * (UC §4.6.1), and an outage is never planned. UC §4.6.4: "senast 4 veckor innan ändringen"; LEFI §3.1: "Planerade
 * förändringar i uppgiftsinnehållet aviseras senast 2 månader i förväg".
 */
export function requiredNotice(change: {
  kind: string;
  release: boolean;
  contentChange: boolean;
  bastjänster: readonly string[];
}): Notice | null {
  if (change.kind !== 'planerad_andring' || change.release) return null;
  if (change.contentChange && change.bastjänster.includes(LEFI_BASTJANST)) return { months: 2 };
  return { weeks: 4 };
}

/** The earliest start that keeps `notice` when announced at `announcedAt`, on the Stockholm wall clock. */
export function earliestStart(announcedAt: Date, notice: Notice): Date {
  const local = toLocalDateTime(announcedAt, TZ);
  const date = toLocalDate(announcedAt, TZ);
  if ('weeks' in notice) return fromLocalDateTime(addDays(date, notice.weeks * 7), msOfDay(local), TZ);
  const [year, month, day] = date.split('-').map(Number);
  const target = new Date(Date.UTC(year, month - 1 + notice.months, 1));
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  const iso = `${target.toISOString().slice(0, 8)}${String(Math.min(day, lastDay)).padStart(2, '0')}`;
  return fromLocalDateTime(iso, msOfDay(local), TZ);
}

export function describeNotice(notice: Notice): string {
  return 'weeks' in notice ? `${notice.weeks} weeks` : `${notice.months} months`;
}

/** What an announcement is about, and what the writing party owns. */
export interface Ownership {
  readonly skr: boolean;
  readonly driftleverantör: boolean;
  readonly ownBastjänster: readonly string[];
}

/**
 * The parts of `affects` the writer does not own, as pointers: empty when it may write. SKR owns everything; the
 * Driftleverantör the central component; an Uppgiftslämnare each bastjänst it answers for (party × bastjänst).
 */
export function unownedParts(owner: Ownership, affects: { centralComponent: boolean; bastjänster: readonly string[] }): string[] {
  if (owner.skr) return [];
  const unowned: string[] = [];
  if (affects.centralComponent && !owner.driftleverantör) unowned.push('/centralKomponent');
  affects.bastjänster.forEach((code, index) => {
    if (!owner.ownBastjänster.includes(code)) unowned.push(`/bastjänster/${index}`);
  });
  return unowned;
}
