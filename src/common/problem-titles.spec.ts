import { preferredLanguage, problemTitle } from './problem-titles';

describe('preferredLanguage', () => {
  it('should default to Swedish', () => {
    expect(preferredLanguage(undefined)).toBe('sv');
    expect(preferredLanguage('de-DE')).toBe('sv');
  });

  it('should pick English when it ranks above Swedish', () => {
    expect(preferredLanguage('en-GB,en;q=0.9,sv;q=0.5')).toBe('en');
    expect(preferredLanguage('sv-SE,en;q=0.8')).toBe('sv');
  });

  it('should give titles in both languages', () => {
    expect(problemTitle(404, 'sv')).toBe('Hittades inte');
    expect(problemTitle(404, 'en')).toBe('Not Found');
    expect(problemTitle(599, 'en')).toBe('Internal Server Error');
  });
});
