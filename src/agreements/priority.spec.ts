import { SLA_LEFI_ONLINE_2017, UC_SSBTEK_2024, UC_SSBTEK_2024_TRANSPORTSTYRELSEN } from './agreements';
import {
  PRIORITIES,
  comparePriority,
  computePriority,
  isPrioritet,
  type Prioritet,
  type PriorityMatrix,
  type Påverkan,
  type Tidpunkt,
} from './priority';

// The tables below are copied from the seeds as printed, so a transcription slip in agreements.ts shows up as a
// failing cell rather than being checked against itself.

// Seed 001, UC §4.3 (the seed leaves the corner cell empty).
const UC_TABLE = `
  Tidpunkt/Påverkan   Påverkan_1   Påverkan_2   Påverkan_3   Påverkan_4
  Tidpunkt_1          Kritisk      Hög          Medel        Låg
  Tidpunkt_2          Hög          Hög          Medel        Låg
  Tidpunkt_3          Medel        Medel        Medel        Låg
  Tidpunkt_4          Låg          Låg          Låg          Låg
`;

// Seed 002, LEFI Online SLA Bilaga 1, "Prioritetstabell" (rows Brådskande, columns Påverkan).
const LEFI_TABLE = `
  Brådskande/Påverkande   Stor      Signifikant   Medel    Mindre
  Kritisk                 Kritisk   Kritisk       Hög      Hög
  Hög                     Kritisk   Hög           Hög      Medium
  Medium                  Hög       Medium        Medium   Medium
  Låg                     Medium    Låg           Låg      Låg
`;

const LEVEL_BY_LABEL: Record<string, Påverkan & Tidpunkt> = {
  Tidpunkt_1: 1,
  Tidpunkt_2: 2,
  Tidpunkt_3: 3,
  Tidpunkt_4: 4,
  Påverkan_1: 1,
  Påverkan_2: 2,
  Påverkan_3: 3,
  Påverkan_4: 4,
  // LEFI urgency rows
  Kritisk: 1,
  Hög: 2,
  Medium: 3,
  Låg: 4,
  // LEFI impact columns
  Stor: 1,
  Signifikant: 2,
  Medel: 3,
  Mindre: 4,
};

const PRIORITY_BY_LABEL: Record<string, Prioritet> = {
  Kritisk: 'kritisk',
  Hög: 'hög',
  Medel: 'medel',
  Medium: 'medel',
  Låg: 'låg',
};

type Cell = [timing: Tidpunkt, impact: Påverkan, printed: string, expected: Prioritet];

function cellsOf(table: string): Cell[] {
  const [header, ...rows] = table
    .trim()
    .split('\n')
    .map((line) => line.trim().split(/\s+/));
  const columns = header.slice(1).map((label) => LEVEL_BY_LABEL[label]);
  return rows.flatMap(([rowLabel, ...printed]) =>
    printed.map((label, index): Cell => [LEVEL_BY_LABEL[rowLabel], columns[index], label, PRIORITY_BY_LABEL[label]]),
  );
}

const ALL_CELLS = [1, 2, 3, 4].flatMap((timing) => [1, 2, 3, 4].map((impact) => `${timing}/${impact}`));

function expectEveryCellOnce(cells: Cell[]): void {
  expect(cells.map(([timing, impact]) => `${timing}/${impact}`)).toEqual(ALL_CELLS);
  expect(cells.every(([, , , expected]) => expected !== undefined)).toBe(true);
}

