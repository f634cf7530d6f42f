import { DeviationStatus as S } from './deviation.entity';
import { IllegalTransitionError, ReopenWindowClosedError } from './deviations.errors';
import {
  allowedTransitions,
  assertReopenable,
  assertTransition,
  canTransition,
  isEditableByParty,
  resolutionFields,
} from './deviation-lifecycle';

const DAY = 86_400_000;

describe('deviation lifecycle', () => {
  const ALL = Object.values(S);
  /** The whole table for people, written out: every pair not listed here must be refused. */
  const EXPECTED: Record<'part' | 'skr', Partial<Record<S, S[]>>> = {
    part: {
      [S.Utkast]: [S.Inskickad, S.Återkallad],
      [S.Inskickad]: [S.Återkallad],
      [S.Mottagen]: [S.Återkallad],
      [S.UnderUtredning]: [S.Återkallad],
      [S.Åtgärdas]: [S.Återkallad],
      [S.VäntarPåKomplettering]: [S.Återkallad],
      [S.Löst]: [S.Inskickad],
    },
    skr: Object.fromEntries(
      [S.Inskickad, S.Mottagen, S.UnderUtredning, S.Åtgärdas, S.VäntarPåKomplettering, S.Löst].map((from) => [
        from,
        [S.Mottagen, S.UnderUtredning, S.Åtgärdas, S.VäntarPåKomplettering, S.Löst, S.Stängd].filter((to) => to !== from),
      ]),
    ),
  };

  it.each(['part', 'skr'] as const)('should allow exactly the listed moves for %s and refuse every other pair', (actor) => {
    for (const from of ALL) {
      for (const to of ALL) {
        const expected = (EXPECTED[actor][from] ?? []).includes(to);
        expect({ actor, from, to, allowed: canTransition(actor, from, to) }).toEqual({ actor, from, to, allowed: expected });
      }
    }
  });

  it('should let the party submit or withdraw a draft', () => {
    expect(allowedTransitions('part', S.Utkast)).toEqual([S.Inskickad, S.Återkallad]);
  });

  it('should let the party withdraw until the deviation is solved, but not after', () => {
    for (const from of [S.Inskickad, S.Mottagen, S.UnderUtredning, S.Åtgärdas, S.VäntarPåKomplettering]) {
      expect(canTransition('part', from, S.Återkallad)).toBe(true);
    }
    expect(canTransition('part', S.Löst, S.Återkallad)).toBe(false);
    expect(canTransition('part', S.Stängd, S.Återkallad)).toBe(false);
  });

  it('should let the party reopen a solved deviation only', () => {
    expect(canTransition('part', S.Löst, S.Inskickad)).toBe(true);
    expect(canTransition('part', S.Stängd, S.Inskickad)).toBe(false);
    expect(canTransition('part', S.Mottagen, S.Löst)).toBe(false);
  });

  it('should let SKR triage submitted deviations but never touch drafts or withdrawn ones', () => {
    expect(canTransition('skr', S.Inskickad, S.Mottagen)).toBe(true);
    expect(canTransition('skr', S.Åtgärdas, S.Löst)).toBe(true);
    expect(canTransition('skr', S.Löst, S.Stängd)).toBe(true);
    expect(allowedTransitions('skr', S.Utkast)).toEqual([]);
    expect(allowedTransitions('skr', S.Återkallad)).toEqual([]);
    expect(allowedTransitions('skr', S.Stängd)).toEqual([]);
    expect(canTransition('skr', S.Mottagen, S.Mottagen)).toBe(false);
  });

  it('should let Jira move a deviation between any worked-on statuses, even reopen a closed one', () => {
    expect(canTransition('jira', S.Stängd, S.Inskickad)).toBe(true);
    expect(canTransition('jira', S.Utkast, S.Mottagen)).toBe(false);
    expect(canTransition('jira', S.Återkallad, S.Mottagen)).toBe(false);
  });

  it('should allow a reopen up to exactly 30 days after the solution and refuse it one millisecond later', () => {
    const resolvedAt = new Date('2026-11-01T10:00:00Z');
    const solved = { status: S.Löst, resolvedAt, updatedAt: new Date('2026-11-20T00:00:00Z') };
    expect(() => assertReopenable(solved, new Date(resolvedAt.getTime() + 30 * DAY))).not.toThrow();
    expect(() => assertReopenable(solved, new Date(resolvedAt.getTime() + 30 * DAY + 1))).toThrow(ReopenWindowClosedError);
    expect(() => assertReopenable(solved, new Date(resolvedAt.getTime() + 30 * DAY + 1))).toThrow('within 30 days');
  });

  it('should count the reopen window from the last update when the solution time is unknown', () => {
    const updatedAt = new Date('2026-11-01T10:00:00Z');
    const solved = { status: S.Löst, resolvedAt: null, updatedAt };
    expect(() => assertReopenable(solved, new Date(updatedAt.getTime() + 30 * DAY))).not.toThrow();
    expect(() => assertReopenable(solved, new Date(updatedAt.getTime() + 30 * DAY + 1))).toThrow(ReopenWindowClosedError);
  });

  it('should refuse to reopen anything but a solved deviation, listing what the party may do instead', () => {
    const now = new Date('2026-11-02T00:00:00Z');
    const at = { resolvedAt: null, updatedAt: now };
    expect(() => assertReopenable({ status: S.Stängd, ...at }, now)).toThrow(IllegalTransitionError);
    try {
      assertReopenable({ status: S.Mottagen, ...at }, now);
    } catch (error) {
      expect((error as IllegalTransitionError).extensions).toEqual({ currentStatus: S.Mottagen, allowedTransitions: [S.Återkallad] });
    }
    try {
      assertReopenable({ status: S.Utkast, ...at }, now);
    } catch (error) {
      expect((error as IllegalTransitionError).extensions).toEqual({ currentStatus: S.Utkast, allowedTransitions: [] });
    }
    expect.assertions(3);
  });

  it('should refuse a move the actor may not make, naming the allowed ones', () => {
    expect(() => assertTransition('skr', { status: S.Mottagen }, S.Åtgärdas)).not.toThrow();
    expect(() => assertTransition('part', { status: S.Mottagen }, S.Löst)).toThrow(IllegalTransitionError);
  });

  it('should let the party edit its report until it is solved, closed or withdrawn', () => {
    expect(ALL.filter(isEditableByParty).sort()).toEqual(ALL.filter((s) => ![S.Stängd, S.Återkallad, S.Löst].includes(s)).sort());
  });

  it('should set the resolution when solved, keep it when closed and clear it when worked on again', () => {
    const now = new Date('2026-11-02T00:00:00Z');
    expect(resolutionFields(S.Löst, 'Fixed', now)).toEqual({ resolution: 'Fixed', resolvedAt: now });
    expect(resolutionFields(S.Stängd, 'ignored', now)).toEqual({});
    expect(resolutionFields(S.Åtgärdas, 'ignored', now)).toEqual({ resolution: null, resolvedAt: null });
  });
});

