import fc from 'fast-check';
import { IdempotencyKeyReusedError, replayOf, requestHash } from './idempotency-key';

describe('idempotency keys (properties)', () => {
  it('should hash equal bodies alike and different bodies apart', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.jsonValue(), (a, b) => {
        expect(requestHash(a)).toBe(requestHash(structuredClone(a)));
        if (JSON.stringify(a) !== JSON.stringify(b)) expect(requestHash(a)).not.toBe(requestHash(b));
        expect(requestHash(a)).toMatch(/^[0-9a-f]{64}$/);
      }),
    );
  });

  it('should replay the earlier row only for the same body, and refuse another body under the same key', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.jsonValue(), (first, second) => {
        const earlier = { id: 'x', idempotencyHash: requestHash(first) };
        expect(replayOf(earlier, requestHash(first))).toBe(earlier);
        expect(replayOf(null, requestHash(second))).toBeNull();
        if (JSON.stringify(first) !== JSON.stringify(second))
          expect(() => replayOf(earlier, requestHash(second))).toThrow(IdempotencyKeyReusedError);
      }),
    );
  });
});
