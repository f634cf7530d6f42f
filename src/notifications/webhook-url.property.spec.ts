import fc from 'fast-check';
import { refusedWebhookUrl } from './webhook-url';

const strict = { requireHttps: true, allowPrivate: false };
const octet = fc.integer({ min: 0, max: 255 });

/** The IPv4 ranges a party's webhook must never reach, as [first octets, prefix length]. */
const BLOCKED: [number[], number][] = [
  [[0], 8],
  [[10], 8],
  [[100, 64], 10],
  [[127], 8],
  [[169, 254], 16],
  [[172, 16], 12],
  [[192, 168], 16],
  [[198, 18], 15],
  [[224], 4],
  [[240], 4],
];

function inRange([first, bits]: [number[], number], random: number[]): string {
  const base = [...first, 0, 0, 0, 0].slice(0, 4);
  const value = ((base[0] << 24) | (base[1] << 16) | (base[2] << 8) | base[3]) >>> 0;
  const host = ((random[0] << 24) | (random[1] << 16) | (random[2] << 8) | random[3]) >>> 0;
  const mask = bits === 0 ? 0 : (0xffffffff << (32 - bits)) >>> 0;
  const address = ((value & mask) | (host & ~mask)) >>> 0;
  return [24, 16, 8, 0].map((shift) => (address >>> shift) & 255).join('.');
}

describe(`${refusedWebhookUrl.name} (properties)`, () => {
  it('should refuse every address of every internal IPv4 range, in any spelling the URL parser accepts', () => {
    fc.assert(
      fc.property(fc.constantFrom(...BLOCKED), fc.tuple(octet, octet, octet, octet), fc.boolean(), (range, random, decimal) => {
        const address = inRange(range, random);
        const asNumber = address.split('.').reduce((sum, part) => sum * 256 + Number(part), 0);
        const host = decimal ? String(asNumber) : address;
        expect(refusedWebhookUrl(`https://${host}/hook`, strict)).not.toBeNull();
        expect(refusedWebhookUrl(`https://[::ffff:${address}]/hook`, strict)).not.toBeNull();
      }),
    );
  });

  it('should accept public addresses outside those ranges', () => {
    fc.assert(
      fc.property(fc.tuple(fc.integer({ min: 1, max: 223 }), octet, octet, octet), ([a, b, c, d]) => {
        const address = `${a}.${b}.${c}.${d}`;
        fc.pre(!BLOCKED.some((range) => inRange(range, [a, b, c, d]) === address));
        // Documentation, benchmarking and 6to4-relay ranges are refused too; they are not in the table above.
        fc.pre(!/^(192\.0\.[012]\.|198\.51\.100\.|203\.0\.113\.|192\.88\.99\.)/.test(address));
        expect(refusedWebhookUrl(`https://${address}/hook`, strict)).toBeNull();
      }),
    );
  });

  it('should refuse http in production and credentials anywhere', () => {
    fc.assert(
      fc.property(fc.domain(), fc.boolean(), (host, allowPrivate) => {
        expect(refusedWebhookUrl(`http://${host}/x`, { requireHttps: true, allowPrivate })).not.toBeNull();
        expect(refusedWebhookUrl(`https://user:pw@${host}/x`, { requireHttps: false, allowPrivate })).not.toBeNull();
      }),
    );
  });
});
