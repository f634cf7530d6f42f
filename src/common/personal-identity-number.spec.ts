import {
  findIdentityNumbers,
  identityNumberKind,
  luhnCheckDigit,
  luhnValid,
  maskIdentityNumbers,
  parseTestNumberList,
} from './personal-identity-number';

describe('personal identity numbers', () => {
  it("should check the digit as Skatteverket's example does (640823-323 → 4)", () => {
    expect(luhnValid('6408233234')).toBe(true);
    expect(luhnValid('6408233235')).toBe(false);
  });

  it.each([
    ['640823-3234', 'personnummer'],
    ['6408233234', 'personnummer'],
    ['19640823-3234', 'personnummer'],
    ['196408233234', 'personnummer'],
    ['640823+3234', 'personnummer'],
    ['701063-2391', 'samordningsnummer'],
  ])('should find %s as a %s', (text, kind) => {
    expect(findIdentityNumbers(`Sök person ${text}, sedan vänta.`).map((m) => m.kind)).toEqual([kind]);
  });

  it.each([
    ['an organisation number', '202100-5489'],
    ['an organisation number with 16 before it', '16202100-5489'],
    ['a date that does not exist', '640230-3234'],
    ['födelsenummer 000', '640823-0000'],
    ['a century Skatteverket does not use', '21640823-3234'],
    ['a longer run of digits', '1196408233234'],
    ['a case key', 'AVV-2026-00042'],
    ['a phone number in E.164', '+46701234567'],
  ])('should not take %s (%s) for a personal identity number', (_what, text) => {
    expect(findIdentityNumbers(text)).toEqual([]);
  });

  it('should accept 29 February only in a year where some century makes it a leap day', () => {
    const leapDay = `000229-001${luhnCheckDigit('000229001')}`;
    expect(findIdentityNumbers(leapDay).map((m) => m.kind)).toEqual(['personnummer']);
    expect(findIdentityNumbers(`20${leapDay}`).map((m) => m.kind)).toEqual(['personnummer']);
    expect(findIdentityNumbers(`19${leapDay}`)).toEqual([]);
    expect(identityNumberKind('010229', `001${luhnCheckDigit('010229001')}`)).toBe(null);
  });

  it('should mask each of several numbers and nothing else', () => {
    expect(maskIdentityNumbers('A: 640823-3234; B: 196408233234. Org: 202100-5489')).toBe(
      'A: XXXXXX-XXXX; B: XXXXXX-XXXX. Org: 202100-5489',
    );
  });

  it("should read every 12-digit number of Skatteverket's CSV, keyed by its last ten digits", () => {
    expect([...parseTestNumberList('testpersonnummer\r\n198611239883\r\n198501139995\r\n')]).toEqual(['8611239883', '8501139995']);
  });
});
