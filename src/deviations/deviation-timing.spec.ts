import { priorityOf } from './deviation-timing';

// Seed 001, UC §4.3, as printed (rows tidpunkt 1–4, columns påverkan 1–4): typed here, not read from the agreements module,
// so the test fails if the deviations module ever uses another agreement's matrix by mistake.
const UC_MATRIX = [
  ['kritisk', 'hög', 'medel', 'låg'],
  ['hög', 'hög', 'medel', 'låg'],
  ['medel', 'medel', 'medel', 'låg'],
  ['låg', 'låg', 'låg', 'låg'],
];

describe(priorityOf.name, () => {
  const cells = UC_MATRIX.flatMap((row, t) => row.map((prioritet, p) => [p + 1, t + 1, prioritet] as const));

  it.each(cells)('should give påverkan %i, tidpunkt %i the priority %s', (påverkan, tidpunkt, prioritet) => {
    expect(priorityOf(påverkan, tidpunkt)).toBe(prioritet);
  });

  it('should leave the priority open until both påverkan and tidpunkt are known', () => {
    expect(priorityOf(undefined, 1)).toBeNull();
    expect(priorityOf(2, null)).toBeNull();
    expect(priorityOf(null, undefined)).toBeNull();
  });
});
