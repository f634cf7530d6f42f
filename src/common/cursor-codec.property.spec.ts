import fc from 'fast-check';
import { CursorCodec, isInstant, isText, isUuidField } from './cursor-codec';
import { RequestValidationError } from './domain-error';

const codec = new CursorCodec({ t: isInstant, i: isUuidField, s: isText });
const position = fc.record({
  t: fc.date({ min: new Date('2000-01-01Z'), max: new Date('2100-01-01Z'), noInvalidDate: true }).map((d) => d.toISOString()),
  i: fc.uuid(),
  s: fc.string({ unit: 'grapheme' }),
});

describe(`${CursorCodec.name} (properties)`, () => {
  it('should decode every cursor it encodes to the same position', () => {
    fc.assert(fc.property(position, (p) => expect(codec.decode(codec.encode(p))).toEqual(p)));
  });

  it('should write the same bytes whatever order the position was built in', () => {
    fc.assert(fc.property(position, ({ t, i, s }) => expect(codec.encode({ s, i, t })).toBe(codec.encode({ t, i, s }))));
  });

  it('should answer any other string with a validation error, never another exception', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string(),
          fc.base64String(),
          fc.json().map((j) => Buffer.from(j).toString('base64url')),
        ),
        (cursor) => {
          try {
            codec.decode(cursor);
          } catch (error) {
            expect(error).toBeInstanceOf(RequestValidationError);
          }
        },
      ),
    );
  });
});
