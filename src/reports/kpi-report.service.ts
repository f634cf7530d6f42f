import { Injectable } from '@nestjs/common';
import { FindOptionsWhere, In, IsNull, LessThan, MoreThanOrEqual, Not } from 'typeorm';
import { Actor, scopeOf } from '../actor/actor';
import { Clock } from '../common/clock';
import { ScopedDb } from '../database/scoped-db';
import { Deviation, DeviationStatus } from '../deviations/deviation.entity';
import { AgreementsService, type PartyAgreement } from '../parties/agreements.service';
import { KpiQueryDto, KpiRowDto, type DurationStatsDto } from './dto/kpi.dto';
import { PRIORITIES } from '../agreements/priority';
import { OPEN_STATUSES } from '../sla/sla-clock';
import { SlaService, type DeviationSla } from '../sla/sla.service';
import { fromLocalDateTime } from '../agreements/time-zone';

const MS_PER_HOUR = 3_600_000;
const MS_PER_DAY = 86_400_000;
/** Backlog age buckets in whole calendar days since receipt: [label, lowest day]. */
const AGE_BUCKETS: readonly [string, number][] = [
  ['0-2', 0],
  ['3-7', 3],
  ['8-30', 8],
  ['31+', 31],
];

/**
 * The monthly KPI report per agreement and party: by default the responsible party's deviations (issue 20), with
 * `view=rapporterad` the reporter's. Cohorts: received = submitted in the month; solved = resolution
 * clock stopped in the month; Responstid = response clock stopped in the month. Withdrawn deviations are not
 * measured. The backlog is what was open at the month's end (or now, for the running month).
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
    return this.db.transaction(scopeOf(actor), async (manager) => {
      const parties = await this.agreements.partyAgreements(manager, query.partyId);
      const rows: KpiRowDto[] = [];
      for (const party of parties) {
        const { start, end } = monthOf(query.month, party.agreement.timeZone);
        // Anything that can count in the month: received before its end, and still open or touched since its start.
        // Whose KPIs: by default the responsible party's (it owes the support), a deviation awaiting triage its reporter's.
        const owners: FindOptionsWhere<Deviation>[] =
          query.view === 'rapporterad'
            ? [{ partyId: party.partyId }]
            : [{ responsiblePartyId: party.partyId }, { responsiblePartyId: IsNull(), partyId: party.partyId }];
        const deviations = await manager.find(Deviation, {
          where: owners.flatMap((owner) => [
            { ...owner, submittedAt: LessThan(end), prioritet: Not(IsNull()), status: In([...OPEN_STATUSES]) },
            { ...owner, submittedAt: LessThan(end), prioritet: Not(IsNull()), updatedAt: MoreThanOrEqual(start) },
          ]),
        });
        const clocks = await this.sla.read(manager, deviations, now);
        rows.push(kpiRow(query.month, party, deviations, clocks, start, end, now));
      }
      return rows.sort((a, b) => a.agreementCode.localeCompare(b.agreementCode) || a.partyName.localeCompare(b.partyName, 'sv'));
    });
  }
}

function monthOf(month: string, timeZone: string): { start: Date; end: Date } {
  const first = `${month}-01`;
  const [year, mm] = month.split('-').map(Number);
  const next = mm === 12 ? `${year + 1}-01-01` : `${year}-${String(mm + 1).padStart(2, '0')}-01`;
  return { start: fromLocalDateTime(first, 0, timeZone), end: fromLocalDateTime(next, 0, timeZone) };
}

function kpiRow(
  month: string,
  party: PartyAgreement,
  deviations: Deviation[],
  clocks: Map<string, DeviationSla>,
  start: Date,
  end: Date,
  now: Date,
): KpiRowDto {
  const inMonth = (at: Date | null | undefined): at is Date => !!at && at >= start && at < end;
  const measured = deviations.filter((d) => d.status !== DeviationStatus.Återkallad);
  const byPriority = Object.fromEntries(PRIORITIES.map((p) => [p, 0]));
  let received = 0;
  const responseMs: number[] = [];
  const resolutionMs: number[] = [];
  let within = 0;
  for (const d of measured) {
    if (inMonth(d.submittedAt)) {
      received += 1;
      byPriority[d.prioritet!] += 1;
    }
    const reading = clocks.get(d.id)?.reading;
    if (!reading) continue;
    if (inMonth(reading.response.stoppedAt)) responseMs.push(reading.response.elapsedMs);
    if (inMonth(reading.resolution.stoppedAt)) {
      resolutionMs.push(reading.resolution.elapsedMs);
      if (reading.resolution.state === 'met') within += 1;
    }
  }
  const asOf = now < end ? now : end;
  const byAgeDays = Object.fromEntries(AGE_BUCKETS.map(([label]) => [label, 0]));
  let backlog = 0;
  for (const d of deviations) {
    const stoppedAt = clocks.get(d.id)?.reading.resolution.stoppedAt ?? null;
    if (!d.submittedAt || d.submittedAt > asOf || (stoppedAt && stoppedAt <= asOf)) continue;
    const days = Math.floor((asOf.getTime() - d.submittedAt.getTime()) / MS_PER_DAY);
    backlog += 1;
    byAgeDays[AGE_BUCKETS.findLast(([, lowest]) => days >= lowest)![0]] += 1;
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
