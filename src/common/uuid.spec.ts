import { isUuid, UUID_PATTERN } from './uuid';

describe(isUuid.name, () => {
  it.each(['3f2b6c1e-9a0d-4c4e-8f1a-2b3c4d5e6f70', '3F2B6C1E-9A0D-4C4E-8F1A-2B3C4D5E6F70', '00000000-0000-0000-0000-000000000000'])(
    'should take the canonical form %s',
    (value) => expect(isUuid(value)).toBe(true),
  );

  it.each([
    ['a value with braces', '{3f2b6c1e-9a0d-4c4e-8f1a-2b3c4d5e6f70}'],
    ['a value without hyphens', '3f2b6c1e9a0d4c4e8f1a2b3c4d5e6f70'],
    ['a value with a trailing newline', '3f2b6c1e-9a0d-4c4e-8f1a-2b3c4d5e6f70\n'],
    ['a non-hex digit', '3f2b6c1e-9a0d-4c4e-8f1a-2b3c4d5e6f7g'],
  ])('should refuse %s', (_what, value: string) => expect(isUuid(value)).toBe(false));

  it('should give SQL the lower-case pattern PostgreSQL writes', () => {
    expect(new RegExp(UUID_PATTERN).test('3f2b6c1e-9a0d-4c4e-8f1a-2b3c4d5e6f70')).toBe(true);
    expect(new RegExp(UUID_PATTERN).test('3F2B6C1E-9A0D-4C4E-8F1A-2B3C4D5E6F70')).toBe(false);
  });
});
