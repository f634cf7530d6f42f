import { Injectable } from '@nestjs/common';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import type { Actor } from '../actor/actor';
import { Clock } from '../common/clock';
import { availabilityRuleFor } from '../driftinfo/availability-levels';
import { type AvailabilityRow, AvailabilityRegisterService } from '../driftinfo/availability-register.service';
import { AvailabilityQueryDto } from '../driftinfo/dto/availability.dto';
import type { Language } from '../pages/catalogue';
import { HtmlPage, PageRenderer } from '../pages/page-renderer';
import { monthOfPage } from './month-query';
import type { PortalPage } from './portal-page.decorator';

/** A text of the catalogue with its parameters; `band` and `group` name a catalogue key the template translates. */
interface Text {
  readonly key: string;
  readonly params: Record<string, string>;
}

/** One agreed level of a register row: what the agreement asks, what the month gave, and whether it is met. */
interface TargetLine {
  readonly target: Text;
  readonly outcome: Text;
  readonly met: boolean;
}

/** One bastjänst (or SSBTEK as a whole) as the page shows it. */
interface RegisterSection {
  readonly name: string | null;
  readonly agreementCode: string;
  readonly summary: Record<'open' | 'unavailable' | 'disturbed' | 'percent', string>;
  readonly lines: readonly TargetLine[];
}

/**
 * The availability register (UC §4.9, §4.9.1; LEFI §2.4) as a page: the API's AvailabilityRegisterService with the
 * same Actor, so the same rule of who sees what (SKR every bastjänst and SSBTEK as a whole, a party the bastjänster
 * bound to it). Each agreed level is a table row with the month's figure and whether it is met; no chart, no script.
 */
@Injectable()
export class AvailabilityPages {
  constructor(
    private readonly renderer: PageRenderer,
    private readonly register: AvailabilityRegisterService,
    private readonly clock: Clock,
  ) {}

  async month(page: PortalPage, actor: Actor): Promise<HtmlPage> {
    const month = monthOfPage(page, this.clock.now());
    // The API's own query rule, so the page takes exactly the months the API does.
    const invalid = (await validate(plainToInstance(AvailabilityQueryDto, { månad: month }))).length > 0;
    const rows = invalid ? [] : await this.register.month(actor, month);
    const language = page.context.language;
    return this.renderer.render(
      '/portal/views/availability',
      { month, invalid, sections: rows.map((row) => sectionOf(row, language)) },
      page.context,
    );
  }
}

function sectionOf(row: AvailabilityRow, language: Language): RegisterSection {
  const number = new Intl.NumberFormat(language === 'en' ? 'en-GB' : 'sv-SE', { maximumFractionDigits: 2 });
  const hours = (minutes: number) => number.format(minutes / 60);
  const rule = availabilityRuleFor(row.agreementCode);
  const text = (key: string, params: Record<string, string> = {}): Text => ({ key: `availability.${key}`, params });
  const lines: TargetLine[] = [
    ...row.bands.map((band) => ({
      target: text('targets.availability', { band: band.name, min: number.format(band.minPercent) }),
      outcome: text('outcome.percent', { value: number.format(band.month.availabilityPercent) }),
      met: band.met,
    })),
    ...row.downtime.flatMap((d) => {
      const group = d.ceiling.bands.join('_');
      return [
        ...(d.ceiling.maxHoursPerMonth === null
          ? []
          : [
              {
                target: text('targets.downtimeMonth', { group, max: number.format(d.ceiling.maxHoursPerMonth) }),
                outcome: text('outcome.hours', { value: hours(d.monthMinutes) }),
                met: d.metMonth,
              },
            ]),
        ...(d.ceiling.maxHoursPerYear === null
          ? []
          : [
              {
                target: text('targets.downtimeYear', { group, max: number.format(d.ceiling.maxHoursPerYear) }),
                outcome: text('outcome.hoursYear', { value: hours(d.yearToDateMinutes) }),
                met: d.metYear,
              },
            ]),
      ];
    }),
    {
      target: text('targets.interruptionsMonth', { max: String(rule.maxInterruptionsPerMonth) }),
      outcome: text('outcome.count', { value: String(row.month.interruptions) }),
      met: row.met.interruptionsPerMonth,
    },
    ...(rule.maxInterruptionsPerYear === null
      ? []
      : [
          {
            target: text('targets.interruptionsYear', { max: String(rule.maxInterruptionsPerYear) }),
            outcome: text('outcome.countYear', { value: String(row.yearToDate.interruptions) }),
            met: row.met.interruptionsPerYear,
          },
        ]),
  ];
  return {
    name: row.names ? (language === 'en' ? row.names.en : row.names.sv) : null,
    agreementCode: row.agreementCode,
    summary: {
      open: hours(row.month.openMinutes),
      unavailable: hours(row.month.unavailableMinutes),
      disturbed: hours(row.month.disturbedMinutes),
      percent: number.format(row.month.availabilityPercent),
    },
    lines,
  };
}
