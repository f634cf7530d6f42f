import { DeviationStatus as S } from './deviation.entity';
import { allowedTransitions, canTransition } from './deviation-lifecycle';

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
});
