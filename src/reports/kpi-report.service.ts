import { Injectable } from '@nestjs/common';
import { Actor, scopeOf } from '../actor/actor';
import { Clock } from '../common/clock';
import { ScopedDb } from '../database/scoped-db';
import { DeviationStatus } from '../deviations/deviation.entity';
import { AgreementsService, type PartyAgreement } from '../parties/agreements.service';
import { KpiQueryDto, KpiRowDto, type DurationStatsDto } from './dto/kpi.dto';
import { PRIORITIES } from '../agreements/priority';
import { OPEN_STATUSES } from '../sla/sla-clock';
import { SlaService, type DeviationSla } from '../sla/sla.service';
import { KPI_AGE_BUCKETS, kpiClockRows, kpiCounts, kpiWindow, type KpiClockRow, type KpiCount, type KpiWindow } from './kpi-queries';

const MS_PER_HOUR = 3_600_000;
const MS_PER_DAY = 86_400_000;
const OPEN: ReadonlySet<DeviationStatus> = new Set(OPEN_STATUSES);

/**
 * The monthly KPI report per agreement and party: by default the responsible party's deviations (issue 20), with
 * `view=rapporterad` the reporter's. Cohorts: received = submitted in the month; solved = resolution
 * clock stopped in the month; Responstid = response clock stopped in the month. Withdrawn deviations are not
 * measured. The backlog is what was open at the month's end (or now, for the running month).
 *
 * All parties' months are read in two queries (src/reports/kpi-queries.ts): the counts aggregated in PostgreSQL, and
 * the few cases whose clocks can stop in the month, read here under their agreements.
 */
@Injectable()
export class KpiReportService {
  constructor(
    private readonly db: ScopedDb,
    private readonly agreements: AgreementsService,
    private readonly sla: SlaService,
    private readonly clock: Clock,
  ) {}

  async report(actor: Actor, query: KpiQueryDto): Promise<KpiRowDto[]> {
    const now = this.clock.now();
    const view = query.view ?? 'ansvarig';
    return this.db.transaction(scopeOf(actor), async (manager) => {
      const parties = await this.agreements.partyAgreements(manager, query.partyId);
      const windows = parties.map((party) => kpiWindow(party.partyId, query.month, party.agreement.timeZone, now));
      const counts = await kpiCounts(manager, view, windows);
      const clockRows = await kpiClockRows(manager, view, windows);
      const clocks = await this.sla.read(manager, clockRows, now);
      const rows = parties.map((party, i) =>
        kpiRow(
          query.month,
          party,
          windows[i],
          counts.filter((c) => c.partyId === party.partyId),
          clockRows.filter((r) => r.partyId === party.partyId),
          clocks,
        ),
      );
      return rows.sort((a, b) => a.agreementCode.localeCompare(b.agreementCode) || a.partyName.localeCompare(b.partyName, 'sv'));
    });
  }
}

function kpiRow(
  month: string,
  party: PartyAgreement,
  { start, end, asOf }: KpiWindow,
  counts: readonly KpiCount[],
  clockRows: readonly KpiClockRow[],
  clocks: Map<string, DeviationSla>,
): KpiRowDto {
  const inMonth = (at: Date | null | undefined): at is Date => !!at && at >= start && at < end;
  const byPriority = Object.fromEntries(PRIORITIES.map((p) => [p, 0]));
  const byAgeDays = Object.fromEntries(KPI_AGE_BUCKETS.map(([label]) => [label, 0]));
  let received = 0;
  let backlog = 0;
  for (const count of counts) {
    received += count.received;
    byPriority[count.prioritet] += count.received;
    if (count.ageBucket === null) continue;
    backlog += count.open;
    byAgeDays[KPI_AGE_BUCKETS[count.ageBucket - 1][0]] += count.open;
  }
  const responseMs: number[] = [];
  const resolutionMs: number[] = [];
  let within = 0;
  for (const d of clockRows) {
    const reading = clocks.get(d.id)?.reading;
    if (reading && d.status !== DeviationStatus.Återkallad) {
      if (inMonth(reading.response.stoppedAt)) responseMs.push(reading.response.elapsedMs);
      if (inMonth(reading.resolution.stoppedAt)) {
        resolutionMs.push(reading.resolution.elapsedMs);
        if (reading.resolution.state === 'met') within += 1;
      }
    }
    // The open ones are in the counts already; a closed one was still open at the backlog instant if its resolution
    // clock had not stopped by then.
    const stoppedAt = reading?.resolution.stoppedAt ?? null;
    if (OPEN.has(d.status) || !d.submittedAt || d.submittedAt > asOf || (stoppedAt && stoppedAt <= asOf)) continue;
    backlog += 1;
    const days = Math.floor((asOf.getTime() - d.submittedAt.getTime()) / MS_PER_DAY);
    byAgeDays[KPI_AGE_BUCKETS.findLast(([, lowest]) => days >= lowest)![0]] += 1;
  }
  const solved = resolutionMs.length;
  const share = solved > 0 ? Math.round((within / solved) * 10_000) / 10_000 : null;
  return Object.assign(new KpiRowDto(), {
    month,
    agreementCode: party.agreement.code,
    partyId: party.partyId,
    partyName: party.partyName,
    received: { total: received, byPriority },
    solved: {
      total: solved,
      withinTarget: within,
      outsideTarget: solved - within,
      shareWithinTarget: share,
      threshold: party.agreement.complianceThreshold,
      meetsThreshold: share === null ? null : share >= party.agreement.complianceThreshold,
    },
    responseTime: durationStats(responseMs),
    resolutionTime: durationStats(resolutionMs),
    backlog: { asOf, total: backlog, byAgeDays },
  });
}

/** Median (mean of the middle two for an even count) and 90th percentile by nearest rank, in hours to 0.01. */
export function durationStats(values: readonly number[]): DurationStatsDto {
  const sorted = [...values].sort((a, b) => a - b);
  const n = sorted.length;
  const hours = (ms: number) => Math.round((ms / MS_PER_HOUR) * 100) / 100;
  if (n === 0) return { count: 0, medianHours: null, p90Hours: null };
  const median = n % 2 === 1 ? sorted[(n - 1) / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  return { count: n, medianHours: hours(median), p90Hours: hours(sorted[Math.ceil(0.9 * n) - 1]) };
}
