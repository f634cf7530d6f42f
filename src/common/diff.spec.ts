import { diffFields } from './diff';

describe(diffFields.name, () => {
  it('should see no change in an object whose members come back from jsonb in another order', () => {
    const stored = { kontaktpersoner: [{ epost: 'a@b.se', namn: 'Anna', telefon: '+46701234567' }] };
    const sent = { kontaktpersoner: [{ namn: 'Anna', telefon: '+46701234567', epost: 'a@b.se' }] };
    expect(diffFields(stored, sent, ['kontaktpersoner'])).toEqual({});
  });

  it('should see a changed member, an emptied field and a reordered list as changes', () => {
    const before = { kontaktpersoner: [{ namn: 'Anna' }, { namn: 'Bo' }], kravreferens: 'SLA 4.8.1' as string | null };
    const after = { kontaktpersoner: [{ namn: 'Bo' }, { namn: 'Anna' }], kravreferens: null };
    expect(Object.keys(diffFields(before, after, ['kontaktpersoner', 'kravreferens']))).toEqual(['kontaktpersoner', 'kravreferens']);
  });
});
