import { nonGlobalRange } from './webhook-address';

describe(nonGlobalRange.name, () => {
  it.each([
    '193.10.1.1',
    '8.8.8.8',
    '1.1.1.1',
    '100.128.0.1',
    '172.32.0.1',
    '198.20.0.1',
    '2001:6b0::1',
    '2a00:1450:4010::65',
    '::ffff:193.10.1.1',
    '64:ff9b::c10a:101',
    '2002:c10a:101::1',
    // Teredo with server 193.10.1.1 and client 8.8.8.8 (stored inverted).
    '2001:0:c10a:101::f7f7:f7f7',
  ])('should accept the global unicast address %s', (address) => {
    expect(nonGlobalRange(address)).toBeNull();
  });

  it.each([
    ['0.0.0.0', 'unspecified'],
    ['0.1.2.3', 'unspecified'],
    ['10.0.0.1', 'private'],
    ['100.64.0.1', 'carrier-grade NAT'],
    ['100.127.255.254', 'carrier-grade NAT'],
    ['127.0.0.1', 'loopback'],
    ['127.255.255.254', 'loopback'],
    ['169.254.169.254', 'link-local'],
    ['172.16.0.1', 'private'],
    ['172.31.255.254', 'private'],
    ['192.0.0.8', 'IETF protocol assignments'],
    ['192.0.2.1', 'documentation'],
    ['192.88.99.1', '6to4 relay anycast'],
    ['192.168.1.1', 'private'],
    ['198.18.0.1', 'benchmarking'],
    ['198.19.255.254', 'benchmarking'],
    ['198.51.100.1', 'documentation'],
    ['203.0.113.1', 'documentation'],
    ['224.0.0.1', 'multicast'],
    ['239.255.255.250', 'multicast'],
    ['240.0.0.1', 'reserved'],
    ['255.255.255.255', 'reserved'],
    ['::', 'unspecified'],
    ['::1', 'loopback'],
    ['::127.0.0.1', 'IPv4-compatible (deprecated)'],
    ['::a00:1', 'IPv4-compatible (deprecated)'],
    ['::ffff:127.0.0.1', 'IPv4-mapped of 127.0.0.1 (loopback)'],
    ['::ffff:7f00:1', 'IPv4-mapped of 127.0.0.1 (loopback)'],
    ['::ffff:10.1.2.3', 'IPv4-mapped of 10.1.2.3 (private)'],
    ['::ffff:169.254.169.254', 'IPv4-mapped of 169.254.169.254 (link-local)'],
    ['2002:7f00:1::', '6to4 of 127.0.0.1 (loopback)'],
    ['2002:c0a8:101::1', '6to4 of 192.168.1.1 (private)'],
    ['64:ff9b::7f00:1', 'NAT64 of 127.0.0.1 (loopback)'],
    ['64:ff9b::10.0.0.1', 'NAT64 of 10.0.0.1 (private)'],
    ['64:ff9b::a9fe:a9fe', 'NAT64 of 169.254.169.254 (link-local)'],
    ['64:ff9b:1::a00:1', 'local-use NAT64'],
    // Teredo: server 193.10.1.1, client 127.0.0.1 inverted (80ff:fffe); then a private server with a public client.
    ['2001:0:c10a:101::80ff:fffe', 'Teredo of 127.0.0.1 (loopback)'],
    ['2001:0:a00:1::f7f7:f7f7', 'Teredo of 10.0.0.1 (private)'],
    ['100::1', 'discard-only'],
    ['2001:2::1', 'IETF protocol assignments'],
    ['2001:db8::1', 'documentation'],
    ['3fff::1', 'documentation'],
    ['5f00::1', 'segment routing'],
    ['fc00::1', 'unique local'],
    ['fd12:3456:789a::1', 'unique local'],
    ['fe80::1', 'link-local'],
    ['febf:ffff::1', 'link-local'],
    ['fec0::1', 'site-local'],
    ['ff02::1', 'multicast'],
    ['ff0e::1', 'multicast'],
    ['4000::1', 'reserved'],
    ['1::1', 'reserved'],
  ])('should refuse %s as %s', (address, range) => {
    expect(nonGlobalRange(address)).toBe(range);
  });

  it('should refuse what is not an address and an address bound to a local interface', () => {
    expect(nonGlobalRange('inward.nip.io')).toBe('not an IP address');
    expect(nonGlobalRange('fe80::1%eth0')).toBe('zoned');
  });
});
