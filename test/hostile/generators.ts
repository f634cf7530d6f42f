/** Deterministic hostile inputs: the same seed gives the same requests, so a failure can be replayed. */
export { seededRandom } from '../../jira-simulator/faults';

export const HOSTILE_STRINGS = [
  '',
  ' ',
  'x'.repeat(100_000),
  'a\u0000b',
  '\u0000',
  "'; DROP TABLE party; --",
  "' OR '1'='1",
  '" OR ""="',
  '<script>alert(1)</script>',
  '<img src=x onerror=alert(1)>',
  '../../../../etc/passwd',
  '..\\..\\windows\\system32',
  '%00',
  '%2e%2e%2f%2e%2e%2f',
  '${jndi:ldap://127.0.0.1/a}',
  '{{7*7}}',
  '\u202e\u0645\u0631\u062d\u0628\u0627',
  '\ud83d\ude00'.repeat(1000),
  '\ud800',
  'ÅÄÖåäö'.repeat(50),
  '=cmd|"/c calc"!A1',
  '-1',
  'NaN',
  'null',
  'true',
  '9'.repeat(400),
  '00000000-0000-0000-0000-000000000000',
  'ffffffff-ffff-ffff-ffff-ffffffffffff',
  'not-a-uuid',
  '1e309',
];

export const HOSTILE_VALUES: unknown[] = [
  null,
  true,
  false,
  0,
  -1,
  1.5,
  Number.MAX_SAFE_INTEGER,
  -Number.MAX_SAFE_INTEGER,
  [],
  [null],
  {},
  { $gt: '' },
  { __proto__: { admin: true } },
  { constructor: { prototype: { admin: true } } },
  new Array(10_000).fill('x'),
  ...HOSTILE_STRINGS,
];

/** JSON text nested `depth` levels deep (as text: JSON.stringify itself would overflow the stack). */
export class RawJson {
  constructor(readonly text: string) {}
}

export function deepJson(depth: number): RawJson {
  return new RawJson(`${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`);
}

export function pick<T>(random: () => number, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)];
}
