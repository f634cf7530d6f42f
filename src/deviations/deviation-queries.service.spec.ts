import { RequestValidationError } from '../common/domain-error';
import { decodeCursor, encodeCursor, priorityRank } from './deviation-queries.service';

const ID = '3f1c7a52-9a4e-4f57-8d1e-2a6c1b0e9f10';
function thrownBy(work: () => unknown): unknown {
  try {
    work();
  } catch (error) {
    return error;
  }
  return undefined;
}
const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

describe(decodeCursor.name, () => {
  it('should read back what encodeCursor wrote, for every sort', () => {
    const cases = [
      [{ sort: 'created', order: 'desc' }, '2026-11-23T10:00:00.123Z'],
      [{ sort: 'updated', order: 'asc' }, '2026-01-01T00:00:00.000Z'],
      [{ sort: 'prioritet', order: 'desc' }, '4'],
      [{ sort: 'key', order: 'asc' }, 'AVV-2026-100001'],
    ] as const;
    for (const [query, value] of cases) {
      const cursor = encodeCursor(query, value, ID);
      expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
      expect(decodeCursor(cursor, query)).toEqual({ value, id: ID });
    }
  });

  it('should refuse a cursor made for another sort or order', () => {
    const cursor = encodeCursor({ sort: 'created', order: 'desc' }, '2026-11-23T10:00:00.123Z', ID);
    expect(() => decodeCursor(cursor, { sort: 'updated', order: 'desc' })).toThrow(RequestValidationError);
    expect(() => decodeCursor(cursor, { sort: 'created', order: 'asc' })).toThrow(RequestValidationError);
  });

  const created = { sort: 'created', order: 'desc' } as const;
  const prioritet = { sort: 'prioritet', order: 'desc' } as const;
  const key = { sort: 'key', order: 'asc' } as const;
  it.each([
    ['not base64 JSON', 'bm90LWEtY3Vyc29y', created],
    ['the old array form', b64(['2026-11-23T10:00:00.123Z', ID]), created],
    ['a key where a time belongs', b64({ s: 'created', o: 'desc', v: 'AVV-2026-00001', i: ID }), created],
    ['an impossible time', b64({ s: 'created', o: 'desc', v: '2026-13-45T99:00:00.000Z', i: ID }), created],
    ['a time without milliseconds', b64({ s: 'created', o: 'desc', v: '2026-11-23T10:00:00Z', i: ID }), created],
    ['a priority out of range', b64({ s: 'prioritet', o: 'desc', v: '7', i: ID }), prioritet],
    ['a number for a value', b64({ s: 'prioritet', o: 'desc', v: 4, i: ID }), prioritet],
    ['SQL in the key', b64({ s: 'key', o: 'asc', v: "AVV-2026-00001' OR 1=1", i: ID }), key],
    ['dashes for an id', b64({ s: 'created', o: 'desc', v: '2026-11-23T10:00:00.123Z', i: '-'.repeat(36) }), created],
    ['null', b64(null), created],
  ] as const)('should refuse %s with a 400 naming the cursor parameter', (_what, cursor, query) => {
    const error = thrownBy(() => decodeCursor(cursor, query));
    expect(error).toBeInstanceOf(RequestValidationError);
    expect((error as RequestValidationError).errors).toEqual([expect.objectContaining({ parameter: 'cursor', code: 'cursor' })]);
  });
});

describe(priorityRank.name, () => {
  it('should rank kritisk highest and no priority lowest', () => {
    expect(['låg', null, 'kritisk', 'medel', 'hög'].sort((a, b) => priorityRank(b) - priorityRank(a))).toEqual([
      'kritisk',
      'hög',
      'medel',
      'låg',
      null,
    ]);
  });
});
