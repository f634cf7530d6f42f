import { literally, phoneNumber } from './personal-data-rewrite';

// PostgreSQL's regular expressions (ARE) read these patterns as JavaScript does: escapes, \w, look-around.
const replaceAll = (text: string, { pattern }: { pattern: string }) => text.replace(new RegExp(pattern, 'gi'), '<X>');

describe('personal-data-rewrite', () => {
  it('should replace a name or an e-mail as a whole word, whatever its case, and not inside a longer one', () => {
    const name = literally('bo berg', 'p');
    expect(replaceAll('Ring Bo Berg eller BO BERG, inte Bo Bergman.', name)).toBe('Ring <X> eller <X>, inte Bo Bergman.');
    const email = literally('bo.berg@kommun.se', 'p');
    expect(replaceAll('Till bo.berg@kommun.se; ej xbo.berg@kommun.se', email)).toBe('Till <X>; ej xbo.berg@kommun.se');
  });

  it('should take regular-expression characters in a name literally', () => {
    expect(replaceAll('A. (B) Berg och A  B Berg', literally('a. (b) berg', 'p'))).toBe('<X> och A  B Berg');
  });

  it('should find a Swedish number in E.164 and national form with any spaces or hyphens, and not inside a longer one', () => {
    const phone = phoneNumber('+46701234567', 'p');
    expect(replaceAll('+46701234567, +46 70-123 45 67, 070-123 45 67, 0701234567', phone)).toBe('<X>, <X>, <X>, <X>');
    expect(replaceAll('90701234567 och 07012345678', phone)).toBe('90701234567 och 07012345678');
  });
});
