import Holidays from 'date-holidays';
import { dataFile } from '../../tools/holidays/swedish-holidays';
import { ClosingHolidays, holidaysOfYear } from './closing-holidays';
import { FIRST_YEAR, LAST_YEAR } from './swedish-holidays.data';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const sweden = new Holidays('SE');
const closingOfPackage = (year: number) =>
  sweden
    .getHolidays(year, 'sv')
    .filter((h) => h.type === 'public' || h.type === 'bank')
    .map((h) => ({ date: h.date.slice(0, 10), type: h.type, name: h.name }));

describe('the Swedish holiday table (generated from date-holidays)', () => {
  it('should be the file the generator writes from the installed date-holidays (npm run holidays:generate)', () => {
    expect(readFileSync(join(__dirname, 'swedish-holidays.data.ts'), 'utf8')).toBe(dataFile());
  });

  it('should hold, for every year it covers, exactly the closing holidays date-holidays gives, in its order', () => {
    for (let year = FIRST_YEAR; year <= LAST_YEAR; year++) expect(holidaysOfYear(year)).toEqual(closingOfPackage(year));
  });

  it('should ask date-holidays itself for a year outside the table', () => {
    for (const year of [FIRST_YEAR - 1, LAST_YEAR + 1, 2999]) expect(holidaysOfYear(year)).toEqual(closingOfPackage(year));
    expect(new ClosingHolidays(['public', 'bank']).nameOn(`${LAST_YEAR + 1}-12-24`)).toBe('julafton');
  });

  it('should close only on the agreement’s types, the first holiday of a date naming it', () => {
    const red = new ClosingHolidays(['public']);
    expect(red.nameOn('2026-06-19')).toBeUndefined(); // midsommarafton is `bank`
    expect(red.nameOn('2026-06-20')).toBe('midsommardagen');
    expect(new ClosingHolidays(['public', 'bank']).nameOn('2026-06-19')).toBe('midsommarafton');
    expect(red.nameOn('2026-06-22')).toBeUndefined();
  });
});
