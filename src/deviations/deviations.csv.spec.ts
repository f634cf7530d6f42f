import { csvCell, toCsv } from './deviations.csv';
import type { Deviation } from './deviation.entity';

describe(csvCell.name, () => {
  it('should leave plain text, numbers and Swedish letters as they are', () => {
    expect(csvCell('Gränssnitt mot frågetjänster')).toBe('Gränssnitt mot frågetjänster');
    expect(csvCell(3)).toBe('3');
    expect(csvCell(null)).toBe('');
    expect(csvCell(undefined)).toBe('');
  });

  it('should quote separators, quotes and line breaks, doubling the quotes', () => {
    expect(csvCell('a;b')).toBe('"a;b"');
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('säger "hej"')).toBe('"säger ""hej"""');
    expect(csvCell('rad 1\nrad 2')).toBe('"rad 1\nrad 2"');
    expect(csvCell('rad 1\r\nrad 2')).toBe('"rad 1\r\nrad 2"');
  });

  it.each(['=1+1', '+46701234567', '-2+3', '@SUM(A1)', '\t=1', '\r=1'])('should defuse %j so a spreadsheet never runs it', (text) => {
    const cell = csvCell(text);
    expect(cell.replace(/^"/, '').startsWith(`'${text[0]}`)).toBe(true);
  });

  it('should defuse and quote at once', () => {
    expect(csvCell('=HYPERLINK("http://x";"klicka")')).toBe(`"'=HYPERLINK(""http://x"";""klicka"")"`);
  });
});

describe(toCsv.name, () => {
  it('should write a BOM, a header and CRLF-terminated rows', () => {
    const d = {
      key: 'AVV-2026-00001',
      status: 'inskickad',
      prioritet: 'hög',
      rubrik: '=cmd',
      del: null,
      miljö: 'test',
      kravreferens: 'SLA 4.8.1',
      påverkan: 2,
      tidpunkt: 1,
      reproduktionssteg: 'steg 1\nsteg 2',
      skäl: null,
      utfall: 'timeout',
      förväntat: null,
      kontaktpersoner: [{ namn: 'Anna', telefon: '+46701234567', epost: 'anna@kommun.se' }],
      createdAt: new Date('2026-11-23T10:00:00.000Z'),
      submittedAt: null,
      updatedAt: new Date('2026-11-23T11:00:00.000Z'),
    } as unknown as Deviation;
    const csv = toCsv([d]);
    expect(csv.startsWith('\uFEFFNyckel;Status;Prioritet;Rubrik;')).toBe(true);
    expect(csv.endsWith('\r\n')).toBe(true);
    const row = csv.split('\r\n')[1];
    expect(row.startsWith(`AVV-2026-00001;inskickad;hög;'=cmd;;test;SLA 4.8.1;2;1;"steg 1\nsteg 2";;timeout;;`)).toBe(true);
    expect(row).toContain(';Anna +46701234567 anna@kommun.se;');
  });
});

describe('toCsv: several deviations and contacts', () => {
  const aDeviation = (key: string, kontaktpersoner: { namn: string; telefon: string; epost: string }[]) =>
    ({
      key,
      status: 'mottagen',
      prioritet: 'medel',
      rubrik: 'Långa svarstider',
      del: null,
      miljö: 'produktion',
      kravreferens: null,
      påverkan: 3,
      tidpunkt: 3,
      reproduktionssteg: null,
      skäl: null,
      utfall: null,
      förväntat: null,
      kontaktpersoner,
      createdAt: new Date('2026-11-23T10:00:00.000Z'),
      submittedAt: new Date('2026-11-23T10:05:00.000Z'),
      updatedAt: new Date('2026-11-23T11:00:00.000Z'),
    }) as unknown as Deviation;

  it('should write one line per deviation and join its contacts with "; " in one quoted cell', () => {
    const anna = { namn: 'Anna', telefon: '0701', epost: 'anna@kommun.se' };
    const bo = { namn: 'Bo', telefon: '0702', epost: 'bo@kommun.se' };
    const lines = toCsv([aDeviation('AVV-2026-00001', [anna, bo]), aDeviation('AVV-2026-00002', [])]).split('\r\n');
    expect(lines).toHaveLength(4);
    expect(lines[1]).toBe(
      'AVV-2026-00001;mottagen;medel;Långa svarstider;;produktion;;3;3;;;;;"Anna 0701 anna@kommun.se; Bo 0702 bo@kommun.se";' +
        '2026-11-23T10:00:00.000Z;2026-11-23T10:05:00.000Z;2026-11-23T11:00:00.000Z',
    );
    expect(lines[2]).toBe(
      'AVV-2026-00002;mottagen;medel;Långa svarstider;;produktion;;3;3;;;;;;2026-11-23T10:00:00.000Z;2026-11-23T10:05:00.000Z;2026-11-23T11:00:00.000Z',
    );
    expect(lines[3]).toBe('');
  });
});
