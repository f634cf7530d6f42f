/**
 * Swedish personal identity numbers (personnummer) and coordination numbers (samordningsnummer) in free text: found
 * on input (refused, see README "Personal data") and masked in outbound text (Jira, e-mail) as defence in depth for
 * text that entered before the rule. Pure: no Nest, no I/O.
 *
 * A candidate is 10 digits (ÅÅMMDD, an optional `-`, `+` or `–`, NNNC) or 12 digits (ÅÅÅÅMMDD…, century 18–20),
 * not touching other digits, whose date is a real date (a samordningsnummer's day is the day + 60), whose
 * födelsenummer NNN is 001–999 and whose last digit is the Luhn check digit (Skatteverket: "modulus-10-metoden med
 * vikterna 1 och 2"). An organisation number has month digits ≥ 20 and is therefore never one.
 */
export type IdentityNumberKind = 'personnummer' | 'samordningsnummer';

export interface IdentityNumberMatch {
  kind: IdentityNumberKind;
  /** Where the number stands in the text (UTF-16 indices, end exclusive). */
  start: number;
  end: number;
  /** ÅÅMMDDNNNC without separator: what a test-number list is looked up by. */
  tenDigits: string;
}

const CANDIDATE = /(?<!\d)(\d{8}|\d{6})([-+\u2013]?)(\d{4})(?!\d)/g;

/** Every personnummer and samordningsnummer in the text, in order. */
export function findIdentityNumbers(text: string): IdentityNumberMatch[] {
  const found: IdentityNumberMatch[] = [];
  for (const match of text.matchAll(CANDIDATE)) {
    const [whole, datePart, , tail] = match;
    const kind = identityNumberKind(datePart, tail);
    if (kind) found.push({ kind, start: match.index, end: match.index + whole.length, tenDigits: datePart.slice(-6) + tail });
  }
  return found;
}

/** The kind of number `datePart` (ÅÅMMDD or ÅÅÅÅMMDD) and `tail` (NNNC) make, or null when they make none. */
export function identityNumberKind(datePart: string, tail: string): IdentityNumberKind | null {
  const century = datePart.length === 8 ? Number(datePart.slice(0, 2)) : null;
  if (century !== null && (century < 18 || century > 20)) return null;
  const yy = Number(datePart.slice(-6, -4));
  const month = Number(datePart.slice(-4, -2));
  const rawDay = Number(datePart.slice(-2));
  if (tail.slice(0, 3) === '000' || !luhnValid(datePart.slice(-6) + tail)) return null;
  const kind: IdentityNumberKind = rawDay > 60 ? 'samordningsnummer' : 'personnummer';
  const day = kind === 'samordningsnummer' ? rawDay - 60 : rawDay;
  const years = century !== null ? [century * 100 + yy] : [1800 + yy, 1900 + yy, 2000 + yy];
  return years.some((year) => isDate(year, month, day)) ? kind : null;
}

function isDate(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false;
  return day <= new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** Luhn over ÅÅMMDDNNNC: weights 2, 1, 2 … from the left, digits of each product summed, total divisible by 10. */
export function luhnValid(tenDigits: string): boolean {
  let sum = 0;
  for (let i = 0; i < tenDigits.length; i++) {
    const product = Number(tenDigits[i]) * (i % 2 === 0 ? 2 : 1);
    sum += product > 9 ? product - 9 : product;
  }
  return sum % 10 === 0;
}

/** The Luhn check digit that completes ÅÅMMDDNNN. */
export function luhnCheckDigit(nineDigits: string): string {
  for (let digit = 0; digit <= 9; digit++) if (luhnValid(`${nineDigits}${digit}`)) return String(digit);
  throw new Error('unreachable: one of ten digits always completes a Luhn sum');
}

/** What replaces a number in outbound text: no digit of it (the birth date is personal data too). */
export const IDENTITY_NUMBER_MASK = 'XXXXXX-XXXX';

/**
 * The text with every personnummer and samordningsnummer replaced by `IDENTITY_NUMBER_MASK`: the one outbound
 * filter that Jira and e-mail text passes through. Idempotent, and the identity on text without such numbers.
 */
export function maskIdentityNumbers(text: string): string {
  const found = findIdentityNumbers(text);
  if (found.length === 0) return text;
  let masked = '';
  let from = 0;
  for (const match of found) {
    masked += text.slice(from, match.start) + IDENTITY_NUMBER_MASK;
    from = match.end;
  }
  return masked + text.slice(from);
}

/**
 * Skatteverket's published test numbers (open data "Testpersonnummer" and "Testsamordningsnummer"), from the text
 * of the CSV files as downloaded: every 12-digit run is one number; headers and other lines are ignored.
 */
export function parseTestNumberList(content: string): Set<string> {
  const numbers = new Set<string>();
  for (const [digits] of content.matchAll(/(?<!\d)\d{12}(?!\d)/g)) numbers.add(digits.slice(2));
  return numbers;
}
