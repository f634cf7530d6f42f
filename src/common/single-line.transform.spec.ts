import { singleLine } from './single-line.transform';

describe(singleLine.name, () => {
  it('should turn each run of line breaks, tabs and other control characters into one space', () => {
    expect(singleLine('Svarstider\r\növer 30 s')).toBe('Svarstider över 30 s');
    expect(singleLine('a \r\n\t b')).toBe('a b');
    expect(singleLine('a\u0085b\u2028c\u2029d\u001be')).toBe('a b c d e');
  });

  it('should trim the ends and keep what is already one line as it was', () => {
    expect(singleLine('\n  Rubrik  \r\n')).toBe('Rubrik');
    expect(singleLine('Två  mellanslag är kvar')).toBe('Två  mellanslag är kvar');
    expect(singleLine('Åtgärd – ”citat” 😀')).toBe('Åtgärd – ”citat” 😀');
  });
});
