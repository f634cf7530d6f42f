// Which e-mail addresses a party has confirmed as its own. Pure: no Nest or TypeORM import.

/** Longest domain name DNS allows. */
const MAX_DOMAIN_LENGTH = 253;
const LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/;

/** The domain as stored: trimmed, lower-case, without a leading `@` or a trailing dot; null when it is no domain. */
export function normaliseEmailDomain(value: string): string | null {
  const domain = value.trim().toLowerCase().replace(/^@/, '').replace(/\.$/, '');
  if (domain.length === 0 || domain.length > MAX_DOMAIN_LENGTH) return null;
  const labels = domain.split('.');
  // A bare top-level domain (`se`) would confirm a whole country's addresses.
  if (labels.length < 2 || !labels.every((label) => LABEL.test(label)) || /^\d+$/.test(labels.at(-1)!)) return null;
  return domain;
}

/** Whether `address` is in one of `domains` or in a subdomain of one (`x@sbk.goteborg.se` is within `goteborg.se`). */
export function isWithinDomains(address: string, domains: readonly string[]): boolean {
  const at = address.lastIndexOf('@');
  if (at < 1) return false;
  const domain = address
    .slice(at + 1)
    .toLowerCase()
    .replace(/\.$/, '');
  return domains.some((registered) => domain === registered || domain.endsWith(`.${registered}`));
}
