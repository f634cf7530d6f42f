import { BlockList, isIP } from 'node:net';

/** Addresses a party's endpoint must never be: this host, the private networks, link-local, multicast. */
const INTERNAL = new BlockList();
for (const [network, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['224.0.0.0', 3],
] as const) {
  INTERNAL.addSubnet(network, prefix, 'ipv4');
}
// IPv4-mapped IPv6 addresses (::ffff:a.b.c.d) are checked against the IPv4 rules by BlockList itself.
for (const [network, prefix] of [
  ['::', 127],
  ['64:ff9b::', 96],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
] as const) {
  INTERNAL.addSubnet(network, prefix, 'ipv6');
}

const INTERNAL_NAMES = /(^|\.)(localhost|local|internal|localdomain|home\.arpa)$/i;

/**
 * Why a webhook URL is refused, or null when it is acceptable. In production the URL must be https and must not
 * name this host or an internal network by address or by a reserved name, so a party cannot aim the worker at
 * SKR's own services. Elsewhere plain http and loopback are allowed (tests and the embedded default run there).
 * A public name that resolves to an internal address is not caught here; the network the worker runs in should not
 * route to internal services from it either.
 */
export function refusedWebhookUrl(url: string, production: boolean): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return 'Must be a valid absolute URL.';
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') return 'Must be an http(s) URL.';
  if (parsed.username || parsed.password) return 'Must not carry credentials; the signature authenticates the sender.';
  if (!production) return null;
  if (parsed.protocol !== 'https:') return 'Must be an https URL in production.';
  const host = parsed.hostname.replace(/^\[|\]$/g, '');
  const family = isIP(host);
  if (family !== 0 && INTERNAL.check(host, family === 4 ? 'ipv4' : 'ipv6'))
    return 'Must not be an internal, loopback or link-local address.';
  if (family === 0 && (INTERNAL_NAMES.test(host) || !host.includes('.'))) return 'Must be a public host name.';
  return null;
}
