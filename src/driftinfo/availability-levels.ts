// The availability levels of each agreement and the opening hours they are measured in. Data, transcribed from the
// seeds; availability.ts computes.
import { type AgreementDefinition, type OpeningWindow, SLA_LEFI_ONLINE_2017, UC_SSBTEK_2024 } from '../agreements/agreements';

export type AvailabilityBandName = 'öppettid' | 'kontorstid' | 'kvällar' | 'helger';

/** A part of the opening hours with its own availability level; LEFI §2.4 splits kontorstid, kvällar and helger. */
export interface AvailabilityBand {
  readonly name: AvailabilityBandName;
  /** A calendar whose opening hours are the band's: its red days and time zone are the agreement's. */
  readonly hours: AgreementDefinition;
  /** Minimum share of the band's hours available, 0–100. */
  readonly minPercent: number;
  /** The band's part of an eve's own hours, by the weekday the eve falls on (empty: the band has no eve hours). */
  readonly eveHours: readonly OpeningWindow[];
}

/** Most unavailable hours ("hindertid") over one or more bands together. */
export interface DowntimeCeiling {
  readonly bands: readonly AvailabilityBandName[];
  readonly maxHoursPerMonth: number | null;
  readonly maxHoursPerYear: number | null;
}

export interface AvailabilityRule {
  /** The whole opening hours: the register row's figures and its unplanned interruptions are counted in them. */
  readonly measuredIn: AgreementDefinition;
  /** Disjoint parts of `measuredIn`, each judged on its own level. */
  readonly bands: readonly AvailabilityBand[];
  readonly downtime: readonly DowntimeCeiling[];
  /**
   * The hours of a day before a red day when the agreement gives it its own ("Dag före röd helgdag"), by the weekday
   * the eve falls on; they replace that day's ordinary hours. Empty: an eve is an ordinary day.
   */
  readonly eveHours: readonly OpeningWindow[];
  /** "Pålitlighet": most unplanned interruptions a month. */
  readonly maxInterruptionsPerMonth: number;
  readonly maxInterruptionsPerYear: number | null;
  readonly source: string;
}

/**
 * UC §4.9.1: "98 % Maximal nedtid 62 timmar per år … 4 ggr/mån, max 12 ggr/år", measured in the öppettid of §4.1.1,
 * Monday–Friday 08.00–17.00 — the same hours as the UC calendar. Transportstyrelsen's 16.30 (§4.2.1) is support
 * time, not öppettid, so its bastjänst is measured like the others.
 */
const UC: AvailabilityRule = {
  measuredIn: UC_SSBTEK_2024,
  bands: [{ name: 'öppettid', hours: UC_SSBTEK_2024, minPercent: 98, eveHours: [] }],
  downtime: [{ bands: ['öppettid'], maxHoursPerMonth: null, maxHoursPerYear: 62 }],
  eveHours: [],
  maxInterruptionsPerMonth: 4,
  maxInterruptionsPerYear: 12,
  source: 'seeds/001 §4.1.1, §4.9, §4.9.1',
};

// LEFI §2.1, online queries: "Vardagar 07.00 – 21.30, Lördag 07.30 – 16.00, Söndag 13.00 – 21.30". §2.4 splits them
// into kontorstid 07.00–17.00 and "kvällar och helger"; kontorstid is read as weekdays only, since a Saturday's
// 07.30–16.00 is the weekend's.
const KONTORSTID: OpeningWindow[] = [{ weekdays: [1, 2, 3, 4, 5], open: '07:00', close: '17:00' }];
const KVÄLLAR: OpeningWindow[] = [{ weekdays: [1, 2, 3, 4, 5], open: '17:00', close: '21:30' }];
const HELGER: OpeningWindow[] = [
  { weekdays: [6], open: '07:30', close: '16:00' },
  { weekdays: [7], open: '13:00', close: '21:30' },
];
// §2.1 "Dag före röd helgdag 07.00 – 16.30" is a row of its own that replaces the weekday's, also when the eve is a
// Saturday (påskafton, pingstafton, a julafton) or a Sunday (a julafton or nyårsafton before a red Monday). Its hours
// lie within kontorstid on a weekday and are the weekend's on a Saturday or Sunday (§2.4 "helger").
const EVE = { open: '07:00', close: '16:30' } as const;
const WEEKDAY_EVES: OpeningWindow[] = [{ weekdays: [1, 2, 3, 4, 5], ...EVE }];
const WEEKEND_EVES: OpeningWindow[] = [{ weekdays: [6, 7], ...EVE }];

/**
 * The LEFI service hours as a calendar. "Röd dag: Stängt" closes the public holidays only: julafton, midsommarafton
 * and nyårsafton are days before a red day, open 07.00–16.30 (`eveHours`). The SLA clock's calendar (KC Partner's
 * support hours, which close those eves) is a different one.
 */
const lefiHours = (openingHours: OpeningWindow[]): AgreementDefinition => ({
  ...SLA_LEFI_ONLINE_2017,
  openingHours,
  closedHolidayTypes: ['public'],
});

/**
 * LEFI §2.4: "Tillgänglighet kontorstid 99,3 %, kvällar 98,6 %, helger 98,0 %; Hindertid kontorstid 1,4 tim/mån,
 * kvällar och helger 2,6 tim/mån; Pålitlighet 4 ggr/mån", within the öppettid of §2.1 for online queries (the
 * nightly mass queries are a batch channel that §2.4 does not measure).
 */
const LEFI: AvailabilityRule = {
  measuredIn: lefiHours([{ weekdays: [1, 2, 3, 4, 5], open: '07:00', close: '21:30' }, ...HELGER]),
  bands: [
    { name: 'kontorstid', hours: lefiHours(KONTORSTID), minPercent: 99.3, eveHours: WEEKDAY_EVES },
    { name: 'kvällar', hours: lefiHours(KVÄLLAR), minPercent: 98.6, eveHours: [] },
    { name: 'helger', hours: lefiHours(HELGER), minPercent: 98, eveHours: WEEKEND_EVES },
  ],
  downtime: [
    { bands: ['kontorstid'], maxHoursPerMonth: 1.4, maxHoursPerYear: null },
    { bands: ['kvällar', 'helger'], maxHoursPerMonth: 2.6, maxHoursPerYear: null },
  ],
  eveHours: [...WEEKDAY_EVES, ...WEEKEND_EVES],
  maxInterruptionsPerMonth: 4,
  maxInterruptionsPerYear: null,
  source: 'seeds/002 §2.1, §2.4',
};

/** The availability rule for a bastjänst answering under `agreementCode`; every UC variant measures like the UC. */
export function availabilityRuleFor(agreementCode: string): AvailabilityRule {
  return agreementCode === SLA_LEFI_ONLINE_2017.code ? LEFI : UC;
}
