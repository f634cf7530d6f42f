import ipaddr from 'ipaddr.js';
import { isIP } from 'node:net';

type Ranges<T> = [range: [T, number], name: string][];

const v4 = (cidr: string, name: string): Ranges<ipaddr.IPv4>[number] => [ipaddr.IPv4.parseCIDR(cidr), name];
const v6 = (cidr: string, name: string): Ranges<ipaddr.IPv6>[number] => [ipaddr.IPv6.parseCIDR(cidr), name];

/**
 * The IANA special-purpose IPv4 registry, less the few entries that are globally reachable services nobody hosts a
 * webhook on anyway (192.0.0.9, AS112, AMT): refusing them costs nothing. Everything else is global unicast.
 */
const IPV4_SPECIAL: Ranges<ipaddr.IPv4> = [
  v4('0.0.0.0/8', 'unspecified'),
  v4('10.0.0.0/8', 'private'),
  v4('100.64.0.0/10', 'carrier-grade NAT'),
  v4('127.0.0.0/8', 'loopback'),
  v4('169.254.0.0/16', 'link-local'),
  v4('172.16.0.0/12', 'private'),
  v4('192.0.0.0/24', 'IETF protocol assignments'),
  v4('192.0.2.0/24', 'documentation'),
  v4('192.88.99.0/24', '6to4 relay anycast'),
  v4('192.168.0.0/16', 'private'),
  v4('198.18.0.0/15', 'benchmarking'),
  v4('198.51.100.0/24', 'documentation'),
  v4('203.0.113.0/24', 'documentation'),
  v4('224.0.0.0/4', 'multicast'),
  v4('240.0.0.0/4', 'reserved'),
];

/** Named for the log; anything outside 2000::/3 (global unicast as allocated) is refused as reserved anyway. */
const IPV6_SPECIAL: Ranges<ipaddr.IPv6> = [
  v6('::/128', 'unspecified'),
  v6('::1/128', 'loopback'),
  v6('::/96', 'IPv4-compatible (deprecated)'),
  v6('64:ff9b:1::/48', 'local-use NAT64'),
  v6('100::/64', 'discard-only'),
  v6('2001::/23', 'IETF protocol assignments'),
  v6('2001:db8::/32', 'documentation'),
  v6('3fff::/20', 'documentation'),
  v6('5f00::/16', 'segment routing'),
  v6('fc00::/7', 'unique local'),
  v6('fe80::/10', 'link-local'),
  v6('fec0::/10', 'site-local'),
  v6('ff00::/8', 'multicast'),
];
const IPV6_GLOBAL_UNICAST = ipaddr.IPv6.parseCIDR('2000::/3');

/**
 * Forms that carry an IPv4 address inside an IPv6 one: a packet to them ends up at (or is tunnelled towards) the
 * IPv4 address, so that address is what gets judged. 6to4 and Teredo are dead transition tunnels, but a host that
 * still has a relay route would follow them.
 */
const EMBEDDING: { range: [ipaddr.IPv6, number]; name: string; ipv4s: (parts: number[]) => number[][] }[] = [
  { range: ipaddr.IPv6.parseCIDR('::ffff:0:0/96'), name: 'IPv4-mapped', ipv4s: (p) => [[p[6], p[7]]] },
  { range: ipaddr.IPv6.parseCIDR('64:ff9b::/96'), name: 'NAT64', ipv4s: (p) => [[p[6], p[7]]] },
  { range: ipaddr.IPv6.parseCIDR('2002::/16'), name: '6to4', ipv4s: (p) => [[p[1], p[2]]] },
  // RFC 4380: the Teredo server's address in bits 32–63, the client's in the last 32 bits with every bit inverted.
  {
    range: ipaddr.IPv6.parseCIDR('2001::/32'),
    name: 'Teredo',
    ipv4s: (p) => [
      [p[2], p[3]],
      [p[6] ^ 0xffff, p[7] ^ 0xffff],
    ],
  },
];

const ipv4Of = ([high, low]: number[]) => new ipaddr.IPv4([high >> 8, high & 0xff, low >> 8, low & 0xff]);

function ipv4Range(address: ipaddr.IPv4): string | null {
  return IPV4_SPECIAL.find(([range]) => address.match(range))?.[1] ?? null;
}

function ipv6Range(address: ipaddr.IPv6): string | null {
  const embedding = EMBEDDING.find(({ range }) => address.match(range));
  if (embedding) {
    for (const ipv4 of embedding.ipv4s(address.parts).map(ipv4Of)) {
      const inner = ipv4Range(ipv4);
      if (inner) return `${embedding.name} of ${ipv4.toString()} (${inner})`;
    }
    return null;
  }
  const special = IPV6_SPECIAL.find(([range]) => address.match(range))?.[1];
  if (special) return special;
  return address.match(IPV6_GLOBAL_UNICAST) ? null : 'reserved';
}

/**
 * Why an address is not one a party's webhook may be sent to (loopback, private, link-local, CGNAT, multicast,
 * documentation, benchmarking, unique local, an IPv4 one hidden in an IPv6 form …), or null when it is global unicast.
 * The one classifier behind both the check of a registered URL and the check of the address actually connected to.
 */
export function nonGlobalRange(address: string): string | null {
  // A zone id (fe80::1%eth0) names a local interface: never a party's endpoint.
  if (address.includes('%')) return 'zoned';
  const family = isIP(address);
  if (family === 4) return ipv4Range(ipaddr.IPv4.parse(address));
  if (family !== 6) return 'not an IP address';
  // ipaddr.js 1.x reads a dotted IPv4 tail only after ::ffff:, so the WHATWG parser writes it in hex first.
  return ipv6Range(ipaddr.IPv6.parse(new URL(`http://[${address}]`).hostname.slice(1, -1)));
}
