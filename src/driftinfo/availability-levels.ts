// The availability levels of each agreement and the opening hours they are measured in. Data, transcribed from the
// seeds; availability.ts computes.
import { type AgreementDefinition, SLA_LEFI_ONLINE_2017, UC_SSBTEK_2024 } from '../agreements/agreements';
import { type AvailabilityLevels } from './availability';

export interface AvailabilityRule {
  /** The agreement whose calendar (time zone, red days) and opening hours the register measures in. */
  readonly measuredIn: AgreementDefinition;
  readonly levels: AvailabilityLevels;
  readonly source: string;
}

/**
 * UC §4.9.1: "98 % Maximal nedtid 62 timmar per år … 4 ggr/mån, max 12 ggr/år", measured in the öppettid of §4.1.1,
 * Monday–Friday 08.00–17.00 — the same hours as the UC calendar. Transportstyrelsen's 16.30 (§4.2.1) is support
 * time, not öppettid, so its bastjänst is measured like the others.
 */
const UC: AvailabilityRule = {
  measuredIn: UC_SSBTEK_2024,
  levels: {
    minPercent: 98,
    maxInterruptionsPerMonth: 4,
    maxInterruptionsPerYear: 12,
    maxUnavailableHoursPerYear: 62,
    maxUnavailableHoursPerMonth: null,
  },
  source: 'seeds/001 §4.1.1, §4.9, §4.9.1',
};

/**
 * LEFI §2.4: "Tillgänglighet kontorstid 99,3 % … Hindertid kontorstid 1,4 tim/mån … Pålitlighet 4 ggr/mån", with
 * kontorstid 07.00–17.00. The LEFI calendar's hours are KC Partner's support hours (07–18, Friday 07–16), so the
 * register measures in kontorstid instead. The evening and weekend levels (98,6 %, 98,0 %, 2,6 tim/mån) are not
 * registered yet: announcements carry no evening/weekend split of LEFI's §3.2 hours.
 */
const LEFI: AvailabilityRule = {
  measuredIn: { ...SLA_LEFI_ONLINE_2017, openingHours: [{ weekdays: [1, 2, 3, 4, 5], open: '07:00', close: '17:00' }] },
  levels: {
    minPercent: 99.3,
    maxInterruptionsPerMonth: 4,
    maxInterruptionsPerYear: null,
    maxUnavailableHoursPerYear: null,
    maxUnavailableHoursPerMonth: 1.4,
  },
  source: 'seeds/002 §2.4',
};

/** The availability rule for a bastjänst answering under `agreementCode`; every UC variant measures like the UC. */
export function availabilityRuleFor(agreementCode: string): AvailabilityRule {
  return agreementCode === SLA_LEFI_ONLINE_2017.code ? LEFI : UC;
}
