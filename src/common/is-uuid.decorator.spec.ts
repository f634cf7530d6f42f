import { validateSync } from 'class-validator';
import { IsUuid } from './is-uuid.decorator';
import { isUuid } from './uuid';

class Body {
  @IsUuid()
  id: unknown;
}

const errorsFor = (id: unknown) => validateSync(Object.assign(new Body(), { id })).map((e) => e.constraints);

describe(IsUuid.name, () => {
  it.each([
    '3f2b6c1e-9a0d-4c4e-8f1a-2b3c4d5e6f70',
    '3F2B6C1E-9A0D-4C4E-8F1A-2B3C4D5E6F70',
    // No version or variant digit: PostgreSQL's uuid type and the path pipe take it, so a body field does too.
    '3f2b6c1e-9a0d-0c4e-0f1a-2b3c4d5e6f70',
  ])('should take %s exactly as the path check does', (id) => {
    expect(isUuid(id)).toBe(true);
    expect(errorsFor(id)).toEqual([]);
  });

  it.each(['3f2b6c1e9a0d4c4e8f1a2b3c4d5e6f70', '3f2b6c1e-9a0d-4c4e-8f1a-2b3c4d5e6f70\n', 42, null])('should refuse %j', (id) => {
    expect(errorsFor(id)).toEqual([{ isUuid: 'id must be a UUID' }]);
  });
});
