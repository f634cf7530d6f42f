import { isIP } from 'node:net';

const NAMED_PROXY_RANGES = ['loopback', 'linklocal', 'uniquelocal'];

/**
 * TRUST_PROXY as Express takes it. `true` (trust every hop) is refused: anyone reaching the API directly could then
 * choose their own IP and with it their own throttle budget.
 */
export function trustProxySetting(value: string): false | number | string[] {
  const text = value.trim();
  if (text === '' || text === 'false' || text === 'off') return false;
  if (/^\d+$/.test(text)) return Number(text);
  return text.split(',').map((entry) => entry.trim());
}

export function trustProxyProblem(value: string): string | undefined {
  const setting = trustProxySetting(value);
  if (setting === false) return undefined;
  if (typeof setting === 'number') return setting >= 1 && setting <= 10 ? undefined : 'TRUST_PROXY: a hop count must be 1–10';
  const bad = setting.find((entry) => !NAMED_PROXY_RANGES.includes(entry) && !isAddressOrRange(entry));
  return bad === undefined
    ? undefined
    : `TRUST_PROXY: "${bad}" is not an IP address, CIDR range or one of ${NAMED_PROXY_RANGES.join('/')} (empty turns it off)`;
}

function isAddressOrRange(entry: string): boolean {
  const [address, prefix, ...rest] = entry.split('/');
  const family = isIP(address);
  if (family === 0 || rest.length > 0) return false;
  if (prefix === undefined) return true;
  return /^\d{1,3}$/.test(prefix) && Number(prefix) <= (family === 4 ? 32 : 128);
}
