import { isWithinDomains, normaliseEmailDomain } from './email-domains';

describe('email domains', () => {
  it('should normalise a registered domain and refuse what is no domain', () => {
    expect(normaliseEmailDomain(' @Goteborg.SE. ')).toBe('goteborg.se');
    expect(normaliseEmailDomain('sbk.goteborg.se')).toBe('sbk.goteborg.se');
    for (const bad of ['', 'se', 'goteborg', '-x.se', 'x-.se', 'a..se', 'kim@goteborg.se', '10.0.0.1', 'göteborg.se', 'x.se/y'])
      expect(normaliseEmailDomain(bad)).toBeNull();
  });

  it('should confirm an address in a registered domain or its subdomain, and nothing that only looks like one', () => {
    const domains = ['goteborg.se'];
    expect(isWithinDomains('kim@goteborg.se', domains)).toBe(true);
    expect(isWithinDomains('Kim@SBK.Goteborg.se', domains)).toBe(true);
    expect(isWithinDomains('kim@evilgoteborg.se', domains)).toBe(false);
    expect(isWithinDomains('kim@goteborg.se.example.com', domains)).toBe(false);
    expect(isWithinDomains('goteborg.se@example.com', domains)).toBe(false);
    expect(isWithinDomains('kim@goteborg.se', [])).toBe(false);
    expect(isWithinDomains('@goteborg.se', domains)).toBe(false);
  });
});
