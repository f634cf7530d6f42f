import { csvCell } from '../deviations/deviations.csv';
import type { KpiRowDto } from './dto/kpi.dto';
import { PRIORITIES } from '../agreements/priority';

const COLUMNS: [string, (r: KpiRowDto) => unknown][] = [
  ['Månad', (r) => r.month],
  ['Avtal', (r) => r.agreementCode],
  ['Part', (r) => r.partyName],
  ['Mottagna', (r) => r.received.total],
  ...PRIORITIES.map((p): [string, (r: KpiRowDto) => unknown] => [`Mottagna ${p}`, (r) => r.received.byPriority[p]]),
  ['Lösta', (r) => r.solved.total],
  ['Inom åtgärdstid', (r) => r.solved.withinTarget],
  ['Utom åtgärdstid', (r) => r.solved.outsideTarget],
  ['Andel inom', (r) => r.solved.shareWithinTarget],
  ['Tröskel', (r) => r.solved.threshold],
  ['Tröskel uppnådd', (r) => (r.solved.meetsThreshold === null ? null : r.solved.meetsThreshold ? 'ja' : 'nej')],
  ['Responstid median (h)', (r) => r.responseTime.medianHours],
  ['Responstid p90 (h)', (r) => r.responseTime.p90Hours],
  ['Åtgärdstid median (h)', (r) => r.resolutionTime.medianHours],
  ['Åtgärdstid p90 (h)', (r) => r.resolutionTime.p90Hours],
  ['Öppna', (r) => r.backlog.total],
  ...['0-2', '3-7', '8-30', '31+'].map((b): [string, (r: KpiRowDto) => unknown] => [`Öppna ${b} dagar`, (r) => r.backlog.byAgeDays[b]]),
];

/** The KPI report as CSV the way the deviation export writes it: UTF-8 with BOM, semicolons, defused cells. */
export function toKpiCsv(rows: readonly KpiRowDto[]): string {
  const lines = [COLUMNS.map(([name]) => csvCell(name)).join(';')];
  for (const row of rows) lines.push(COLUMNS.map(([, get]) => csvCell(get(row))).join(';'));
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}
