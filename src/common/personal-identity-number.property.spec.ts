import fc from 'fast-check';
import { findIdentityNumbers, IDENTITY_NUMBER_MASK, luhnCheckDigit, maskIdentityNumbers } from './personal-identity-number';

const pad = (n: number, width: number) => String(n).padStart(width, '0');

/** A real date between 1890 and 2030 as ÅÅÅÅ, MM, DD. */
const birthDate = fc
  .date({ min: new Date('1890-01-01Z'), max: new Date('2030-12-31Z'), noInvalidDate: true })
  .map((d) => ({ year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() }));

/** How people write the number: 10 or 12 digits, with `-`, `+` or nothing between date and the last four. */
const written = fc.record({ twelve: fc.boolean(), separator: fc.constantFrom('-', '+', '') });

function identityNumber(
  { year, month, day }: { year: number; month: number; day: number },
  birthNumber: number,
  { twelve, separator }: { twelve: boolean; separator: string },
  dayOffset = 0,
): string {
  const date = `${pad(year % 100, 2)}${pad(month, 2)}${pad(day + dayOffset, 2)}`;
  const nine = `${date}${pad(birthNumber, 3)}`;
  return `${twelve ? pad(Math.floor(year / 100), 2) : ''}${date}${separator}${pad(birthNumber, 3)}${luhnCheckDigit(nine)}`;
}

/** Text around a number that never touches it with a digit: words, punctuation, line breaks. */
const surrounding = fc.string({ unit: fc.constantFrom(...'abc åäö.,;:()[]"\'\n\t/#=<>'.split('')), maxLength: 20 });

describe('personal identity numbers (properties)', () => {
  it('should catch every Luhn-valid personnummer, however it is written and wherever it stands in text', () => {
    fc.assert(
      fc.property(birthDate, fc.integer({ min: 1, max: 999 }), written, surrounding, surrounding, (date, nnn, form, before, after) => {
        const number = identityNumber(date, nnn, form);
        const found = findIdentityNumbers(`${before}${number}${after}`);
        expect(found).toEqual([
          expect.objectContaining({ kind: 'personnummer', start: before.length, end: before.length + number.length }),
        ]);
      }),
    );
  });

  it('should catch every Luhn-valid samordningsnummer (day + 60)', () => {
    fc.assert(
      fc.property(birthDate, fc.integer({ min: 1, max: 999 }), written, surrounding, (date, nnn, form, before) => {
        const found = findIdentityNumbers(`${before}${identityNumber(date, nnn, form, 60)}.`);
        expect(found.map((m) => m.kind)).toEqual(['samordningsnummer']);
      }),
    );
  });

  it('should never take an organisation number (month digits 20 or more) for a personal identity number', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 99 }),
        fc.integer({ min: 20, max: 99 }),
        fc.integer({ min: 0, max: 99 }),
        fc.integer({ min: 0, max: 999 }),
        fc.boolean(),
        surrounding,
        (yy, month, dd, nnn, sixteen, before) => {
          const nine = `${pad(yy, 2)}${pad(month, 2)}${pad(dd, 2)}${pad(nnn, 3)}`;
          const organisation = `${sixteen ? '16' : ''}${nine.slice(0, 6)}-${nine.slice(6)}${luhnCheckDigit(nine)}`;
          expect(findIdentityNumbers(`${before}${organisation} `)).toEqual([]);
        },
      ),
    );
  });

  it('should mask every number it finds, leave the rest of the text as it was, and change nothing on a second pass', () => {
    fc.assert(
      fc.property(birthDate, fc.integer({ min: 1, max: 999 }), written, surrounding, surrounding, (date, nnn, form, before, after) => {
        const masked = maskIdentityNumbers(`${before}${identityNumber(date, nnn, form)}${after}`);
        expect(masked).toBe(`${before}${IDENTITY_NUMBER_MASK}${after}`);
        expect(maskIdentityNumbers(masked)).toBe(masked);
      }),
    );
  });

  it('should leave a number whose check digit is wrong alone', () => {
    fc.assert(
      fc.property(birthDate, fc.integer({ min: 1, max: 999 }), fc.integer({ min: 1, max: 9 }), (date, nnn, shift) => {
        const number = identityNumber(date, nnn, { twelve: false, separator: '-' });
        const wrong = `${number.slice(0, -1)}${(Number(number.at(-1)) + shift) % 10}`;
        expect(findIdentityNumbers(wrong)).toEqual([]);
      }),
    );
  });
});
