import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { type Actor, isSkr, scopeOf } from '../actor/actor';
import { fromLocalDateTime } from '../agreements/time-zone';
import { ScopedDb } from '../database/scoped-db';
import { AgreementBinding } from '../parties/agreement-binding.entity';
import { type AvailabilityReport, availabilityReport, type OutageSpan, type WindowSpan } from './availability';
import { availabilityRuleFor } from './availability-levels';
import { DriftAnnouncement } from './drift-announcement.entity';

const TZ = 'Europe/Stockholm';

/** The register row of one bastjänst (or of SSBTEK as a whole, `bastjänst: null`) for one month. */
export interface AvailabilityRow extends AvailabilityReport {
  bastjänst: string | null;
  /** The bastjänst's names, for a page; null for SSBTEK as a whole. */
  names: { sv: string; en: string } | null;
  agreementCode: string;
}

/** The availability register per bastjänst and month, from the announcements (UC §4.9, §5.1). */
@Injectable()
export class AvailabilityRegisterService {
  constructor(private readonly db: ScopedDb) {}

  /** SKR reads every bastjänst and SSBTEK as a whole; a party the bastjänster bound to it. */
  async month(actor: Actor, month: string): Promise<AvailabilityRow[]> {
    const [year, monthNumber] = month.split('-').map(Number);
    const from = fromLocalDateTime(`${month}-01`, 0, TZ);
    const to = fromLocalDateTime(`${nextMonth(year, monthNumber)}-01`, 0, TZ);
    const yearStart = fromLocalDateTime(`${year}-01-01`, 0, TZ);
    return this.db.transaction(scopeOf(actor), async (manager) => {
      const bindings = await manager.find(AgreementBinding, isSkr(actor) ? {} : { where: { partyId: actor.partyId! } });
      const all = (await manager.query(`SELECT code, name_sv, name_en FROM bastjanst ORDER BY sort_order`)) as {
        code: string;
        name_sv: string;
        name_en: string;
      }[];
      const names = new Map(all.map((b) => [b.code, { sv: b.name_sv, en: b.name_en }]));
      const codes = isSkr(actor) ? all.map((b) => b.code) : [...new Set(bindings.map((b) => b.bastjänst))];
      const announcements = await this.announcementsIn(manager, yearStart, to);
      const rows = codes.map((code) => {
        const agreementCode = bindings.find((b) => b.bastjänst === code)?.agreementCode ?? 'UC_SSBTEK_2024';
        return this.row(code, names.get(code) ?? null, agreementCode, spansFor(announcements, code, all.length), { from, to, yearStart });
      });
      if (isSkr(actor))
        rows.unshift(this.row(null, null, 'UC_SSBTEK_2024', spansFor(announcements, null, all.length), { from, to, yearStart }));
      return rows;
    });
  }

  private row(
    bastjänst: string | null,
    names: { sv: string; en: string } | null,
    agreementCode: string,
    spans: { outages: OutageSpan[]; windows: WindowSpan[] },
    period: { from: Date; to: Date; yearStart: Date },
  ): AvailabilityRow {
    return {
      bastjänst,
      names,
      agreementCode,
      ...availabilityReport(availabilityRuleFor(agreementCode), period, spans.outages, spans.windows),
    };
  }

  private announcementsIn(manager: EntityManager, from: Date, to: Date): Promise<DriftAnnouncement[]> {
    return manager
      .createQueryBuilder(DriftAnnouncement, 'a')
      .where(`a.status <> 'installd' AND a.starts_at < :to AND (a.ended_at IS NULL OR a.ended_at > :from)`, { from, to })
      .getMany();
  }
}

/**
 * The spans that concern one bastjänst, or SSBTEK as a whole (`code` null). A bastjänst named in an outage is
 * unavailable; the central component down leaves only the answering agencies it reports. For SSBTEK as a whole, an
 * outage of some bastjänster leaves the others answering, which §4.9 turns into "tillgänglig med störning" from three.
 * A window counts as announced per routine when it was published before it began.
 */
function spansFor(announcements: DriftAnnouncement[], code: string | null, bastjänstCount: number) {
  const concerns = (a: DriftAnnouncement) => a.centralComponent || code === null || a.bastjänster.includes(code);
  const outages = announcements
    .filter((a) => a.kind === 'driftstorning' && concerns(a))
    .map((a) => ({
      from: a.startsAt,
      to: a.endedAt,
      answeringAgencies:
        code !== null && a.bastjänster.includes(code)
          ? null
          : a.centralComponent
            ? a.answeringAgencies
            : (a.answeringAgencies ?? bastjänstCount - a.bastjänster.length),
    }));
  const windows = announcements
    .filter((a) => a.kind === 'planerad_andring' && concerns(a) && a.status !== 'planerad')
    .map((a) => ({
      from: a.startsAt,
      to: a.endedAt,
      announcedEnd: a.announcedEndAt ?? a.expectedEndAt ?? a.startsAt,
      announcedPerRoutine: a.publishedAt.getTime() < a.startsAt.getTime(),
    }));
  return { outages, windows };
}

function nextMonth(year: number, month: number): string {
  return month === 12 ? `${year + 1}-01` : `${year}-${String(month + 1).padStart(2, '0')}`;
}
