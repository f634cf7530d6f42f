import fc from 'fast-check';
import { csvCell } from './deviations.csv';

/** Reads one cell back as a spreadsheet does: unquoted as is, quoted with doubled quotes undone. */
function parseCell(cell: string): string {
  if (!cell.startsWith('"')) return cell;
  expect(cell.endsWith('"')).toBe(true);
  const inner = cell.slice(1, -1);
  expect(inner.replace(/""/g, '')).not.toContain('"');
  return inner.replace(/""/g, '"');
}

describe(`${csvCell.name} (properties)`, () => {
  const text = fc.string({ unit: fc.constantFrom('=', '+', '-', '@', '\t', '\r', '\n', '"', ';', ',', 'a', 'ö', ' ', '1') });

  it('should never let a cell start a formula', () => {
    fc.assert(fc.property(text, (value) => expect(parseCell(csvCell(value))).not.toMatch(/^[=+\-@\t\r]/)));
  });

  it('should keep the text, with one leading apostrophe only where it defused a formula', () => {
    fc.assert(
      fc.property(text, (value) => {
        const read = parseCell(csvCell(value));
        expect(read).toBe(/^[=+\-@\t\r]/.test(value) ? `'${value}` : value);
      }),
    );
  });

  it('should quote every cell holding a separator, a quote or a line break, and no other', () => {
    fc.assert(
      fc.property(text, (value) => {
        const cell = csvCell(value);
        expect(cell.startsWith('"')).toBe(/[",;\r\n]/.test(value));
      }),
    );
  });
});