describe('computePriority', () => {
  describe('with the SSBTEK UC matrix (seed 001 §4.3)', () => {
    const cells = cellsOf(UC_TABLE);

    it('should transcribe all 16 cells', () => {
      expectEveryCellOnce(cells);
    });

    it.each(cells)('should give tidpunkt %i, påverkan %i the printed "%s"', (timing, impact, _printed, expected) => {
      expect(computePriority(UC_SSBTEK_2024.matrix, impact, timing)).toBe(expected);
    });

    it('should use the same matrix for the Transportstyrelsen variant', () => {
      expect(UC_SSBTEK_2024_TRANSPORTSTYRELSEN.matrix).toEqual(UC_SSBTEK_2024.matrix);
    });
  });

  describe('with the LEFI Online matrix (seed 002 Bilaga 1)', () => {
    const cells = cellsOf(LEFI_TABLE);

    it('should transcribe all 16 cells', () => {
      expectEveryCellOnce(cells);
    });

    it.each(cells)('should give brådskande %i, påverkan %i the printed "%s"', (timing, impact, _print, expected) => {
      expect(computePriority(SLA_LEFI_ONLINE_2017.matrix, impact, timing)).toBe(expected);
    });
  });

  it('should let the same incident get different priorities under the two agreements', () => {
    expect(computePriority(UC_SSBTEK_2024.matrix, 2, 1)).toBe('hög');
    expect(computePriority(SLA_LEFI_ONLINE_2017.matrix, 2, 1)).toBe('kritisk');
  });

  it.each([0, 5, 1.5, NaN, -1])('should throw a RangeError for påverkan %p', (impact) => {
    expect(() => computePriority(UC_SSBTEK_2024.matrix, impact as Påverkan, 1)).toThrow(RangeError);
  });

  it.each([0, 5, 2.5, Infinity])('should throw a RangeError for tidpunkt %p', (timing) => {
    expect(() => computePriority(UC_SSBTEK_2024.matrix, 1, timing as Tidpunkt)).toThrow(RangeError);
  });

  it('should throw a RangeError for a level given as a string', () => {
    expect(() => computePriority(UC_SSBTEK_2024.matrix, '1' as unknown as Påverkan, 1)).toThrow(RangeError);
  });

  it('should throw a RangeError when the matrix lacks the cell', () => {
    const partial = { 1: { 1: 'kritisk' } } as unknown as PriorityMatrix;
    expect(() => computePriority(partial, 2, 1)).toThrow(RangeError);
    expect(() => computePriority(partial, 1, 3)).toThrow(RangeError);
  });
});

describe('PRIORITIES', () => {
  it('should list the levels most urgent first with Swedish values', () => {
    expect(PRIORITIES).toEqual(['kritisk', 'hög', 'medel', 'låg']);
  });

  it('should sort priorities most urgent first', () => {
    const sorted = (['låg', 'kritisk', 'medel', 'hög'] as Prioritet[]).sort(comparePriority);
    expect(sorted).toEqual(['kritisk', 'hög', 'medel', 'låg']);
  });

  it('should recognise only the four values', () => {
    expect(isPrioritet('medel')).toBe(true);
    expect(isPrioritet('Medel')).toBe(false);
    expect(isPrioritet('medium')).toBe(false);
    expect(isPrioritet(undefined)).toBe(false);
  });
});

describe('computePriority refusals', () => {
  // Each guard must answer for itself: without them a missing matrix cell would still throw, with another message.
  const withRowFive = { ...UC_SSBTEK_2024.matrix, 5: { 1: 'låg', 2: 'låg', 3: 'låg', 4: 'låg', 5: 'låg' } } as unknown as PriorityMatrix;

  it('should name the bad level in the refusal, even where the matrix happens to have a cell for it', () => {
    expect(() => computePriority(withRowFive, 5 as Påverkan, 1)).toThrow(new RangeError('Påverkan must be 1–4, got 5'));
    expect(() => computePriority(withRowFive, 1, 5 as Tidpunkt)).toThrow(new RangeError('Tidpunkt must be 1–4, got 5'));
  });

  it('should refuse a matrix cell that is not a priority, naming the cell', () => {
    const misspelt = { ...UC_SSBTEK_2024.matrix, 3: { ...UC_SSBTEK_2024.matrix[3], 2: 'Medium' } } as unknown as PriorityMatrix;
    expect(() => computePriority(misspelt, 2, 3)).toThrow(
      new RangeError('The priority matrix has no valid cell for tidpunkt 3, påverkan 2'),
    );
    expect(computePriority(misspelt, 1, 3)).toBe('medel');
  });
});

describe('comparePriority', () => {
  it('should order by urgency: negative before, positive after, zero for the same', () => {
    expect(comparePriority('kritisk', 'låg')).toBe(-3);
    expect(comparePriority('medel', 'hög')).toBe(1);
    expect(comparePriority('hög', 'hög')).toBe(0);
  });
});
