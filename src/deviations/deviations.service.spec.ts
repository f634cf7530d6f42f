import { DeviationStatus, Miljö, type Deviation } from './deviation.entity';
import { incompleteFields, priorityOf } from './deviations.service';

// Seed 001, UC §4.3, as printed (rows tidpunkt 1–4, columns påverkan 1–4): typed here, not read from the sla module,
// so the test fails if the deviations module ever uses another agreement's matrix by mistake.
const UC_MATRIX = [
  ['kritisk', 'hög', 'medel', 'låg'],
  ['hög', 'hög', 'medel', 'låg'],
  ['medel', 'medel', 'medel', 'låg'],
  ['låg', 'låg', 'låg', 'låg'],
];

describe(priorityOf.name, () => {
  const cells = UC_MATRIX.flatMap((row, t) => row.map((prioritet, p) => [p + 1, t + 1, prioritet] as const));

  it.each(cells)('should give påverkan %i, tidpunkt %i the priority %s', (påverkan, tidpunkt, prioritet) => {
    expect(priorityOf(påverkan, tidpunkt)).toBe(prioritet);
  });

  it('should leave the priority open until both påverkan and tidpunkt are known', () => {
    expect(priorityOf(undefined, 1)).toBeNull();
    expect(priorityOf(2, null)).toBeNull();
    expect(priorityOf(null, undefined)).toBeNull();
  });
});

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