describe('deviation lifecycle: Jira and the refusals', () => {
  const WORKED_ON = [S.Inskickad, S.Mottagen, S.UnderUtredning, S.Åtgärdas, S.VäntarPåKomplettering, S.Löst, S.Stängd];

  it('should let Jira move between any two different worked-on statuses and nowhere else', () => {
    for (const from of Object.values(S)) {
      const expected = WORKED_ON.includes(from) ? WORKED_ON.filter((to) => to !== from) : [];
      expect({ from, allowed: allowedTransitions('jira', from) }).toEqual({ from, allowed: expected });
    }
  });

  it('should name the status asked for and the moves allowed when refusing one', () => {
    try {
      assertTransition('part', { status: S.Mottagen }, S.Löst);
    } catch (error) {
      expect(error).toBeInstanceOf(IllegalTransitionError);
      expect((error as IllegalTransitionError).message).toBe('A deviation with status mottagen cannot become löst.');
      expect((error as IllegalTransitionError).extensions).toEqual({ currentStatus: S.Mottagen, allowedTransitions: [S.Återkallad] });
    }
    expect.assertions(3);
  });

  it('should refuse to reopen a closed deviation as a move to inskickad', () => {
    const now = new Date('2026-11-02T00:00:00Z');
    expect(() => assertReopenable({ status: S.Stängd, resolvedAt: now, updatedAt: now }, now)).toThrow(
      'A deviation with status stängd cannot become inskickad.',
    );
  });
});
