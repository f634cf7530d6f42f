import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { KontaktpersonDto, normalisePhone } from './kontaktperson.dto';

describe(normalisePhone.name, () => {
  it.each([
    ['070-123 45 67', '+46701234567'],
    ['0701234567', '+46701234567'],
    ['+46 70 123 45 67', '+46701234567'],
    ['0046701234567', '+46701234567'],
    ['08-123 456 78', '+46812345678'],
    ['031-123 45 67', '+46311234567'],
    ['+47 22 22 22 22', '+4722222222'],
  ])('should turn %j into %j', (input, e164) => {
    expect(normalisePhone(input)).toBe(e164);
  });

  it.each(['12', 'inte ett nummer', '', '070-123 45 67 89 00 11', '+46 70 123 45 67'.repeat(5), 46701234567, null])(
    'should refuse %j',
    (input) => {
      expect(normalisePhone(input)).toBeNull();
    },
  );
});

describe(KontaktpersonDto.name, () => {
  const check = async (plain: object) => {
    const dto = plainToInstance(KontaktpersonDto, plain);
    return { dto, errors: (await validate(dto)).map((e) => e.property) };
  };

  it('should store a valid contact with its phone in E.164 and trimmed text', async () => {
    const { dto, errors } = await check({ namn: '  Anna Andersson ', telefon: '070-123 45 67', epost: ' anna@kommun.se ' });
    expect(errors).toEqual([]);
    expect(dto).toEqual({ namn: 'Anna Andersson', telefon: '+46701234567', epost: 'anna@kommun.se' });
  });

  it('should reject a bad phone number and a bad e-mail address', async () => {
    expect((await check({ namn: 'Anna', telefon: '12', epost: 'anna@' })).errors).toEqual(['telefon', 'epost']);
    expect((await check({ namn: '', telefon: 701234567, epost: 'anna@kommun.se' })).errors).toEqual(['namn', 'telefon']);
  });
});
