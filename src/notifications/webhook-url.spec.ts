import { refusedWebhookUrl } from './webhook-url';

describe(refusedWebhookUrl.name, () => {
  it.each([
    'https://verksamhetssystem.goteborg.se/avvikelse-hook',
    'https://193.10.1.1/hook',
    'https://[2001:6b0::1]/hook',
    'https://[::ffff:193.10.1.1]/hook',
  ])('should accept %s in production', (url) => {
    expect(refusedWebhookUrl(url, true)).toBeNull();
  });

  it.each([
    ['plain http', 'http://verksamhetssystem.goteborg.se/hook'],
    ['loopback', 'https://127.0.0.1/hook'],
    ['loopback in decimal', 'https://2130706433/hook'],
    ['a private network', 'https://10.1.2.3/hook'],
    ['another private network', 'https://192.168.0.10:8443/hook'],
    ['link-local metadata', 'https://169.254.169.254/latest'],
    ['IPv6 loopback', 'https://[::1]/hook'],
    ['IPv4-mapped IPv6', 'https://[::ffff:127.0.0.1]/hook'],
    ['IPv6 unique local', 'https://[fd00::1]/hook'],
    ['localhost', 'https://localhost/hook'],
    ['a .internal name', 'https://jira.skr.internal/hook'],
    ['a single-label name', 'https://intranet/hook'],
  ])('should refuse %s in production', (_what, url) => {
    expect(refusedWebhookUrl(url, true)).toEqual(expect.any(String));
  });

  it('should allow http and loopback outside production', () => {
    expect(refusedWebhookUrl('http://127.0.0.1:4000/hook', false)).toBeNull();
  });
});
