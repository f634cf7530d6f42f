import { CursorCodec, isInstant, isText, isUuidField } from './cursor-codec';
import { RequestValidationError } from './domain-error';

const ID = '3f1c7a52-9a4e-4f57-8d1e-2a6c1b0e9f10';
const AT = '2026-11-23T10:00:00.123Z';
const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
const codec = new CursorCodec({ t: isInstant, i: isUuidField });

function thrownBy(work: () => unknown): unknown {
  try {
    work();
  } catch (error) {
    return error;
  }
  return undefined;
}

describe(CursorCodec.name, () => {
  it('should read back what it wrote', () => {
    const cursor = codec.encode({ t: AT, i: ID });
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(codec.decode(cursor)).toEqual({ t: AT, i: ID });
  });

  it('should write the members in the order of its fields, so cursors keep their bytes', () => {
    expect(codec.encode({ i: ID, t: AT })).toBe(b64({ t: AT, i: ID }));
    expect(new CursorCodec({ s: isText, o: isText, v: isText, i: isUuidField }).encode({ v: '4', i: ID, o: 'desc', s: 'prioritet' })).toBe(
      b64({ s: 'prioritet', o: 'desc', v: '4', i: ID }),
    );
  });

  it('should give back only its own members', () => {
    expect(codec.decode(b64({ t: AT, i: ID, extra: 'x' }))).toEqual({ t: AT, i: ID });
  });

  it.each([
    ['not base64 JSON', 'bm90LWEtY3Vyc29y'],
    ['characters outside base64url', '!!!'],
    ['an empty cursor', ''],
    ['null', b64(null)],
    ['a number', b64(42)],
    ['an array of the right values', b64([AT, ID])],
    ['a missing member', b64({ t: AT })],
    ['a member of the wrong type', b64({ t: AT, i: 42 })],
    ['a tampered id', b64({ t: AT, i: `${ID.slice(0, -1)}g` })],
    ['a tampered time', b64({ t: '2026-13-45T99:00:00.000Z', i: ID })],
    ['a time without milliseconds', b64({ t: '2026-11-23T10:00:00Z', i: ID })],
    ['a time in another zone', b64({ t: '2026-11-23T11:00:00.123+01:00', i: ID })],
    ['a cursor cut short', codec.encode({ t: AT, i: ID }).slice(0, -6)],
  ])('should refuse %s with a 400 naming the cursor parameter', (_what, cursor) => {
    const error = thrownBy(() => codec.decode(cursor));
    expect(error).toBeInstanceOf(RequestValidationError);
    expect((error as RequestValidationError).errors).toEqual([
      { parameter: 'cursor', detail: 'Not a cursor returned by this API.', code: 'cursor' },
    ]);
  });
});
