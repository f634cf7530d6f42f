import type { KpiRowDto } from './dto/kpi.dto';
import { toKpiCsv } from './kpi.csv';

const aRow = (overrides: Partial<KpiRowDto> = {}): KpiRowDto => ({
  month: '2026-11',
  agreementCode: 'UC_SSBTEK_2024',
  partyId: '5a0c1e6e-1d7a-4f55-8c38-8f1b2a3c4d5e',
  partyName: 'Kommun A',
  received: { total: 3, byPriority: { kritisk: 1, hög: 0, medel: 2, låg: 0 } },
  solved: { total: 2, withinTarget: 1, outsideTarget: 1, shareWithinTarget: 0.5, threshold: 0.95, meetsThreshold: false },
  responseTime: { count: 2, medianHours: 1.5, p90Hours: null },
  resolutionTime: { count: 2, medianHours: 10, p90Hours: 20 },
  backlog: { asOf: new Date('2026-11-30T23:00:00Z'), total: 4, byAgeDays: { '0-2': 1, '3-7': 1, '8-30': 2, '31+': 0 } },
  ...overrides,
});

describe(toKpiCsv.name, () => {
  it('should write a BOM, a header and one CRLF line per row, separated by semicolons', () => {
    const csv = toKpiCsv([aRow()]);
    expect(csv.startsWith('\uFEFFMånad;Avtal;Part;Mottagna;Mottagna kritisk;')).toBe(true);
    const lines = csv.slice(1).split('\r\n');
    expect(lines).toHaveLength(3);
    expect(lines[2]).toBe('');
    expect(lines[1]).toBe('2026-11;UC_SSBTEK_2024;Kommun A;3;1;0;2;0;2;1;1;0.5;0.95;nej;1.5;;10;20;4;1;1;2;0');
    expect(lines[0].split(';')).toHaveLength(lines[1].split(';').length);
    expect(lines[0].endsWith(';Öppna 0-2 dagar;Öppna 3-7 dagar;Öppna 8-30 dagar;Öppna 31+ dagar')).toBe(true);
  });

  it('should defuse a party name that starts a formula and quote one that holds a separator or a quote', () => {
    const csv = toKpiCsv([
      aRow({ partyName: '=HYPERLINK("http://evil";"x")' }),
      aRow({ partyName: '@SUM(A1)' }),
      aRow({ partyName: 'A; "B"' }),
    ]);
    const lines = csv.slice(1).split('\r\n');
    expect(lines[1]).toContain(`;"'=HYPERLINK(""http://evil"";""x"")";`);
    expect(lines[2]).toContain(`;'@SUM(A1);`);
    expect(lines[3]).toContain(`;"A; ""B""";`);
  });

  it('should write the threshold answer as ja, nej or nothing', () => {
    const cell = (meetsThreshold: boolean | null) =>
      toKpiCsv([aRow({ solved: { ...aRow().solved, meetsThreshold } })])
        .split('\r\n')[1]
        .split(';')[13];
    expect([cell(true), cell(false), cell(null)]).toEqual(['ja', 'nej', '']);
  });

  it('should write only the header for no rows', () => {
    expect(toKpiCsv([]).split('\r\n')).toHaveLength(2);
  });
});
