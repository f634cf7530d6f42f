import { refusedWebhookUrl } from './webhook-url';

const production = { requireHttps: true, allowPrivate: false };

describe(refusedWebhookUrl.name, () => {
  it.each([
    'https://verksamhetssystem.goteborg.se/avvikelse-hook',
    'https://193.10.1.1/hook',
    'https://[2001:6b0::1]/hook',
    'https://[::ffff:193.10.1.1]/hook',
    // Resolves to 127.0.0.1, but a name is judged where it is connected to (webhook-agent.spec.ts), not here.
    'https://127.0.0.1.nip.io/hook',
  ])('should accept %s in production', (url) => {
    expect(refusedWebhookUrl(url, production)).toBeNull();
  });

  it.each([
    ['plain http', 'http://verksamhetssystem.goteborg.se/hook'],
    ['loopback', 'https://127.0.0.1/hook'],
    ['loopback in decimal', 'https://2130706433/hook'],
    ['loopback in hex', 'https://0x7f.1/hook'],
    ['a private network', 'https://10.1.2.3/hook'],
    ['another private network', 'https://192.168.0.10:8443/hook'],
    ['carrier-grade NAT', 'https://100.64.0.1/hook'],
    ['link-local metadata', 'https://169.254.169.254/latest'],
    ['IPv6 loopback', 'https://[::1]/hook'],
    ['IPv4-compatible loopback', 'https://[::127.0.0.1]/hook'],
    ['IPv4-mapped IPv6', 'https://[::ffff:127.0.0.1]/hook'],
    ['6to4 of loopback', 'https://[2002:7f00:1::]/hook'],
    ['NAT64 of a private network', 'https://[64:ff9b::a00:1]/hook'],
    ['IPv6 unique local', 'https://[fd00::1]/hook'],
    ['localhost', 'https://localhost/hook'],
    ['a .internal name', 'https://jira.skr.internal/hook'],
    ['a single-label name', 'https://intranet/hook'],
  ])('should refuse %s in production', (_what, url) => {
    expect(refusedWebhookUrl(url, production)).toEqual(expect.any(String));
  });

  it('should refuse loopback outside production when private targets are not allowed', () => {
    expect(refusedWebhookUrl('http://127.0.0.1:4000/hook', { requireHttps: false, allowPrivate: false })).toEqual(expect.any(String));
  });

  it('should allow http and loopback when private targets are allowed outside production', () => {
    expect(refusedWebhookUrl('http://127.0.0.1:4000/hook', { requireHttps: false, allowPrivate: true })).toBeNull();
  });
});

describe(`${refusedWebhookUrl.name}: the reason given`, () => {
  const development = { requireHttps: false, allowPrivate: false };
  const trusting = { requireHttps: false, allowPrivate: true };

  it.each([
    ['not a URL', 'verksamhetssystem.goteborg.se/hook', production, 'Must be a valid absolute URL.'],
    ['another scheme', 'ftp://verksamhetssystem.goteborg.se/hook', trusting, 'Must be an http(s) URL.'],
    [
      'a user name',
      'https://skr@verksamhetssystem.goteborg.se/hook',
      trusting,
      'Must not carry credentials; the signature authenticates the sender.',
    ],
    [
      'a password',
      'https://:hemligt@verksamhetssystem.goteborg.se/hook',
      trusting,
      'Must not carry credentials; the signature authenticates the sender.',
    ],
    [
      'plain http in production',
      'http://verksamhetssystem.goteborg.se/hook',
      { requireHttps: true, allowPrivate: true },
      'Must be an https URL in production.',
    ],
    ['a private address', 'http://10.0.0.1/hook', development, 'Must not be an internal, loopback or link-local address.'],
    ['a bracketed IPv6 loopback', 'https://[::1]/hook', production, 'Must not be an internal, loopback or link-local address.'],
    ['a single-label name', 'https://intranet/hook', production, 'Must be a public host name.'],
    ['a .local name', 'https://skrivare.local/hook', production, 'Must be a public host name.'],
  ])('should refuse %s with its reason', (_what, url, rules, reason) => {
    expect(refusedWebhookUrl(url, rules)).toBe(reason);
  });

  it('should accept plain http to a public name outside production', () => {
    expect(refusedWebhookUrl('http://verksamhetssystem.goteborg.se/hook', development)).toBeNull();
  });
});
