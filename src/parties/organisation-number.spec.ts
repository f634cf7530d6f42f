import { luhnValid, normaliseOrganisationNumber } from './organisation-number';

describe('normaliseOrganisationNumber', () => {
  it('should accept real organisation numbers with or without hyphen and century prefix', () => {
    expect(normaliseOrganisationNumber('202100-5489')).toBe('2021005489'); // Försäkringskassan
    expect(normaliseOrganisationNumber('2021005489')).toBe('2021005489');
    expect(normaliseOrganisationNumber('16202100-5489')).toBe('2021005489');
    expect(normaliseOrganisationNumber('212000-1355')).toBe('2120001355'); // Göteborgs Stad
  });

  it('should reject a wrong check digit, wrong length and non-digits', () => {
    expect(normaliseOrganisationNumber('202100-5488')).toBeNull();
    expect(normaliseOrganisationNumber('20210054')).toBeNull();
    expect(normaliseOrganisationNumber('20210O5489')).toBeNull();
    expect(normaliseOrganisationNumber('')).toBeNull();
  });

  it('should compute the Luhn sum from the right', () => {
    expect(luhnValid('79927398713')).toBe(true);
    expect(luhnValid('79927398710')).toBe(false);
  });
});
