import { DeviationStatus, Miljö, type Deviation } from './deviation.entity';
import { incompleteFields } from './deviation-completeness';

describe(incompleteFields.name, () => {
  const complete: Partial<Deviation> = {
    status: DeviationStatus.Utkast,
    rubrik: 'Timeout mot CSN',
    reproduktionssteg: '1. Sök person',
    skäl: null,
    utfall: 'Timeout',
    del: 'anslutningsobjekt',
    miljö: Miljö.Test,
    kravreferens: 'SLA 4.8.1',
    påverkan: 3,
    tidpunkt: 2,
    kontaktpersoner: [{ namn: 'Anna', telefon: '+46701234567', epost: 'anna@kommun.se' }],
  };
  const pointers = (d: Partial<Deviation>) => incompleteFields(d as Deviation).map((e) => e.pointer);

  it('should accept a complete report, with steps or with a reason', () => {
    expect(pointers(complete)).toEqual([]);
    expect(pointers({ ...complete, reproduktionssteg: null, skäl: 'Kravet kan inte uppfyllas i testmiljön' })).toEqual([]);
  });

  it('should point at both reproduktionssteg and skäl when neither is given', () => {
    expect(pointers({ ...complete, reproduktionssteg: null, skäl: null })).toEqual(['/reproduktionssteg', '/skäl']);
  });

  it('should name every missing field of an empty draft', () => {
    expect(pointers({ rubrik: 'Bara rubrik', kontaktpersoner: [] })).toEqual([
      '/reproduktionssteg',
      '/skäl',
      '/utfall',
      '/del',
      '/miljö',
      '/kravreferens',
      '/påverkan',
      '/tidpunkt',
      '/kontaktpersoner',
    ]);
  });
});
