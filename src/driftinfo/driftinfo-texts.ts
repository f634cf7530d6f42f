// Every word driftinformation shows the public or mails out, in Swedish and English. Data only, kept in one file so it
// moves into the portal's message catalogue as it stands.
import type { Language } from '../common/problem-titles';

type Texts = { sv: string; en: string };

export const KIND_NAMES: Record<string, Texts> = {
  driftstorning: { sv: 'Driftstörning', en: 'Service disruption' },
  planerad_andring: { sv: 'Planerat underhåll', en: 'Planned maintenance' },
};

export const STATUS_NAMES: Record<string, Texts> = {
  pagaende: { sv: 'Pågår', en: 'Ongoing' },
  planerad: { sv: 'Planerad', en: 'Scheduled' },
  avslutad: { sv: 'Avslutad', en: 'Resolved' },
  installd: { sv: 'Inställd', en: 'Cancelled' },
};

export const SEVERITY_NAMES: Record<string, Texts> = {
  lag: { sv: 'Låg', en: 'Low' },
  medel: { sv: 'Medel', en: 'Medium' },
  hog: { sv: 'Hög', en: 'High' },
  allvarlig: { sv: 'Allvarlig', en: 'Serious' },
};

/** The state of a bastjänst or the central component on the status board. */
export const STATE_NAMES: Record<string, Texts> = {
  tillganglig: { sv: 'Tillgänglig', en: 'Available' },
  storning: { sv: 'Tillgänglig med störning', en: 'Available with disruption' },
  otillganglig: { sv: 'Otillgänglig', en: 'Unavailable' },
  underhall: { sv: 'Planerat underhåll pågår', en: 'Planned maintenance in progress' },
};

export const CENTRAL_COMPONENT: Texts = { sv: 'SSBTEK centrala komponent', en: 'SSBTEK central component' };

export const FEED_TITLE: Texts = { sv: 'SSBTEK driftinformation', en: 'SSBTEK service status' };
export const FEED_SUBTITLE: Texts = {
  sv: 'Driftstörningar och planerat underhåll i SSBTEK och dess bastjänster.',
  en: 'Disruptions and planned maintenance in SSBTEK and its base services.',
};
export const CALENDAR_NAME: Texts = { sv: 'SSBTEK servicefönster', en: 'SSBTEK service windows' };
export const PUBLISHER: Texts = { sv: 'SKR, förvaltning SSBTEK', en: 'SKR, SSBTEK service management' };

export function text(texts: Texts | undefined, language: Language): string {
  return texts ? texts[language] : '';
}
